package io.kubernaut.http.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernaut.http.verification.VerificationSettings.Endpoint;
import io.kubernaut.http.verification.harness.GaugeExporter;
import io.kubernaut.http.verification.harness.RealAlertmanager;
import io.kubernaut.http.verification.harness.RealPrometheus;
import io.kubernaut.ports.verification.AlertActivity.State;
import io.kubernaut.ports.verification.Sample;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The whole chain the verification tests build on: a gauge the test sets, scraped by a real
 * Prometheus every second, an alerting rule evaluated every second, its alert sent to a real
 * Alertmanager, and both read back through the ports.
 */
class AlertingRuleChainTest {

  private static final String RULES = """
      groups:
        - name: demo
          interval: 1s
          rules:
            - alert: DemoCrashLooping
              expr: demo_restarts_increase > 0
              labels:
                severity: warning
      """;

  @Test
  void aBadGaugeFiresTheRuleIntoAlertmanagerAndAFixedOneResolvesIt() {
    try (GaugeExporter exporter = GaugeExporter.start();
         RealAlertmanager alertmanager = RealAlertmanager.start()) {
      exporter.set("demo_restarts_increase{namespace=\"shop\",pod=\"web-1\"}", 2);
      try (RealPrometheus prometheus = RealPrometheus.start(exporter.target(), RULES,
          Optional.of(alertmanager.url()))) {
        VerificationModule.Monitoring monitoring = VerificationModule.build(new VerificationSettings(
            Optional.of(Endpoint.of(prometheus.url())), Optional.of(Endpoint.of(alertmanager.url())), false,
            Duration.ofSeconds(5), VerificationSettings.Breaker.DEFAULT), Clock.systemUTC());
        Map<String, String> alert = Map.of("alertname", "DemoCrashLooping", "namespace", "shop", "pod", "web-1");

        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> monitoring.alerts().activity(alert).state() == State.ACTIVE);
        long firedAfter = (System.nanoTime() - started) / 1_000_000;
        assertThat(monitoring.metrics().query("ALERTS{alertname=\"DemoCrashLooping\",alertstate=\"firing\"}")
            .samples()).extracting(Sample::value).containsExactly(1.0);

        exporter.set("demo_restarts_increase{namespace=\"shop\",pod=\"web-1\"}", 0);
        long fixed = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> monitoring.alerts().activity(alert).state() == State.INACTIVE);
        long resolvedAfter = (System.nanoTime() - fixed) / 1_000_000;

        assertThat(monitoring.metrics().query("demo_restarts_increase").samples()).extracting(Sample::value)
            .as("fired %d ms after Prometheus was ready, resolved %d ms after the fix", firedAfter, resolvedAfter)
            .containsExactly(0.0);
        org.slf4j.LoggerFactory.getLogger(AlertingRuleChainTest.class)
            .info("Rule fired in Alertmanager {} ms after Prometheus was ready; resolved {} ms after the gauge was fixed",
                firedAfter, resolvedAfter);
      }
    }
  }
}
