package io.kubernaut.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input against a started Javalin: each case gets a precise 4xx problem and reaches no
 * intake, so no resource is created. Non-ASCII label names and values are accepted on purpose:
 * Alertmanager 0.27+ allows UTF-8 label names, and Kubernaut keeps them in spec and sanitises
 * only Kubernetes label values.
 */
class MalformedInputTest {

  private static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = new Gateway();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String webhook(String alerts) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"kubernaut\",\"groupLabels\":{},"
        + "\"commonLabels\":{},\"commonAnnotations\":{},\"alerts\":" + alerts + "}";
  }

  private static String alert(String labels) {
    return "[{\"status\":\"firing\",\"labels\":" + labels + ",\"annotations\":{},\"startsAt\":\"2026-11-20T10:00:00Z\"}]";
  }

  static Stream<Arguments> malformed() {
    String tenThousandLabels = IntStream.range(0, 10_000).mapToObj(i -> "\"l" + i + "\":\"v\"")
        .collect(Collectors.joining(",", "{\"alertname\":\"X\",\"pod\":\"p\",", "}"));
    String firing = Gateway.fixture("alertmanager/crashlooping-firing.json");
    return Stream.of(
        Arguments.of("truncated JSON", "application/json", firing.substring(0, firing.length() / 2), 400, "not valid JSON"),
        Arguments.of("alerts of the wrong type", "application/json", webhook("\"many\""), 400, "Field 'alerts' has the wrong type"),
        Arguments.of("labels of the wrong type", "application/json", webhook(alert("[1,2]")), 400, "Field 'alerts[0].labels' has the wrong type"),
        Arguments.of("missing alerts", "application/json", "{\"version\":\"4\",\"status\":\"firing\"}", 400, "Field 'alerts' is required"),
        Arguments.of("empty labels", "application/json", webhook(alert("{}")), 400, "alerts[0].labels.alertname is required"),
        Arguments.of("10,000 labels", "application/json", webhook(alert(tenThousandLabels)), 400, "has 10002 entries; at most 256"),
        Arguments.of("version 3", "application/json", firing.replace("\"version\": \"4\"", "\"version\": \"3\"")
            .replace("\"version\":\"4\"", "\"version\":\"3\""), 400, "Unsupported webhook version \"3\""),
        Arguments.of("a custom payload template", "application/json", "{\"text\":\"Pod is crash looping\",\"severity\":\"warning\"}",
            400, "Field 'version' is required"),
        Arguments.of("an empty body", "application/json", "", 400, "The request body is empty"),
        Arguments.of("JSON null", "application/json", "null", 400, "JSON null"),
        Arguments.of("a wrong content type", "text/plain", firing, 415, "Content-Type: application/json"),
        Arguments.of("a form post", "application/x-www-form-urlencoded", "version=4", 415, "Content-Type: application/json"));
  }

  @ParameterizedTest(name = "{0} is answered {3}")
  @MethodSource("malformed")
  void malformedInputGetsAPrecise4xxProblemAndReachesNoIntake(String what, String contentType, String body, int status,
      String detail) {
    int before = gateway.intake.received().size();

    HttpResponse<String> response = Gateway.send(gateway.request("/api/v1/signals/prometheus")
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());

    assertThat(response.statusCode()).as(what).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = Gateway.json(response);
    String text = problem.path("detail").asText() + " " + problem.path("errors");
    assertThat(text).as(what).contains(detail);
    assertThat(gateway.intake.received()).as(what + " must create nothing").hasSize(before);
  }

  @Test
  void nonAsciiAlertAndLabelNamesAreAcceptedAndPassedOnExactly() {
    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus",
        webhook(alert("{\"alertname\":\"Überlast-警告\",\"namespace\":\"shop-prod\",\"pod\":\"p-1\",\"équipe\":\"paiements\"}")));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(gateway.intake.received()).last().satisfies(c -> {
      assertThat(c.signal().name()).isEqualTo("Überlast-警告");
      assertThat(c.signal().labels()).containsEntry("équipe", "paiements");
    });
  }

  @Test
  void oneBadAlertInABatchIsRejectedAloneWhileTheOthersAreTakenIn() {
    String alerts = "[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"pod\":\"a\"}},"
        + "{\"status\":\"firing\",\"labels\":{\"pod\":\"b\"}}]";

    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus", webhook(alerts));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode body = Gateway.json(response);
    assertThat(body.path("results").get(1).path("result").asText()).isEqualTo("rejected");
    assertThat(body.path("results").get(1).path("message").asText()).contains("alerts[1].labels.alertname is required");
    assertThat(body.path("summary").path("rejected").asInt()).isEqualTo(1);
  }

  /** A rejected alert is counted like every other outcome, so the dashboard's intake by outcome shows it. */
  @Test
  void rejectedAlertsAreCountedByOutcome() {
    double before = rejectedCount();
    String alerts = "[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"pod\":\"a\"}},"
        + "{\"status\":\"firing\",\"labels\":{\"pod\":\"b\"}},{\"status\":\"firing\",\"labels\":{\"pod\":\"c\"}}]";

    assertThat(gateway.post("/api/v1/signals/prometheus", webhook(alerts)).statusCode()).isIn(201, 202);

    assertThat(rejectedCount() - before).isEqualTo(2.0);
  }

  private static double rejectedCount() {
    var counter = gateway.metrics.find("kubernaut_signals_received_total").tag("outcome", "rejected").counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * A source fingerprint that is not Alertmanager's (hex, at most 64 characters) is refused with its alert: each one a
   * storm tracks is kept in its status, so a 200 KB one could make the status too large to write.
   */
  @Test
  void anAlertWhoseFingerprintIsNotAlertmanagersIsRejectedAlone() {
    int before = gateway.intake.received().size();
    String alerts = "[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"pod\":\"a\"},\"fingerprint\":\""
        + "f".repeat(200_000) + "\"},{\"status\":\"firing\",\"labels\":{\"alertname\":\"B\",\"pod\":\"b\"},"
        + "\"fingerprint\":\"not-hex\"},{\"status\":\"firing\",\"labels\":{\"alertname\":\"C\",\"pod\":\"c\"},"
        + "\"fingerprint\":\"0123456789abcdef\"}]";

    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus", webhook(alerts));

    assertThat(response.statusCode()).as("within the body limit").isEqualTo(201);
    JsonNode results = Gateway.json(response).path("results");
    assertThat(results.get(0).path("result").asText()).isEqualTo("rejected");
    assertThat(results.get(0).path("message").asText()).contains("alerts[0].fingerprint", "200000 characters");
    assertThat(results.get(1).path("message").asText()).contains("alerts[1].fingerprint");
    assertThat(results.get(2).path("result").asText()).isNotEqualTo("rejected");
    assertThat(gateway.intake.received()).hasSize(before + 1).last()
        .satisfies(c -> assertThat(c.signal().sourceFingerprint()).isEqualTo("0123456789abcdef"));
  }

  /**
   * Alertmanager's {@code truncatedAlerts} (an unsigned count, past 2^31 too) is taken, counted and logged: the alerts
   * it counts never arrive.
   */
  @Test
  void truncatedAlertsAreCountedAndABigCountIsNoBadRequest() {
    double before = truncatedCount();
    String body = webhook(alert("{\"alertname\":\"T\",\"pod\":\"t\"}")).replace("\"version\":\"4\",",
        "\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"T\\\"}\",\"truncatedAlerts\":40,");
    assertThat(gateway.post("/api/v1/signals/prometheus", body).statusCode()).isIn(201, 202);
    assertThat(truncatedCount() - before).isEqualTo(40.0);

    String huge = body.replace("\"truncatedAlerts\":40", "\"truncatedAlerts\":3000000000");
    assertThat(gateway.post("/api/v1/signals/prometheus", huge).statusCode()).isIn(201, 202);
    assertThat(truncatedCount() - before).isEqualTo(3_000_000_040.0);
  }

  private static double truncatedCount() {
    var counter = gateway.metrics.find("kubernaut_alerts_truncated_total").counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * Errors Jetty raises before any route (headers or URI past what it reads) are problem+json too, not Jetty's HTML;
   * a 20 KB header (a large OIDC token) is read.
   */
  @Test
  void headersAndUrisPastTheLimitAreAnsweredAsProblemsAndALargeTokenIsRead() {
    HttpResponse<String> headers = Gateway.send(gateway.request("/api/v1/signals/prometheus")
        .header("X-Large", "h".repeat(HttpServer.REQUEST_HEADER_BYTES + 1024)).GET().build());
    assertThat(headers.statusCode()).isEqualTo(431);
    assertThat(headers.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("application/problem+json"));
    assertThat(Gateway.json(headers).path("detail").asText()).contains("headers are larger than the 32768 bytes");

    HttpResponse<String> uri = Gateway.send(gateway.request("/api/v1/signals/prometheus?text="
        + "%C3%A9".repeat(HttpServer.REQUEST_HEADER_BYTES / 6 + 100)).GET().build());
    assertThat(uri.statusCode()).isIn(414, 431);
    assertThat(uri.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("application/problem+json"));
    assertThat(Gateway.json(uri).path("status").asInt()).isEqualTo(uri.statusCode());

    HttpResponse<String> large = Gateway.send(gateway.request("/api/v1/signals/prometheus")
        .header("X-Large", "h".repeat(20 * 1024)).GET().build());
    assertThat(large.statusCode()).as("read, then answered by the routes").isEqualTo(405);
  }
}
