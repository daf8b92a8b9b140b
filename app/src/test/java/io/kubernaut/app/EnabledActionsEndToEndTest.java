package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.plugin.host.ActionSelection;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code KUBERNAUT_ENABLED_ACTIONS} and {@code KUBERNAUT_ENABLED_PLUGINS}, as the chart sets them, shape the catalog. */
class EnabledActionsEndToEndTest {

  @TempDir
  Path dataDir;

  @Test
  void onlyTheEnabledActionsOfTheEnabledPluginsAreListedAndEachDisabledOneIsLoggedOnce() throws Exception {
    Path built = Path.of(System.getProperty("kubernaut.examplePluginJar"));
    Path example = Files.createDirectories(dataDir.resolve("plugins").resolve("example"));
    Files.copy(built, example.resolve(built.getFileName()));
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger selectionLog = (Logger) LoggerFactory.getLogger(ActionSelection.class);
    selectionLog.addAppender(log);
    log.start();

    try (EmbeddedApp app = EmbeddedApp.start(dataDir, Map.of(
        "KUBERNAUT_ENABLED_ACTIONS", "restart_pod,notify_only,annotate_workload",
        "KUBERNAUT_ENABLED_PLUGINS", "other"))) {
      HttpResponse<String> response = app.get("/api/v1/actions");
      assertThat(response.statusCode()).isEqualTo(200);
      List<String> names = new ArrayList<>();
      for (JsonNode a : EmbeddedApp.JSON.readTree(response.body()).path("actions")) {
        names.add(a.path("name").asText());
      }
      assertThat(names).as("annotate_workload is enabled, but its plugin is not")
          .containsExactlyInAnyOrder("restart_pod", "notify_only");
    } finally {
      selectionLog.detachAppender(log);
    }

    List<String> messages = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(messages).filteredOn(m -> m.startsWith("Action drain_node ")).singleElement().asString()
        .contains("is disabled");
    assertThat(messages).filteredOn(m -> m.contains("is disabled")).hasSize(15);
    assertThat(messages).anyMatch(m -> m.contains("KUBERNAUT_ENABLED_ACTIONS names [annotate_workload]"));
    assertThat(messages).anyMatch(m -> m.contains("KUBERNAUT_ENABLED_PLUGINS names [other]"));
  }
}
