package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of {@code kubernaut-config} that shortens a timeout applies to the remediations already waiting,
 * from the change on: each one's next reconcile had been scheduled at the deadline of the policy before.
 */
class PolicyChangeEndToEndTest {

  @TempDir
  static Path dataDir;

  private static EmbeddedApp app;

  @BeforeAll
  static void start() {
    app = EmbeddedApp.start(dataDir, Map.of());
    ConfigMap written = app.kube.resource(new ConfigMapBuilder().withNewMetadata().withName("kubernaut-config")
        .withNamespace(EmbeddedApp.NAMESPACE).endMetadata()
        .addToData("gates.yaml", "minConfidence: 0.7\nproductionApprovalConfidence: 0.9\n").build()).create();
    EmbeddedApp.awaitApplied(app.kube, written);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void anApprovalTimeoutShortenedWhileARemediationWaitsExpiresItsApprovalAtOnce() throws Exception {
    JsonNode result = EmbeddedApp.JSON.readTree(app.post("/api/v1/signals/prometheus",
        EmbeddedApp.fixture("crashlooping-firing.json")).body()).path("results").get(0);
    assertThat(result.path("result").asText()).isEqualTo("created");
    String name = result.path("remediation").asText();
    AlertRemediation waiting = await().atMost(Duration.ofSeconds(20)).until(() -> app.remediation(name),
        ar -> ar.getStatus() != null && ar.getStatus().getPhase() == RemediationPhase.AwaitingApproval);
    Instant asked = Instant.parse(waiting.getStatus().getPhaseHistory().get(waiting.getStatus().getPhaseHistory().size() - 1)
        .getEnteredAt());
    // It has waited longer than the timeout about to be set: under the policy before it waits 15 minutes.
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(asked.plusSeconds(2)));

    ConfigMap shortened = app.kube.configMaps().inNamespace(EmbeddedApp.NAMESPACE).withName("kubernaut-config")
        .edit(cm -> new ConfigMapBuilder(cm).addToData("timeouts.yaml", "phases:\n  approval: 1s\n").build());
    EmbeddedApp.awaitApplied(app.kube, shortened);

    AlertRemediation expired = await().atMost(Duration.ofSeconds(20)).until(() -> app.remediation(name),
        ar -> ar.getStatus().getPhase() == RemediationPhase.Failed);
    assertThat(expired.getStatus().getOutcome()).isEqualTo("ApprovalExpired");
    assertThat(expired.getStatus().getMessage()).contains("expired after 1 s;");
  }
}
