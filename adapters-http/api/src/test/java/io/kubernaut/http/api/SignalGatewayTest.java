package io.kubernaut.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.in.IngestSignalCommand;
import io.kubernaut.ports.in.IntakeOutcome;
import io.kubernaut.ports.signal.SignalSource;
import io.kubernaut.ports.signal.SignalStatus;
import io.kubernaut.ports.signal.TargetRef;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway over real HTTP with golden payloads, against an in-memory intake. */
class SignalGatewayTest {

  private final Gateway gateway = new Gateway(java.util.Optional.empty(), 2);

  @AfterEach
  void stop() {
    gateway.close();
  }

  private static void assertProblem(HttpResponse<String> response, int status, String detailPart) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = Gateway.json(response);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).contains(detailPart);
  }

  @Test
  void crashLoopingFixtureIsCreatedWithMergedLabelsAndAlertmanagersFingerprint() {
    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus", Gateway.fixture("alertmanager/crashlooping-firing.json"));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode body = Gateway.json(response);
    assertThat(body.path("results").get(0).path("result").asText()).isEqualTo("created");
    assertThat(body.path("summary").path("created").asInt()).isEqualTo(1);
    IngestSignalCommand command = gateway.intake.received().get(0);
    assertThat(command.signal().source()).isEqualTo(SignalSource.PROMETHEUS);
    assertThat(command.signal().name()).isEqualTo("KubePodCrashLooping");
    assertThat(command.signal().labels()).containsEntry("namespace", "shop-prod").containsKey("pod");
    assertThat(command.signal().sourceFingerprint()).matches("[0-9a-f]{16}");
  }

  @Test
  void sameAlertPostedAgainIsAnsweredAcceptedAsDuplicate() {
    gateway.post("/api/v1/signals/prometheus", Gateway.fixture("alertmanager/crashlooping-firing.json"));
    HttpResponse<String> again = gateway.post("/api/v1/signals/prometheus", Gateway.fixture("alertmanager/crashlooping-firing.json"));

    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(Gateway.json(again).path("results").get(0).path("result").asText()).isEqualTo("duplicate");
  }

  @Test
  void batchIsAnsweredAlertByAlertWithASummary() {
    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus", Gateway.fixture("alertmanager/oomkilled-batch.json"));

    JsonNode body = Gateway.json(response);
    int alerts = body.path("results").size();
    assertThat(alerts).isGreaterThan(1);
    assertThat(body.path("summary").path("total").asInt()).isEqualTo(alerts);
    for (int i = 0; i < alerts; i++) {
      assertThat(body.path("results").get(i).path("index").asInt()).isEqualTo(i);
    }
  }

  @Test
  void resolvedFixtureIsAnsweredAsResolved() {
    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus", Gateway.fixture("alertmanager/crashlooping-resolved.json"));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(Gateway.json(response).path("results").get(0).path("result").asText()).isEqualTo("resolved");
    assertThat(gateway.intake.received().get(0).signal().status()).isEqualTo(SignalStatus.RESOLVED);
  }

  @Test
  void aWebhookOfOnlyIgnoredAlertsIsAnswered200WithTheReasonPerAlertAndCounted() {
    gateway.intake.ignore("Watchdog");

    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus", Gateway.fixture("alertmanager/watchdog-firing.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = Gateway.json(response).path("results").get(0);
    assertThat(result.path("result").asText()).isEqualTo("ignored");
    assertThat(result.path("reason").asText()).isEqualTo("IgnoredAlertName");
    assertThat(result.has("remediation")).isFalse();
    assertThat(Gateway.json(response).path("summary").path("ignored").asInt()).isEqualTo(1);
    String scrape = Gateway.send(HttpRequest.newBuilder(gateway.uri("/metrics")).build()).body();
    assertThat(scrape)
        .contains("kubernaut_signals_ignored_total{reason=\"IgnoredAlertName\",source=\"prometheus\"} 1.0")
        .contains("kubernaut_signals_received_total{outcome=\"ignored\",source=\"prometheus\"} 1.0");
  }

  @Test
  void aWebhookMixingAnIgnoredAndAnActionableAlertIsAnswered201WithBothResults() {
    gateway.intake.ignore("Watchdog");

    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus",
        Gateway.fixture("alertmanager/watchdog-and-crashlooping.json"));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode results = Gateway.json(response).path("results");
    assertThat(results.get(0).path("result").asText()).isEqualTo("ignored");
    assertThat(results.get(1).path("result").asText()).isEqualTo("created");
    assertThat(results.get(1).has("reason")).isFalse();
  }

  @Test
  void aWebhookOfOneIgnoredAndOneMalformedAlertIsAnswered200ListingTheRejection() {
    gateway.intake.ignore("Watchdog");
    String oneMalformed = Gateway.fixture("alertmanager/watchdog-and-crashlooping.json")
        .replace("\"status\": \"firing\",\n      \"labels\": {\n        \"alertname\": \"KubePodCrashLooping\"",
            "\"status\": \"pending\",\n      \"labels\": {\n        \"alertname\": \"KubePodCrashLooping\"");
    assertThat(oneMalformed).as("the second alert's status was replaced").contains("\"pending\"");

    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus", oneMalformed);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode results = Gateway.json(response).path("results");
    assertThat(results.get(0).path("result").asText()).isEqualTo("ignored");
    assertThat(results.get(1).path("result").asText()).isEqualTo("rejected");
    assertThat(results.get(1).path("message").asText()).contains("must be \"firing\" or \"resolved\"");
  }

  @Test
  void warningEventIsAcceptedWithItsInvolvedObjectAsTarget() {
    HttpResponse<String> response = gateway.post("/api/v1/signals/kubernetes-event", Gateway.fixture("kubernetes-events/backoff-warning.json"));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(gateway.intake.received().get(0).signal().target())
        .isEqualTo(new TargetRef("Pod", "shop-prod", "checkout-7d9f8b6c4-x2x9q"));
  }

  /** The event's uid is kept as its source fingerprint (in status, up to 500 of them): a long or odd one is refused. */
  @Test
  void anEventWhoseUidIsNotAKubernetesUidIsRejectedWith400AndReachesNoIntake() {
    String fixture = Gateway.fixture("kubernetes-events/backoff-warning.json");
    for (String uid : new String[] {"x".repeat(65), "0f5c2a8e/../x", "0f5c2a8e 6a51"}) {
      String odd = fixture.replace("\"uid\": \"0f5c2a8e-6a51-4d7e-9f3b-3f1e0c2d9a11\"", "\"uid\": \"" + uid + "\"");
      assertThat(odd).as("the fixture's uid replaced").contains(uid);

      assertProblem(gateway.post("/api/v1/signals/kubernetes-event", odd), 400, "must be a Kubernetes uid");
    }
    assertThat(gateway.intake.received()).isEmpty();
  }

  /**
   * The involved object's kind becomes the target's kind, is hashed into the fingerprint and names a label: one that is
   * not a Kubernetes kind (control characters, a path, lower case, 64 characters or more) is refused.
   */
  @Test
  void anEventWhoseInvolvedKindIsNotAKubernetesKindIsRejectedWith400AndReachesNoIntake() {
    String fixture = Gateway.fixture("kubernetes-events/backoff-warning.json");
    for (String kind : new String[] {"Pod\\u0007", "Pod/../x", "pod", "P" + "o".repeat(63), "Pod Disruption"}) {
      String odd = fixture.replace("\"kind\": \"Pod\"", "\"kind\": \"" + kind + "\"");
      assertThat(odd).as("the fixture's kind replaced").contains(kind);

      assertProblem(gateway.post("/api/v1/signals/kubernetes-event", odd), 400, "must be a Kubernetes kind");
    }
    assertThat(gateway.intake.received()).isEmpty();
  }

  /**
   * A cluster-scoped kind drops the event's namespace, whatever its case in the catalogue of such kinds; a kind named
   * as one of the event's own labels does not replace that label.
   */
  @Test
  void anEventOnAClusterScopedObjectHasNoNamespaceAndItsKindReplacesNoneOfItsOwnLabels() {
    String fixture = Gateway.fixture("kubernetes-events/backoff-warning.json");
    assertThat(gateway.post("/api/v1/signals/kubernetes-event", fixture.replace("\"kind\": \"Pod\"",
        "\"kind\": \"PersistentVolume\"")).statusCode()).isEqualTo(201);
    assertThat(gateway.post("/api/v1/signals/kubernetes-event", fixture.replace("\"kind\": \"Pod\"",
        "\"kind\": \"Alertname\"")).statusCode()).isIn(201, 202);

    assertThat(gateway.intake.received().get(0).signal().target())
        .isEqualTo(new TargetRef("PersistentVolume", "", "checkout-7d9f8b6c4-x2x9q"));
    assertThat(gateway.intake.received().get(1).signal().labels()).containsEntry("alertname", "BackOff");
    assertThat(gateway.intake.received().get(1).signal().name()).isEqualTo("BackOff");
  }

  /**
   * An alert whose labels and annotations hold more than the AlertRemediation keeping them could be stored with is
   * rejected alone, saying so; the alert beside it is taken in.
   */
  @Test
  void anAlertWhoseLabelsAndAnnotationsAreTooLargeTogetherIsRejectedAloneAndTheOtherIsTakenIn() {
    String big = IntStream.range(0, 10).mapToObj(i -> "\"a" + i + "\":\"" + "x".repeat(14 * 1024) + "\"")
        .collect(Collectors.joining(",", "{", "}"));
    String alerts = "[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"pod\":\"a\"},\"annotations\":" + big
        + "},{\"status\":\"firing\",\"labels\":{\"alertname\":\"B\",\"pod\":\"b\"}}]";
    String webhook = "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"kubernaut\",\"groupLabels\":{},"
        + "\"commonLabels\":{},\"commonAnnotations\":{},\"alerts\":" + alerts + "}";

    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus", webhook);

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode results = Gateway.json(response).path("results");
    assertThat(results.get(0).path("result").asText()).isEqualTo("rejected");
    assertThat(results.get(0).path("message").asText()).contains("alerts[0]'s labels and annotations hold ")
        .contains(" characters together; at most 131072 are taken");
    assertThat(results.get(1).path("result").asText()).isEqualTo("created");
    assertThat(gateway.intake.received()).singleElement().satisfies(c -> assertThat(c.signal().name()).isEqualTo("B"));
  }

  @Test
  void normalEventIsRejectedWith422AndReachesNoIntake() {
    String normal = Gateway.fixture("kubernetes-events/backoff-warning.json").replace("\"Warning\"", "\"Normal\"");

    assertProblem(gateway.post("/api/v1/signals/kubernetes-event", normal), 422, "Warning events only");
    assertThat(gateway.intake.received()).isEmpty();
  }

  @Test
  void getOnTheWebhookIsMethodNotAllowedAsProblemJson() {
    assertProblem(Gateway.send(gateway.request("/api/v1/signals/prometheus").GET().build()), 405, "GET is not allowed");
  }

  @Test
  void bodyOverTheLimitIsRefusedWith413WhetherDeclaredOrStreamed() {
    String big = "{\"version\":\"4\",\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
    assertProblem(gateway.post("/api/v1/signals/prometheus", big), 413, "at most " + Gateway.MAX_BODY + " bytes");

    HttpRequest chunked = gateway.request("/api/v1/signals/prometheus").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
        .build();
    HttpResponse<String> streamed = Gateway.send(chunked);
    assertThat(streamed.statusCode()).isEqualTo(413);
    assertThat(streamed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(gateway.intake.received()).isEmpty();
  }

  @Test
  void unreachableStoreIsAnswered503WithRetryAfterNever2xx() {
    gateway.intake.answerWith(c -> {
      throw new RetryableException("The Kubernetes API server could not list (HTTP 0).");
    });

    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus", Gateway.fixture("alertmanager/crashlooping-firing.json"));

    assertProblem(response, 503, "nothing was accepted");
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
  }

  @Test
  void fullIntakeIsAnswered503WithRetryAfterNever429() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    gateway.intake.answerWith(c -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new IntakeOutcome(IntakeOutcome.Result.CREATED, "ar", "", 0, "Created.");
    });
    String body = Gateway.fixture("alertmanager/crashlooping-firing.json");
    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> gateway.post("/api/v1/signals/prometheus", body));
    CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> gateway.post("/api/v1/signals/prometheus", body));
    org.awaitility.Awaitility.await().until(() -> gateway.intake.received().size() == 2);

    HttpResponse<String> third = gateway.post("/api/v1/signals/prometheus", body);
    release.countDown();

    assertProblem(third, 503, "at capacity");
    assertThat(third.headers().firstValue("Retry-After")).isPresent();
    assertThat(first.get().statusCode()).isEqualTo(201);
    assertThat(second.get().statusCode()).isEqualTo(201);
  }

  @Test
  void missingOrWrongTokenIsUnauthorized() {
    HttpResponse<String> none = Gateway.send(HttpRequest.newBuilder(gateway.uri("/api/v1/signals/prometheus"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    HttpResponse<String> wrong = Gateway.send(HttpRequest.newBuilder(gateway.uri("/api/v1/signals/prometheus"))
        .header("Authorization", "Bearer nope").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

    assertProblem(none, 401, "Bearer");
    assertProblem(wrong, 401, "not valid");
    assertThat(gateway.intake.received()).isEmpty();
  }

  @Test
  void metricsCountSignalsByOutcomeAndKeepALatencyHistogram() {
    gateway.post("/api/v1/signals/prometheus", Gateway.fixture("alertmanager/crashlooping-firing.json"));
    gateway.post("/api/v1/signals/prometheus", Gateway.fixture("alertmanager/crashlooping-firing.json"));

    String scrape = Gateway.send(HttpRequest.newBuilder(gateway.uri("/metrics")).build()).body();
    assertThat(scrape)
        .contains("kubernaut_signals_received_total{outcome=\"created\",source=\"prometheus\"} 1.0")
        .contains("kubernaut_dedup_hits_total{source=\"prometheus\"} 1.0")
        .contains("kubernaut_gateway_request_seconds_bucket{source=\"prometheus\",le=");
  }

  @Test
  void aDuplicateThatCrossedAStormThresholdIsAnsweredWithTheEscalationQueuedAndCountsNoStormYet() throws Exception {
    gateway.intake.answerWith(c -> new IntakeOutcome(IntakeOutcome.Result.DUPLICATE, "crash-1", "ab", 5,
        "Counted as duplicate 5 of active AlertRemediation crash-1. Alert storm ([count]): its escalation is queued.",
        java.util.List.of(io.kubernaut.ports.remediation.StormThreshold.COUNT)));

    HttpResponse<String> response = gateway.post("/api/v1/signals/prometheus",
        Gateway.fixture("alertmanager/crashlooping-firing.json"));

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("results").get(0);
    assertThat(result.path("stormQueued").get(0).asText()).isEqualTo("count");
    assertThat(result.has("stormEscalated")).isFalse();
    assertThat(result.path("duplicates").asLong()).isEqualTo(5);
    assertThat(Gateway.send(HttpRequest.newBuilder(gateway.uri("/metrics")).build()).body())
        .as("escalated, and counted, where the crossing is recorded, not here").doesNotContain("kubernaut_alert_storms_total");
  }
}
