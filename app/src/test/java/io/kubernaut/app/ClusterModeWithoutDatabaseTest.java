package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.k8s.KubernetesConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's default leaves {@code database.url} empty: cluster mode with no audit database. */
class ClusterModeWithoutDatabaseTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void podsBecomeReadyAndDegradedAndAcceptAlertsWhenNoDatabaseUrlIsSet() throws Exception {
    try (KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), "kubernaut-system", 0);
        Kubernaut k = Kubernaut.startClusterModeOn(OperatorConfig.from(Map.of("KUBERNAUT_MODE", "cluster",
            "KUBERNAUT_HTTP_PORT", "0", "KUBERNAUT_DATA_DIR", dir.resolve("op").toString(),
            "KUBERNAUT_API_TOKEN", "ingest", "KUBERNAUT_NAMESPACE", "kubernaut-system",
            "KUBERNAUT_LEADER_ELECTION", "false")), api)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> EmbeddedApp.send(k, "GET", "/readyz", null).statusCode() == 200);
      JsonNode ready = JSON.readTree(EmbeddedApp.send(k, "GET", "/readyz", null).body());

      assertThat(ready.path("status").asText()).isEqualTo("DEGRADED");
      assertThat(ready.path("components").path("database").path("ready").asBoolean()).isFalse();
      assertThat(ready.path("components").path("database").path("detail").asText()).contains("KUBERNAUT_DB_URL");
      assertThat(ready.path("components").path("kubernetes").path("ready").asBoolean()).isTrue();
      java.net.http.HttpResponse<String> created = EmbeddedApp.postAlerts(k, EmbeddedApp.fixture("oomkilled-batch.json"));
      assertThat(created.statusCode()).isEqualTo(201);
      // No audit trail remembers or frees a name: the first remediation of a problem has the first name.
      assertThat(JSON.readTree(created.body()).path("results").get(0).path("remediation").asText())
          .matches("kubecontaineroomkilled-[0-9a-f]{10}");
      assertThat(dir.resolve("op").resolve("postgres")).doesNotExist();
    }
  }
}
