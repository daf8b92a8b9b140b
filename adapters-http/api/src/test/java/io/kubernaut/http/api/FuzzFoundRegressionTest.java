package io.kubernaut.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regressions found by fuzzing the intake ({@code IntakeFuzzTest} in the app module): a request
 * refused before its body is read still gets its problem document (not a reset connection),
 * nesting deeper than the parser allows is a 400, not a 500, and a NUL character, which
 * PostgreSQL text cannot hold, is refused at the door instead of losing the audit event later.
 */
class FuzzFoundRegressionTest {

  private static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway = new Gateway();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String webhookWithPadding(int bytes) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"padding\":\"" + "x".repeat(bytes) + "\",\"alerts\":"
        + "[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"pod\":\"p\"}}]}";
  }

  @Test
  void requestsRefusedBeforeTheirBodyIsReadStillReceiveTheirProblemDocument() throws Exception {
    String body = webhookWithPadding(200 * 1024);
    String tooLarge = webhookWithPadding(Gateway.MAX_BODY * 2);
    List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      requests.add(() -> Gateway.send(gateway.request("/api/v1/signals/prometheus").setHeader("Authorization", "Bearer wrong")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()));
      expected.add(401);
      requests.add(() -> Gateway.send(gateway.request("/api/v1/signals/prometheus").header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build()));
      expected.add(415);
      requests.add(() -> Gateway.send(gateway.request("/api/v1/signals/prometheus").header("Content-Type", "application/json")
          .method("PUT", HttpRequest.BodyPublishers.ofString(body)).build()));
      expected.add(405);
      requests.add(() -> gateway.post("/api/v1/signals/prometheus", tooLarge));
      expected.add(413);
    }
    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<Integer> statuses = new ArrayList<>();
    try {
      for (Future<HttpResponse<String>> f : clients.invokeAll(requests)) {
        HttpResponse<String> response = f.get();
        statuses.add(response.statusCode());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
            assertThat(v).startsWith("application/problem+json"));
      }
    } finally {
      clients.shutdownNow();
    }

    assertThat(statuses).isEqualTo(expected);
    assertThat(gateway.intake.received()).isEmpty();
  }

  @Test
  void alertOrEventWithANulCharacterIsRefusedBeforeTheIntake() {
    String alert = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
        + "\"labels\":{\"alertname\":\"A\",\"pod\":\"p\"},\"annotations\":{\"summary\":\"x\\u0000y\"}}]}";
    String event = Gateway.fixture("kubernetes-events/backoff-warning.json").replace("\"BackOff\"", "\"Back\\u0000Off\"");

    HttpResponse<String> alertResponse = gateway.post("/api/v1/signals/prometheus", alert);
    HttpResponse<String> eventResponse = gateway.post("/api/v1/signals/kubernetes-event", event);

    assertThat(alertResponse.statusCode()).as(alertResponse.body()).isEqualTo(400);
    assertThat(Gateway.json(alertResponse).path("detail").asText()).contains("NUL character in summary");
    assertThat(eventResponse.statusCode()).as(eventResponse.body()).isEqualTo(400);
    assertThat(Gateway.json(eventResponse).path("detail").asText()).contains("NUL character in alertname");
    assertThat(gateway.intake.received()).isEmpty();
  }

  @Test
  void nestingDeeperThanTheParserAllowsIsAnsweredWithA400Problem() {
    String nested = "[".repeat(1_001) + "]".repeat(1_001);
    String event = Gateway.fixture("kubernetes-events/backoff-warning.json").replaceFirst("\\{", "{\"deep\":" + nested + ",");

    HttpResponse<String> response = Gateway.send(gateway.request("/api/v1/signals/kubernetes-event")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)).build());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(Gateway.json(response).path("detail").asText()).contains("not valid JSON").contains("nesting depth");
    assertThat(gateway.intake.received()).isEmpty();
  }
}
