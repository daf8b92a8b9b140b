package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.http.verification.harness.RealPrometheus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's Grafana dashboard against a real Prometheus (Debian's, installed by {@code .ci/}) that
 * scrapes the embedded operator's {@code /metrics} after it has remediated, deduplicated and resolved
 * alerts: every panel's query is valid PromQL to Prometheus, and every metric it names is one the
 * operator exports, so a renamed metric cannot leave a panel silently empty. Skipped without the
 * binary, failed when {@code CI} is set.
 */
class DashboardQueriesTest {

  private static final Path DASHBOARD = Path.of("..", "charts", "kubernaut", "dashboards", "kubernaut.json");
  /**
   * Counters that exist only once their first event has happened, none of which a healthy embedded
   * run produces: such a metric must still be one the operator's code registers (checked in its sources).
   */
  private static final Map<String, String> COUNTED_ON_FIRST_EVENT = Map.of(
      "kubernaut_alert_storms_total", "an alert storm",
      "kubernaut_notification_delivery_failures_total", "a failed notification delivery",
      "kubernaut_alerts_truncated_total", "a delivery Alertmanager truncated (max_alerts)");
  private static final Pattern METRIC = Pattern.compile("\\b((?:kubernaut|jvm)_[a-z0-9_]+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dataDir;

  private static EmbeddedApp app;
  private static RealPrometheus prometheus;

  @BeforeAll
  static void start() {
    RealPrometheus.requireBinary();
    app = EmbeddedApp.start(dataDir, Map.of());
    prometheus = RealPrometheus.start("localhost:" + app.kubernaut.httpPort(), "", Optional.empty());
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void everyPanelQueryIsValidPromqlAndNamesOnlyMetricsTheOperatorExports() throws Exception {
    String name = app.postNewFixture("crashlooping-firing.json");
    app.postFixture("crashlooping-firing.json"); // a duplicate: the dedup counter
    await().atMost(Duration.ofSeconds(60)).until(() -> app.remediation(name).getStatus() != null
        && app.remediation(name).getStatus().getPhase() != null
        && app.remediation(name).getStatus().getPhase().isTerminal());
    await().atMost(Duration.ofSeconds(30)).until(() -> scrapedNames().contains("kubernaut_phase_duration_seconds_bucket"));

    List<String> queries = queries();
    assertThat(queries).as("the dashboard's queries").hasSizeGreaterThanOrEqualTo(10);
    for (String query : queries) {
      JsonNode answer = query(query);
      assertThat(answer.path("status").asText()).as("Prometheus on %s: %s", query, answer).isEqualTo("success");
    }
    Set<String> scraped = scrapedNames();
    Set<String> named = new TreeSet<>();
    queries.forEach(q -> {
      Matcher m = METRIC.matcher(q);
      while (m.find()) {
        named.add(m.group(1));
      }
    });
    String sources = mainSources();
    for (String metric : named) {
      if (COUNTED_ON_FIRST_EVENT.containsKey(metric)) {
        assertThat(sources).as("%s, counted at %s, is registered by the operator's code", metric,
            COUNTED_ON_FIRST_EVENT.get(metric)).contains("\"" + metric + "\"");
      } else {
        assertThat(scraped).as("metric %s of the dashboard, among those Prometheus scraped from the operator", metric)
            .contains(metric);
      }
    }
  }

  private static List<String> queries() throws Exception {
    JsonNode dashboard = EmbeddedApp.JSON.readTree(Files.readString(DASHBOARD));
    List<String> queries = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
    return queries;
  }

  private static JsonNode query(String promql) throws Exception {
    URI uri = URI.create(prometheus.url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return EmbeddedApp.JSON.readTree(response.body());
  }

  private static Set<String> scrapedNames() throws Exception {
    URI uri = URI.create(prometheus.url() + "/api/v1/label/__name__/values");
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    Set<String> names = new TreeSet<>();
    EmbeddedApp.JSON.readTree(response.body()).path("data").forEach(n -> names.add(n.asText()));
    return names;
  }

  /** The operator's main Java sources, every module's, as one text (build output and VCS skipped). */
  private static String mainSources() throws Exception {
    StringBuilder all = new StringBuilder();
    Files.walkFileTree(Path.of(".."), new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        return Set.of("target", "node_modules", ".git", "test").contains(name)
            ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a)
          throws java.io.IOException {
        if (file.toString().endsWith(".java") && file.toString().contains("/src/main/")) {
          all.append(Files.readString(file)).append('\n');
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
    return all.toString();
  }
}
