package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in embedded mode, through to the API server: what it persists for a delivery, and what it does not. */
class GatewayIntakeEndToEndTest {

  @TempDir
  static Path dataDir;

  private static EmbeddedApp app;

  @BeforeAll
  static void start() {
    app = EmbeddedApp.start(dataDir, Map.of());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static List<AlertRemediation> remediationsOf(String alertName) {
    return app.kube.resources(AlertRemediation.class).inNamespace(EmbeddedApp.NAMESPACE).list().getItems().stream()
        .filter(ar -> alertName.equals(ar.getSpec().getAlertName())).toList();
  }

  @Test
  void aWatchdogAlertIsAnswered200IgnoredWithItsReasonAndCreatesNoAlertRemediation() throws Exception {
    HttpResponse<String> response = app.post("/api/v1/signals/prometheus", EmbeddedApp.fixture("watchdog-firing.json"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = EmbeddedApp.JSON.readTree(response.body()).path("results").get(0);
    assertThat(result.path("result").asText()).isEqualTo("ignored");
    assertThat(result.path("reason").asText()).isEqualTo("IgnoredAlertName");
    assertThat(result.path("message").asText()).contains("Watchdog");
    assertThat(remediationsOf("Watchdog")).isEmpty();
    assertThat(app.get("/metrics").body())
        .contains("kubernaut_signals_ignored_total{reason=\"IgnoredAlertName\",source=\"prometheus\"}");
  }

  @Test
  void aWebhookMixingWatchdogAndARealAlertCreatesTheRealOnesRemediationAndReportsWatchdogIgnored() throws Exception {
    HttpResponse<String> response = app.post("/api/v1/signals/prometheus",
        EmbeddedApp.fixture("watchdog-and-crashlooping.json"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode results = EmbeddedApp.JSON.readTree(response.body()).path("results");
    assertThat(results.get(0).path("result").asText()).isEqualTo("ignored");
    String remediation = results.get(1).path("remediation").asText();
    assertThat(remediation).startsWith("kubepodcrashlooping-");
    assertThat(app.remediation(remediation)).isNotNull();
    assertThat(remediationsOf("Watchdog")).isEmpty();
  }
}
