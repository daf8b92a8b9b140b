package io.kubernaut.app;

import io.kubernaut.http.verification.harness.GaugeExporter;
import io.kubernaut.http.verification.harness.MonitoringProcess;
import io.kubernaut.http.verification.harness.RealAlertmanager;
import io.kubernaut.http.verification.harness.RealPrometheus;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An embedded operator wired to a real monitoring stack, for end-to-end tests of verification and
 * silences: a {@link GaugeExporter} the test controls, a real Prometheus scraping it and evaluating
 * {@code rules} every second, a real Alertmanager that receives Prometheus's alerts (and the
 * test's) and delivers them through a {@link WebhookRelay} to the operator's gateway with the
 * ingest token and {@code send_resolved: true}, and the operator configured with both URLs and
 * silences on. Skipped when the binaries are absent (a failure when {@code CI} is set).
 */
final class MonitoringStack implements AutoCloseable {

  static final String SIGNAL_PATH = "/api/v1/signals/prometheus";

  final String ingestToken = "am-ingest-" + UUID.randomUUID();
  final WebhookRelay relay;
  final RealAlertmanager alertmanager;
  final GaugeExporter exporter;
  final RealPrometheus prometheus;
  final EmbeddedApp app;

  private MonitoringStack(Path dataDir, String rules, Map<String, String> env) {
    MonitoringProcess.requireBinaries();
    WebhookRelay startedRelay = null;
    RealAlertmanager startedAlertmanager = null;
    GaugeExporter startedExporter = null;
    RealPrometheus startedPrometheus = null;
    try {
      startedRelay = new WebhookRelay(SIGNAL_PATH);
      startedAlertmanager = RealAlertmanager.start(Optional.of(startedRelay.url()), ingestToken);
      startedExporter = GaugeExporter.start();
      startedPrometheus = RealPrometheus.start(startedExporter.target(), rules, Optional.of(startedAlertmanager.url()));
      Map<String, String> all = new HashMap<>(Map.of("KUBERNAUT_INGEST_TOKEN", ingestToken,
          "KUBERNAUT_PROMETHEUS_URL", startedPrometheus.url().toString(),
          "KUBERNAUT_ALERTMANAGER_URL", startedAlertmanager.url().toString(), "KUBERNAUT_SILENCES", "true"));
      all.putAll(env);
      this.app = EmbeddedApp.start(dataDir, all);
    } catch (RuntimeException e) {
      for (AutoCloseable started : new AutoCloseable[] {startedPrometheus, startedExporter, startedAlertmanager,
          startedRelay}) {
        closeQuietly(started);
      }
      throw e;
    }
    this.relay = startedRelay;
    this.alertmanager = startedAlertmanager;
    this.exporter = startedExporter;
    this.prometheus = startedPrometheus;
    relay.forwardTo(URI.create("http://127.0.0.1:" + app.kubernaut.httpPort() + SIGNAL_PATH));
  }

  /**
   * Starts the stack.
   *
   * @param dataDir the operator's data directory
   * @param rules Prometheus alerting rules ({@code groups: ...}), or empty for none
   * @param env further operator settings (they win over the stack's)
   */
  static MonitoringStack start(Path dataDir, String rules, Map<String, String> env) {
    return new MonitoringStack(dataDir, rules, env);
  }

  @Override
  public void close() {
    closeQuietly(app);
    closeQuietly(prometheus);
    closeQuietly(exporter);
    closeQuietly(alertmanager);
    closeQuietly(relay);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(MonitoringStack.class).warn("could not stop {}", closeable, e);
    }
  }
}
