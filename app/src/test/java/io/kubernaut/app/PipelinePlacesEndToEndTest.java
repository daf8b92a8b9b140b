package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  private static Kubernaut kubernaut;
  private static KubernetesClient kube;
  private static com.sun.net.httpserver.HttpServer heldLlm;
  private static final CountDownLatch ANSWER = new CountDownLatch(1);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startWithOnePlace() throws Exception {
    // An LLM that answers (500, so the rule engine decides) only when the test lets it.
    heldLlm = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    heldLlm.createContext("/", exchange -> {
      try {
        ANSWER.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    heldLlm.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    heldLlm.start();
    kubernaut = Kubernaut.start(OperatorConfig.from(Map.of(
        "KUBERNAUT_MODE", "embedded", "KUBERNAUT_HTTP_PORT", "0", "KUBERNAUT_DATA_DIR", dataDir.toString(),
        "KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT", "1",
        "KUBERNAUT_INVESTIGATORS", "llm,rules", "KUBERNAUT_LLM_MODEL", "held",
        "KUBERNAUT_LLM_URL", "http://127.0.0.1:" + heldLlm.getAddress().getPort() + "/v1")), () -> true);
    kube = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(kubernaut.apiServerUrl()).build()).build();
  }

  @AfterAll
  static void stop() {
    ANSWER.countDown();
    if (kube != null) {
      kube.close();
    }
    if (kubernaut != null) {
      kubernaut.close();
    }
    if (heldLlm != null) {
      heldLlm.stop(0);
    }
  }

  private static String post(String fixture) throws Exception {
    String body;
    try (InputStream in = PipelinePlacesEndToEndTest.class.getResourceAsStream("/fixtures/alertmanager/" + fixture)) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + kubernaut.httpPort() + "/api/v1/signals/prometheus"))
        .header("Authorization", "Bearer " + kubernaut.apiToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new ObjectMapper().readTree(response.body()).path("results").get(0).path("remediation").asText();
  }

  private static AlertRemediation ar(String name) {
    return kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
  }

  private static Instant entered(AlertRemediation ar, String phase) {
    return ar.getStatus().getPhaseHistory().stream().filter(t -> t.getPhase().equals(phase))
        .map(PhaseTransition::getEnteredAt).map(Instant::parse).findFirst().orElseThrow();
  }

  @Test
  void aSecondRemediationWaitsQueuedWhileTheFirstHoldsTheOnlyPlaceAndStartsOnceTheFirstMovesOn() throws Exception {
    String first = post("crashlooping-firing.json");
    await().atMost(Duration.ofSeconds(20)).until(() -> ar(first).getStatus() != null
        && ar(first).getStatus().getPhase() == RemediationPhase.Analyzing);

    String second = post("oomkilled-batch.json");
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
    assertThat(kube.resources(AlertProcessing.class).inNamespace(NS).withName(second + "-processing").get()).isNull();
    assertThat(ar(first).getStatus().getPhase()).isEqualTo(RemediationPhase.Analyzing);

    Instant answered = Instant.now();
    ANSWER.countDown();

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
