package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deleting a remediation by hand, in embedded mode through the whole pipeline: what its executions
 * still count for the safety rules is kept, so the next remediation of the problem is held by the
 * cooldown its action started, not let through because the history went with the remediation.
 */
class SafetyHistoryEndToEndTest {

  // A short monitoring window and a low confidence gate, as in GatewayIntakeEndToEndTest: the first remediation
  // must end and run its action; whether the demo cluster's new pods turn ready in time is not the point.
  @RegisterExtension
  static final EmbeddedOperator operator = EmbeddedOperator.builder().safety("limits:\n  monitoringWindow: 2s\n")
      .config("gates.yaml", "minConfidence: 0.3\n").build();

  private static List<KubernetesExecution> executionsOf(EmbeddedApp app, String remediation) {
    return app.kube.resources(KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE).list().getItems().stream()
        .filter(k -> remediation.equals(k.getSpec().getRemediationRef().getName())).toList();
  }

  @Test
  void aRemediationDeletedByHandLeavesItsTargetInCooldownForTheNextRemediationOfTheProblem() throws Exception {
    EmbeddedApp app = operator.app();
    String first = app.postFixtureBody(EmbeddedApp.fixture("oomkilled-batch.json"));
    await().ignoreExceptions().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(app.remediation(first).getStatus().getPhase()).isEqualTo(RemediationPhase.Completed));
    List<KubernetesExecution> ran = executionsOf(app, first).stream()
        .filter(k -> k.getStatus() != null && k.getStatus().getPhase() == ExecutionPhase.Completed
            && !Boolean.TRUE.equals(k.getSpec().getDryRun()) && !k.getSpec().rollback()).toList();
    assertThat(ran).as("the first remediation acted").isNotEmpty();

    app.kube.resources(AlertRemediation.class).inNamespace(EmbeddedApp.NAMESPACE).withName(first).delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> app.remediation(first) == null && executionsOf(app, first).isEmpty());
    ConfigMap history = app.kube.configMaps().inNamespace(EmbeddedApp.NAMESPACE).withName("kubernaut-safety-history").get();
    assertThat(history).as("the safety history was written before the executions went").isNotNull();
    assertThat(history.getData()).containsKey(ran.get(0).getMetadata().getName() + "." + ran.get(0).getMetadata().getUid());

    // The problem fires again: a new remediation, which the deleted one's action still holds in cooldown.
    String second = app.postFixtureBody(EmbeddedApp.fixture("oomkilled-batch.json"));
    AlertRemediation blocked = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> app.remediation(second), ar -> ar != null && ar.getStatus() != null
            && ar.getStatus().getPhase() == RemediationPhase.Blocked);
    assertThat(blocked.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getReason()).isEqualTo("Cooldown");
      assertThat(c.getMessage()).contains(ran.get(0).getMetadata().getName());
    });
    assertThat(Instant.parse(blocked.getStatus().getBlockedUntil())).isAfter(Instant.now());
  }
}
