package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code routing.yaml} and {@code safety.yaml}'s protected namespaces decide the route in
 * AlertProcessing, in embedded mode through the whole pipeline (SPEC §4 routing "by environment ×
 * priority, configurable", and "skips ... protected targets"; SPEC §6 {@code rollbackStrategy}).
 */
class RoutingEndToEndTest {

  @RegisterExtension
  static final EmbeddedOperator operator = EmbeddedOperator.builder()
      .config("routing.yaml", """
          paths:
            staging: {P1: recommend-only}
          rollbackStrategy:
            production: manual
          """)
      .safety("protectedNamespaces: [kube-system, kube-public, vault]\n")
      .build();

  private static AlertRemediation ended(EmbeddedApp app, String name) {
    return await().atMost(Duration.ofSeconds(60)).until(() -> app.remediation(name),
        r -> r.getStatus() != null && r.getStatus().getPhase() != null && r.getStatus().getPhase().isTerminal());
  }

  private static AlertProcessing processing(EmbeddedApp app, String name) {
    return app.kube.resources(AlertProcessing.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withName(ChildKind.PROCESSING.childName(name)).get();
  }

  private static WorkflowExecution workflow(EmbeddedApp app, String name) {
    return app.kube.resources(WorkflowExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withName(ChildKind.WORKFLOW.childName(name)).get();
  }

  @Test
  void aStagingP1AlertRoutedRecommendOnlyEndsForManualReviewWithoutAWorkflow() throws Exception {
    EmbeddedApp app = operator.app();
    // payments-staging is labelled staging; the OOM kills are critical: staging P1.
    String name = app.postFixture("oomkilled-batch.json");

    AlertRemediation ar = ended(app, name);

    AlertProcessing ap = processing(app, name);
    assertThat(ap.getStatus().getPriority()).isEqualTo("P1");
    assertThat(ap.getStatus().getPath()).isEqualTo(RemediationPath.RECOMMEND_ONLY);
    assertThat(ap.getStatus().getRoutingReason()).isEqualTo("staging P1 alerts take the RECOMMEND_ONLY path");
    assertThat(ar.getStatus().getPhase()).isEqualTo(RemediationPhase.Completed);
    assertThat(ar.getStatus().getOutcome()).isEqualTo("ManualReviewRequired");
    assertThat(workflow(app, name)).as("nothing was executed").isNull();
  }

  @Test
  void anAlertInANamespaceSafetyYamlProtectsIsSkippedAtRoutingAndNeverAnalysed() throws Exception {
    EmbeddedApp app = operator.app();
    app.kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("vault")
        .addToLabels("kubernaut.io/environment", "production").endMetadata().build()).create();
    String alert = EmbeddedApp.fixture("crashlooping-firing.json").replace("shop-prod", "vault")
        .replace("KubePodCrashLooping", "VaultCrashLooping");

    String name = app.postFixtureBody(alert);
    AlertRemediation ar = ended(app, name);

    AlertProcessing ap = processing(app, name);
    assertThat(ap.getStatus().getPath()).isEqualTo(RemediationPath.SKIPPED);
    assertThat(ap.getStatus().getRoutingReason()).isEqualTo("namespace vault is protected and never remediated");
    assertThat(ar.getStatus().getPhase()).isEqualTo(RemediationPhase.Completed);
    assertThat(ar.getStatus().getOutcome()).isEqualTo("NotManaged");
    assertThat(app.analysis(name)).as("never analysed").isNull();
    assertThat(workflow(app, name)).isNull();
  }

  @Test
  void theProductionRollbackStrategyReachesTheWorkflowItsRemediationBuilds() throws Exception {
    EmbeddedApp app = operator.app();
    // shop-prod's checkout, warning: production P1, automatic.
    String name = app.postFixture("crashlooping-firing.json");

    WorkflowExecution wfe = await().atMost(Duration.ofSeconds(60)).until(() -> workflow(app, name),
        w -> w != null && w.getStatus() != null && w.getStatus().getPhase() != null);
    AlertRemediation ar = ended(app, name);

    assertThat(processing(app, name).getStatus().getRollbackStrategy()).isEqualTo("manual");
    assertThat(wfe.getSpec().getRollbackStrategy()).isEqualTo("manual");
    assertThat(ar.getStatus().getPhase()).as(ar.getStatus().getMessage()).isEqualTo(RemediationPhase.Completed);
    assertThat(workflow(app, name).getStatus().getConditions())
        .as("the workflow the remediation built is its own, so it is not refused")
        .noneSatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
  }
}
