package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DONE-WHEN in embedded mode, as a new user would try it: the staging OOMKilled batch
 * ends with its AlertRemediation Completed, its KubernetesExecution Completed and payments-api's
 * memory limit really raised; the action catalog lists the built-ins.
 */
class ExecutionEndToEndTest {

  static final String NS = "kubernaut-system";

  /** A short monitoring window keeps the test quick; its verdict (the demo pods may not be ready yet) is not asserted. */
  @RegisterExtension
  static final EmbeddedOperator operator = EmbeddedOperator.builder().safety("limits:\n  monitoringWindow: 2s\n").build();

  /** Posts the Alertmanager payload {@code fixture}; the AlertRemediation its first alert created (201). */
  private static String created(String fixture) throws Exception {
    HttpResponse<String> posted = operator.app().post("/api/v1/signals/prometheus", EmbeddedApp.fixture(fixture));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    return EmbeddedApp.JSON.readTree(posted.body()).path("results").get(0).path("remediation").asText();
  }

  @Test
  void theOomKilledBatchEndsCompletedWithItsExecutionCompletedAndTheMemoryLimitRaised() throws Exception {
    KubernetesClient kube = operator.app().kube;
    String ar = created("oomkilled-batch.json");

    awaitAnalysisCompletedByTheController(ar);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      AlertRemediation current = kube.resources(AlertRemediation.class).inNamespace(NS).withName(ar).get();
      assertThat(current.getStatus().getPhase()).as(current.getStatus().getMessage()).isEqualTo(RemediationPhase.Completed);
    });
    WorkflowExecution wfe = kube.resources(WorkflowExecution.class).inNamespace(NS).withName(ar + "-workflow").get();
    assertThat(wfe.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Planning", "Validating", "Executing", "Monitoring", "Completed");
    assertThat(wfe.getStatus().getProgress()).isEqualTo("1/1");
    assertThat(wfe.getStatus().getOutcome()).isNotNull();
    List<KubernetesExecution> executions = kube.resources(KubernetesExecution.class).inNamespace(NS)
        .withLabel("kubernaut.io/remediation", ar).list().getItems();
    assertThat(executions).singleElement().satisfies(kex -> {
      assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
      assertThat(kex.getSpec().getAction()).isEqualTo("increase_resources");
      assertThat(kex.getStatus().getAttempts()).isEqualTo(1);
      assertThat(kex.getStatus().getRollbackData()).containsEntry("previousMemoryLimit", "128Mi");
      assertThat(kex.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getName()).isEqualTo(ar + "-workflow"));
    });
    Deployment api = kube.apps().deployments().inNamespace("payments-staging").withName("payments-api").get();
    Quantity memory = api.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory");
    assertThat(Quantity.getAmountInBytes(memory)).isGreaterThan(Quantity.getAmountInBytes(new Quantity("128Mi")));

    String metrics = operator.app().get("/metrics").body();
    assertThat(metrics)
        .contains("kubernaut_actions_total{action=\"increase_resources\",outcome=\"SUCCEEDED\"}")
        .contains("kubernaut_phase_transitions_total{kind=\"AlertRemediation\",phase=\"Completed\"}")
        .contains("kubernaut_phase_duration_seconds_bucket{kind=\"AlertRemediation\",phase=\"Executing\",le=")
        .containsPattern("kubernaut_remediations\\{phase=\"Completed\"\\} [1-9]")
        .containsPattern("(?m)^kubernaut_events_dropped_total 0\\.0$");
  }

  @Test
  void theActionCatalogListsAtLeastFifteenActionsWithVersionRiskAndSource() throws Exception {
    HttpResponse<String> response = operator.app().get("/api/v1/actions");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode actions = EmbeddedApp.JSON.readTree(response.body()).path("actions");
    assertThat(actions.size()).isGreaterThanOrEqualTo(15);
    List<String> names = new ArrayList<>();
    actions.forEach(a -> names.add(a.path("name").asText()));
    assertThat(names).contains("increase_resources", "drain_node", "notify_only").doesNotContain("annotate_workload");
    assertThat(actions.get(0).path("source").asText()).contains("kubernaut-actions-builtin");
    assertThat(actions.get(0).path("risk").asText()).isIn("LOW", "MEDIUM", "HIGH");
  }

  /**
   * The AIAnalysis controller itself completes the analysis with the rule-based investigator's
   * increase_resources: a late or missing controller fails the test here.
   */
  private static void awaitAnalysisCompletedByTheController(String ar) {
    AIAnalysis aia = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> operator.app().analysis(ar),
            a -> a != null && a.getStatus() != null && a.getStatus().getPhase() == AnalysisPhase.Completed);
    assertThat(aia.getStatus().getInvestigator()).isEqualTo("rules");
    assertThat(aia.getStatus().getRecommendations()).extracting(Recommendation::action).containsExactly("increase_resources");
    assertThat(aia.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Investigating", "Analyzing", "Recommending", "Completed");
  }

  @Test
  void aHandMadeWorkflowExecutionNamingARealRemediationIsRefusedBeforeAnythingRuns() throws Exception {
    KubernetesClient kube = operator.app().kube;
    String ar = created("crashlooping-firing.json");
    Integer replicas = kube.apps().deployments().inNamespace("shop-prod").withName("checkout").get().getSpec().getReplicas();
    // Its own steps and a development environment, under the remediation's name but without its owner reference.
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("sneaky-workflow").withNamespace(NS)
        .build());
    var spec = new io.kubernaut.k8s.crd.WorkflowExecutionSpec();
    spec.setRemediationRef(new io.kubernaut.k8s.crd.RemediationRef(ar));
    spec.setEnvironment("development");
    spec.setTarget(new io.kubernaut.k8s.crd.ObjectRef("Deployment", "shop-prod", "checkout"));
    spec.setSteps(List.of(new Recommendation("1", "scale_deployment",
        new io.kubernaut.ports.signal.TargetRef("Deployment", "shop-prod", "checkout"), java.util.Map.of("replicas", "9"),
        0.99, "LOW", "hand-made", List.of())));
    spec.setRollbackStrategy("none");
    wfe.setSpec(spec);
    kube.resource(wfe).create();

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      WorkflowExecution seen = kube.resources(WorkflowExecution.class).inNamespace(NS).withName("sneaky-workflow").get();
      assertThat(seen.getStatus()).isNotNull();
      assertThat(seen.getStatus().getPhase()).isEqualTo(io.kubernaut.ports.pipeline.WorkflowPhase.Failed);
      assertThat(seen.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
      assertThat(seen.getStatus().getMessage()).contains("not the workflow its remediation built");
    });
    assertThat(kube.resources(KubernetesExecution.class).inNamespace(NS).list().getItems())
        .noneSatisfy(k -> assertThat(k.getSpec().getWorkflow()).isEqualTo("sneaky-workflow"));
    assertThat(kube.apps().deployments().inNamespace("shop-prod").withName("checkout").get().getSpec().getReplicas())
        .as("nothing was scaled").isEqualTo(replicas);
  }

  @Test
  void aHandMadeKubernetesExecutionDeletingAPodInKubeSystemIsRejectedAndThePodStays() throws Exception {
    KubernetesClient kube = operator.app().kube;
    if (kube.namespaces().withName("kube-system").get() == null) {
      kube.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
          .withName("kube-system").endMetadata().build()).create();
    }
    kube.pods().inNamespace("kube-system").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
        .withName("coredns-1").withNamespace("kube-system").endMetadata().build()).create();
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("sneaky-delete").withNamespace(NS).build());
    var spec = new io.kubernaut.k8s.crd.KubernetesExecutionSpec();
    spec.setRemediationRef(new io.kubernaut.k8s.crd.RemediationRef("nobody"));
    spec.setWorkflow("nobody-workflow");
    spec.setStep("1");
    spec.setAction("delete_pod");
    spec.setTarget(new io.kubernaut.k8s.crd.ObjectRef("Pod", "kube-system", "coredns-1"));
    kex.setSpec(spec);
    kube.resource(kex).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      KubernetesExecution seen = kube.resources(KubernetesExecution.class).inNamespace(NS).withName("sneaky-delete").get();
      assertThat(seen.getStatus()).isNotNull();
      assertThat(seen.getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
      assertThat(seen.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    });
    assertThat(kube.pods().inNamespace("kube-system").withName("coredns-1").get()).as("nothing was run").isNotNull();
    assertThat(kube.resources(KubernetesExecution.class).inNamespace(NS).withName("sneaky-delete").get().getStatus()
        .getAttempts()).isNull();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kube.v1().events().inNamespace(NS).list()
        .getItems()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Rejected")));
    // It names no remediation that exists: its refusal is in the audit trail (PostgreSQL) under an id of its own.
    String id = io.kubernaut.k8s.status.Children.unownedId("KubernetesExecution", NS, "sneaky-delete");
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      HttpResponse<String> audited = operator.app().get("/api/v1/audit/events?type=BLOCK&remediation=" + id);
      assertThat(audited.statusCode()).as(audited.body()).isEqualTo(200);
      assertThat(audited.body()).contains("\"" + id + "/refusal/KubernetesExecution/sneaky-delete\"")
          .contains("\"rule\":\"Rejected\"").contains("\"resourceName\":\"sneaky-delete\"");
    });
  }
}
