package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's places through the running embedded operator with one place
 * ({@code KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT=1}): while the first remediation's analysis waits on an
 * LLM that does not answer, a second one waits in Pending (Queued) with nothing created; once the
 * LLM answers and the first moves on, the second starts by itself.
 */
class PipelinePlacesEndToEndTest {

  private static final String NS = "kubernaut-system";

  @TempDir
  static Path dataDir;

  private static HeldLlm llm;
  private static EmbeddedApp app;

  @BeforeAll
  static void startWithOnePlace() throws Exception {
    llm = new HeldLlm(Duration.ofSeconds(60));
    Map<String, String> settings = new HashMap<>(llm.settings());
    settings.put("KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT", "1");
    app = EmbeddedApp.start(dataDir, settings);
  }

  @AfterAll
  static void stop() {
    if (llm != null) {
      llm.release();
    }
    if (app != null) {
      app.close();
    }
    if (llm != null) {
      llm.close();
    }
  }

  private static AlertRemediation ar(String name) {
    return app.remediation(name);
  }

  private static Instant entered(AlertRemediation ar, String phase) {
    return ar.getStatus().getPhaseHistory().stream().filter(t -> t.getPhase().equals(phase))
        .map(PhaseTransition::getEnteredAt).map(Instant::parse).findFirst().orElseThrow();
  }

  @Test
  void aSecondRemediationWaitsQueuedWhileTheFirstHoldsTheOnlyPlaceAndStartsOnceTheFirstMovesOn() throws Exception {
    String first = app.postNewFixture("crashlooping-firing.json");
    await().atMost(Duration.ofSeconds(20)).until(() -> ar(first).getStatus() != null
        && ar(first).getStatus().getPhase() == RemediationPhase.Analyzing);

    String second = app.postNewFixture("oomkilled-batch.json");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      AlertRemediation waiting = ar(second);
      assertThat(waiting.getStatus().getPhase()).isEqualTo(RemediationPhase.Pending);
      assertThat(waiting.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getReason()).isEqualTo("Queued");
        assertThat(c.getMessage()).contains("waits for a place in the pipeline: 1 remediations are working and 1 may "
            + "at once (KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT); it is next.");
      });
    });
    Thread.sleep(1_000); // Still waiting a second later, and nothing made for it.
    assertThat(ar(second).getStatus().getPhase()).isEqualTo(RemediationPhase.Pending);
    assertThat(app.get("/metrics").body()).as("the line is visible to Prometheus").contains(
        "kubernaut_pipeline_places_in_use 1.0", "kubernaut_pipeline_places 1.0",
        "kubernaut_remediations{phase=\"Pending\"} 1.0");
    assertThat(app.kube.resources(AlertProcessing.class).inNamespace(NS).withName(second + "-processing").get()).isNull();
    assertThat(ar(first).getStatus().getPhase()).isEqualTo(RemediationPhase.Analyzing);

    Instant answered = Instant.now();
    llm.release();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      AlertRemediation started = ar(second);
      assertThat(started.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
          .startsWith("Pending", "Processing");
      assertThat(entered(started, "Processing")).isAfterOrEqualTo(answered.minusSeconds(1));
      AlertRemediation moved = ar(first);
      assertThat(moved.getStatus().getPhase()).isNotEqualTo(RemediationPhase.Analyzing);
      // The second started only once the first gave up its place: it left analysis.
      assertThat(entered(started, "Processing")).isAfterOrEqualTo(moved.getStatus().getPhaseHistory().get(2).getEnteredAt()
          == null ? Instant.EPOCH : Instant.parse(moved.getStatus().getPhaseHistory().get(2).getEnteredAt()));
    });
  }
}
