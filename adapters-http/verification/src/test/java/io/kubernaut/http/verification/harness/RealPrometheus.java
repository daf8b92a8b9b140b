package io.kubernaut.http.verification.harness;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A real Prometheus (Debian's {@code prometheus}) scraping one target every second and evaluating
 * the given alerting rules every second, optionally sending its alerts to an Alertmanager.
 */
public final class RealPrometheus extends MonitoringProcess {

  private RealPrometheus() {
    super("prometheus", "kubernaut-prometheus-");
  }

  /**
   * Skips the calling test when Debian's {@code prometheus} is absent (fails it when {@code CI} is
   * set): call it before starting what Prometheus would scrape.
   */
  public static void requireBinary() {
    binary("prometheus");
  }

  /**
   * Starts Prometheus and waits until it is ready.
   *
   * @param target the {@code host:port} to scrape (job {@code exporter}), e.g. a {@link GaugeExporter}'s
   * @param rules the body of a rule file ({@code groups: ...}), or empty for none
   * @param alertmanager where to send firing alerts, if anywhere
   */
  public static RealPrometheus start(String target, String rules, Optional<URI> alertmanager) {
    requireBinary();
    RealPrometheus prometheus = new RealPrometheus();
    try {
      StringBuilder config = new StringBuilder("""
          global:
            scrape_interval: 1s
            scrape_timeout: 900ms
            evaluation_interval: 1s
          scrape_configs:
            - job_name: exporter
              static_configs:
                - targets: ['%s']
          """.formatted(target));
      if (!rules.isBlank()) {
        write(prometheus.dir().resolve("rules.yml"), rules);
        config.append("rule_files: ['rules.yml']\n");
      }
      alertmanager.ifPresent(am -> config.append("""
          alerting:
            alertmanagers:
              - static_configs:
                  - targets: ['%s']
          """.formatted(am.getAuthority())));
      write(prometheus.dir().resolve("prometheus.yml"), config.toString());
      prometheus.launch(List.of("--config.file=prometheus.yml", "--storage.tsdb.path=data",
          "--storage.tsdb.retention.time=1h", "--web.listen-address=" + prometheus.listenAddress(),
          "--log.level=warn"));
      return prometheus;
    } catch (RuntimeException e) {
      prometheus.close();
      throw e;
    }
  }

  /** Scrapes {@code exporter}'s target with no rules and no Alertmanager. */
  public static RealPrometheus scraping(GaugeExporter exporter) {
    return start(exporter.target(), "", Optional.empty());
  }
}
