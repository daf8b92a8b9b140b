package io.kubernaut.http.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernaut.http.verification.VerificationSettings.Endpoint;
import io.kubernaut.http.verification.harness.GaugeExporter;
import io.kubernaut.http.verification.harness.RealPrometheus;
import io.kubernaut.ports.out.MetricsReader;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.QueryAnswer.Availability;
import io.kubernaut.ports.verification.Sample;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metrics reader against a real Prometheus scraping a gauge the test sets. */
class PrometheusMetricsReaderTest {

  private static GaugeExporter exporter;
  private static RealPrometheus prometheus;
  private static MetricsReader metrics;

  @BeforeAll
  static void startPrometheus() {
    exporter = GaugeExporter.start().set("demo_restarts{namespace=\"shop\",pod=\"web-1\"}", 3)
        .set("demo_restarts{namespace=\"shop\",pod=\"web-2\"}", 0);
    prometheus = RealPrometheus.scraping(exporter);
    metrics = VerificationModule.build(new VerificationSettings(Optional.of(Endpoint.of(prometheus.url())),
        Optional.empty(), false, Duration.ofSeconds(5), VerificationSettings.Breaker.DEFAULT), Clock.systemUTC())
        .metrics();
    await().atMost(Duration.ofSeconds(30)).until(() -> metrics.query("demo_restarts").samples().size() == 2);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (exporter != null) {
      exporter.close();
    }
  }

  @Test
  void theGaugeTheExporterServesIsReadBackWithItsLabels() {
    QueryAnswer answer = metrics.query("demo_restarts{namespace=\"shop\",pod=\"web-1\"}");

    assertThat(answer.availability()).isEqualTo(Availability.ANSWERED);
    assertThat(answer.samples()).singleElement().satisfies(s -> {
      assertThat(s.value()).isEqualTo(3.0);
      assertThat(s.labels()).containsEntry("namespace", "shop").containsEntry("pod", "web-1")
          .containsEntry("job", "exporter").containsEntry("__name__", "demo_restarts");
    });
  }

  @Test
  void aChangedGaugeIsReadAfterTheNextScrape() {
    exporter.set("demo_changes{pod=\"web-1\"}", 7);
    await().atMost(Duration.ofSeconds(10)).until(() -> metrics.query("demo_changes").samples().size() == 1);
    exporter.set("demo_changes{pod=\"web-1\"}", 0);

    await().atMost(Duration.ofSeconds(10))
        .until(() -> metrics.query("demo_changes").samples().stream().allMatch(s -> s.value() == 0.0));
  }

  @Test
  void aQueryMatchingNoSeriesIsAnsweredWithNoSamples() {
    QueryAnswer answer = metrics.query("demo_restarts{namespace=\"nowhere\"}");

    assertThat(answer.availability()).isEqualTo(Availability.ANSWERED);
    assertThat(answer.samples()).isEmpty();
    assertThat(answer.reason()).isEmpty();
  }

  @Test
  void anAggregationAndAScalarAreAnsweredAsNumbers() {
    assertThat(metrics.query("sum(demo_restarts)").samples()).extracting(Sample::value).containsExactly(3.0);
    assertThat(metrics.query("scalar(sum(demo_restarts)) * 2").samples()).singleElement()
        .satisfies(s -> assertThat(s.value()).isEqualTo(6.0)).satisfies(s -> assertThat(s.labels()).isEmpty());
  }

  @Test
  void notANumberAndInfinityAreReadAsSuch() {
    assertThat(metrics.query("0/0").samples()).singleElement().satisfies(s -> assertThat(s.value()).isNaN());
    assertThat(metrics.query("sum(demo_restarts) / 0").samples()).singleElement()
        .satisfies(s -> assertThat(s.value()).isEqualTo(Double.POSITIVE_INFINITY));
    assertThat(metrics.query("-1/0").samples()).singleElement()
        .satisfies(s -> assertThat(s.value()).isEqualTo(Double.NEGATIVE_INFINITY));
  }

  @Test
  void aQueryPrometheusCannotParseFailsWithPrometheussOwnReason() {
    QueryAnswer answer = metrics.query("sum(demo_restarts");

    assertThat(answer.availability()).isEqualTo(Availability.FAILED);
    assertThat(answer.reason()).startsWith("Prometheus refused the query with HTTP 400 (bad_data): ")
        .containsIgnoringCase("parse error");
  }

  @Test
  void aRangeOrStringResultFailsBecauseVerificationNeedsANumber() {
    QueryAnswer range = metrics.query("demo_restarts[1m]");
    QueryAnswer string = metrics.query("\"text\"");

    assertThat(range.availability()).isEqualTo(Availability.FAILED);
    assertThat(range.reason()).contains("\"matrix\"").contains("instant vector or a scalar");
    assertThat(string.availability()).isEqualTo(Availability.FAILED);
    assertThat(string.reason()).contains("\"string\"");
  }

  @Test
  void labelsWithQuotesInTheQueryReachPrometheusIntact() {
    exporter.set("demo_quoted{reason=\"say \\\"hi\\\"\"}", 1);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> metrics.query("demo_quoted{reason=\"say \\\"hi\\\"\"}").samples().size() == 1);

    assertThat(metrics.query("demo_quoted").samples()).singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("reason", "say \"hi\""));
  }
}
