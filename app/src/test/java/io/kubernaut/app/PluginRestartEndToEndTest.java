package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar compiled only against action-spi, dropped into the plugins directory, is in the catalog
 * after a restart, with the access and disruption class it declares, like a built-in.
 */
class PluginRestartEndToEndTest {

  @TempDir
  Path dataDir;

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonNode catalogOfAFreshOperator() throws Exception {
    try (Kubernaut k = Kubernaut.start(OperatorConfig.from(Map.of("KUBERNAUT_MODE", "embedded", "KUBERNAUT_HTTP_PORT", "0",
        "KUBERNAUT_DATA_DIR", dataDir.toString())), () -> true)) {
      var response = EmbeddedApp.send(k, "GET", "/api/v1/actions", null);
      assertThat(response.statusCode()).isEqualTo(200);
      return JSON.readTree(response.body()).path("actions");
    }
  }

  private static List<String> names(JsonNode actions) {
    List<String> names = new ArrayList<>();
    for (JsonNode a : actions) {
      names.add(a.path("name").asText() + "@" + a.path("source").asText());
    }
    return names;
  }

  private List<String> actionsOfAFreshOperator() throws Exception {
    return names(catalogOfAFreshOperator());
  }

  @Test
  void theExamplePluginDroppedIntoThePluginsDirectoryAppearsAfterARestart() throws Exception {
    assertThat(actionsOfAFreshOperator()).noneMatch(a -> a.startsWith("annotate_workload@"));

    Path built = Path.of(System.getProperty("kubernaut.examplePluginJar"));
    Path dir = Files.createDirectories(dataDir.resolve("plugins").resolve("example"));
    Files.copy(built, dir.resolve(built.getFileName()));

    JsonNode catalog = catalogOfAFreshOperator();
    assertThat(names(catalog)).anyMatch(a -> a.startsWith("annotate_workload@") && a.contains("example"));
    JsonNode annotate = null;
    for (JsonNode a : catalog) {
      annotate = a.path("name").asText().equals("annotate_workload") ? a : annotate;
    }
    assertThat(annotate.path("disruptionClass").asText()).isEqualTo("NONE");
    List<String> rules = new ArrayList<>();
    annotate.path("access").forEach(n -> rules.add(n.path("rule").asText()));
    assertThat(rules).contains("patch apps/deployments on the target (Deployment targets)")
        .hasSize(6).noneMatch(r -> r.contains("the target's resource"));
  }
}
