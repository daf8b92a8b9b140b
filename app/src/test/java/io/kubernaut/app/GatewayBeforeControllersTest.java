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
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ListHold hold = new ListHold("alertprocessings");
    try (KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), NS, 0);
        KubernetesConnection held = KubernetesConnection.at(api.url(), http -> http.addOrReplaceInterceptor("hold", hold))) {
      CompletableFuture<Kubernaut> starting = CompletableFuture.supplyAsync(() -> Kubernaut.startClusterModeOn(
          OperatorConfig.from(Map.of("KUBERNAUT_MODE", "cluster", "KUBERNAUT_HTTP_PORT", String.valueOf(port),
              "KUBERNAUT_DATA_DIR", dir.resolve("op").toString(), "KUBERNAUT_API_TOKEN", TOKEN,
              "KUBERNAUT_NAMESPACE", NS, "KUBERNAUT_LEADER_ELECTION", "false")), held));
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

        HttpResponse<String> answer = HTTP.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/signals/prometheus"))
            .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(EmbeddedApp.fixture("oomkilled-batch.json")))
            .build(), HttpResponse.BodyHandlers.ofString());
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

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
