package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.testing.ListHold;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica takes alerts before its controllers have listed the remediations in flight (thousands
 * of them take seconds): {@code /readyz} is 200 and DEGRADED meanwhile, an alert is answered 201
 * once its AlertRemediation is persisted, and the pipeline takes it up once the controllers have
 * listed. The controllers' list is held here by an interceptor on the operator's client.
 */
class GatewayBeforeControllersTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String NS = "kubernaut-system";
  private static final String TOKEN = "ingest";

  @TempDir
  Path dir;

  @Test
  void alertsArePersistedWhileTheControllersListAndThePipelineTakesThemUpOnceListed() throws Exception {
    int port = freePort();
    ListHold hold = new ListHold("alertprocessings");
    try (KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), NS, 0);
        KubernetesConnection held = KubernetesConnection.at(api.url(), http -> http.addOrReplaceInterceptor("hold", hold))) {
      CompletableFuture<Kubernaut> starting = start(port, held, serving -> { });
      try {
        assertThat(hold.reached(30)).as("the controllers began to list").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/readyz").statusCode() == 200);

        JsonNode ready = JSON.readTree(get(port, "/readyz").body());
        assertThat(ready.path("components").path("kubernetes").path("ready").asBoolean()).isTrue();
        assertThat(ready.path("components").path("controllers").path("ready").asBoolean()).isFalse();
        assertThat(ready.path("components").path("controllers").path("detail").asText())
            .contains("listing the remediations in flight");
        assertThat(ready.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(starting).as("the start returns once the controllers have listed").isNotDone();

        HttpResponse<String> answer = postAlert(port);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        String name = JSON.readTree(answer.body()).path("results").get(0).path("remediation").asText();
        assertThat(api.client().resources(AlertRemediation.class).inNamespace(NS).withName(name).get())
            .as("persisted before the answer").isNotNull();
        assertThat(hold.holding()).as("still held").isTrue();
      } finally {
        hold.release();
      }

      try (Kubernaut k = starting.get(60, TimeUnit.SECONDS)) {
        JsonNode ready = JSON.readTree(get(k.httpPort(), "/readyz").body());
        assertThat(ready.path("components").path("controllers").path("ready").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.client().resources(AlertProcessing.class).inNamespace(NS)
            .list().getItems().stream().anyMatch(ap -> ap.getStatus() != null && ap.getStatus().getPhase() != null));
      }
    }
  }

  /**
   * A SIGTERM while the controllers list (a rolling update with thousands of remediations in flight)
   * stops the replica gracefully, as after its start: {@link Main} registers the stop once the HTTP
   * server answers. The stop drains the gateway, waits for the controllers' start to end, and the
   * start then returns the stopped operator instead of going on.
   */
  @Test
  void aStopWhileTheControllersListDrainsTheGatewayAndEndsTheStart() throws Exception {
    int port = freePort();
    ListHold hold = new ListHold("alertprocessings");
    try (KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), NS, 0);
        KubernetesConnection held = KubernetesConnection.at(api.url(), http -> http.addOrReplaceInterceptor("hold", hold))) {
      CompletableFuture<Kubernaut> serving = new CompletableFuture<>();
      CompletableFuture<Kubernaut> starting = start(port, held, serving::complete);
      CompletableFuture<Void> stopping;
      Kubernaut operator;
      String name;
      try {
        assertThat(hold.reached(30)).as("the controllers began to list").isTrue();
        operator = serving.get(30, TimeUnit.SECONDS);
        assertThat(operator.httpPort()).isEqualTo(port);
        HttpResponse<String> answer = postAlert(port);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        name = JSON.readTree(answer.body()).path("results").get(0).path("remediation").asText();

        stopping = CompletableFuture.runAsync(operator::close); // as Main's shutdown hook does on SIGTERM
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness(port) != 200);
        // The drain takes 0.5 s; then the stop waits for the controllers' start, which the held list holds.
        assertThat(stopping).as("the stop waits for the controllers' start to end")
            .failsWithin(Duration.ofSeconds(2)).withThrowableOfType(java.util.concurrent.TimeoutException.class);
        assertThat(starting).isNotDone();
        assertThat(api.client().resources(AlertRemediation.class).inNamespace(NS).withName(name).get())
            .as("the alert taken before the stop").isNotNull();
      } finally {
        hold.release();
      }

      stopping.get(60, TimeUnit.SECONDS);
      Kubernaut started = starting.get(60, TimeUnit.SECONDS);
      assertThat(started).as("the start returns the stopped operator").isSameAs(operator);
      assertThat(started.isClosed()).isTrue();
      assertThat(readiness(port)).as("the HTTP server is closed").isEqualTo(-1);
      AlertRemediation after = api.client().resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
      after.getMetadata().setResourceVersion(null);
      after.getMetadata().setUid(null);
      after.getMetadata().setName(name + "-after-stop");
      after.setStatus(null);
      api.client().resource(after).create();
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> api.client()
          .resources(AlertProcessing.class).inNamespace(NS).list().getItems().stream()
          .noneMatch(ap -> ap.getMetadata().getName().startsWith(name + "-after-stop")));
      assertThat(CompletableFuture.runAsync(started::close)).as("a second stop returns at once")
          .succeedsWithin(Duration.ofSeconds(1));
    }
  }

  /** A cluster-mode operator starting on {@code held}, without a database; {@code serving} as in {@link Kubernaut#start}. */
  private CompletableFuture<Kubernaut> start(int port, KubernetesConnection held, Consumer<Kubernaut> serving) {
    return CompletableFuture.supplyAsync(() -> Kubernaut.startClusterModeOn(
        OperatorConfig.from(Map.of("KUBERNAUT_MODE", "cluster", "KUBERNAUT_HTTP_PORT", String.valueOf(port),
            "KUBERNAUT_DATA_DIR", dir.resolve("op").toString(), "KUBERNAUT_API_TOKEN", TOKEN,
            "KUBERNAUT_NAMESPACE", NS, "KUBERNAUT_LEADER_ELECTION", "false")), held, serving));
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static HttpResponse<String> postAlert(int port) throws Exception {
    return HTTP.send(java.net.http.HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/v1/signals/prometheus"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(EmbeddedApp.fixture("oomkilled-batch.json")))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status of {@code /readyz}, or -1 when nothing answers. */
  private static int readiness(int port) {
    try {
      return get(port, "/readyz").statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
