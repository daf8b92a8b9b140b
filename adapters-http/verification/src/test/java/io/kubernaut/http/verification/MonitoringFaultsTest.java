package io.kubernaut.http.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.http.verification.VerificationSettings.Breaker;
import io.kubernaut.http.verification.VerificationSettings.Endpoint;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.verification.AlertActivity.State;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.QueryAnswer.Availability;
import io.kubernaut.ports.verification.SilenceRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real Prometheus or Alertmanager cannot be made to do on demand: not answering, answering
 * late, 5xx, bodies that are not their JSON. Every port answers with a reason; nothing escapes but
 * the exceptions {@code SilenceKeeper} declares; the breaker opens and closes.
 */
class MonitoringFaultsTest {

  private static final Map<String, String> ALERT = Map.of("alertname", "KubePodCrashLooping", "pod", "web-1");

  private final StubApi stub = new StubApi();
  private final MovableClock clock = new MovableClock();

  @AfterEach
  void stop() {
    stub.close();
  }

  private VerificationModule.Monitoring monitoring(Endpoint endpoint, Duration timeout) {
    return VerificationModule.build(new VerificationSettings(Optional.of(endpoint), Optional.of(endpoint), true,
        timeout, new Breaker(3, Duration.ofSeconds(30))), clock);
  }

  private VerificationModule.Monitoring monitoring(URI url) {
    return monitoring(Endpoint.of(url), Duration.ofSeconds(2));
  }

  private static SilenceRequest silence() {
    return new SilenceRequest("ar-1", ALERT, Instant.now().plusSeconds(600), "remediating");
  }

  @Test
  void withoutURLsQueriesAreUnreachableAlertsUnknownAndSilencesOff() {
    VerificationModule.Monitoring none = VerificationModule.build(VerificationSettings.none(), clock);

    assertThat(none.metrics().configured()).isFalse();
    assertThat(none.metrics().query("up")).isEqualTo(QueryAnswer.unreachable(
        "No metrics source is configured (no Prometheus URL)."));
    assertThat(none.alerts().configured()).isFalse();
    assertThat(none.alerts().activity(ALERT).state()).isEqualTo(State.UNKNOWN);
    assertThat(none.silences().enabled()).isFalse();
    assertThat(none.silences().find("ar-1")).isEmpty();
    assertThat(none.silences().expire("ar-1")).isFalse();
    assertThatThrownBy(() -> none.silences().ensure(silence())).isInstanceOf(PermanentException.class);
  }

  @Test
  void anAlertmanagerWithoutSilencesStillAnswersAlertStates() {
    stub.answer(200, "[]");
    VerificationModule.Monitoring noSilences = VerificationModule.build(new VerificationSettings(Optional.empty(),
        Optional.of(Endpoint.of(stub.url())), false, Duration.ofSeconds(2), Breaker.DEFAULT), clock);

    assertThat(noSilences.alerts().activity(ALERT).state()).isEqualTo(State.INACTIVE);
    assertThat(noSilences.silences().enabled()).isFalse();
  }

  @Test
  void aPortNobodyListensOnIsUnreachableWithTheReason() throws IOException {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    VerificationModule.Monitoring m = monitoring(closed);

    QueryAnswer answer = m.metrics().query("up");
    assertThat(answer.availability()).isEqualTo(Availability.UNREACHABLE);
    assertThat(answer.reason()).startsWith("Prometheus at " + closed + " could not be reached: ConnectException");
    assertThat(m.alerts().activity(ALERT).reason()).startsWith("Alertmanager at " + closed + " could not be reached");
    assertThatThrownBy(() -> m.silences().ensure(silence())).isInstanceOf(RetryableException.class)
        .hasMessageStartingWith("Alertmanager at " + closed + " could not be reached");
  }

  @Test
  void aServerSlowerThanTheTimeoutIsUnreachable() {
    stub.answer(200, "[]").after(Duration.ofSeconds(2));
    VerificationModule.Monitoring m = monitoring(Endpoint.of(stub.url()), Duration.ofMillis(300));

    long started = System.nanoTime();
    QueryAnswer answer = m.metrics().query("up");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    assertThat(answer).isEqualTo(QueryAnswer.unreachable("Prometheus did not answer within 300 ms."));
    assertThat(m.alerts().activity(ALERT)).satisfies(a -> {
      assertThat(a.state()).isEqualTo(State.UNKNOWN);
      assertThat(a.reason()).isEqualTo("Alertmanager did not answer within 300 ms.");
    });
  }

  @Test
  void aServerErrorFailsTheQueryAndLeavesTheAlertUnknown() {
    stub.answer(500, "internal error");
    VerificationModule.Monitoring m = monitoring(stub.url());

    QueryAnswer answer = m.metrics().query("up");
    assertThat(answer.availability()).isEqualTo(Availability.FAILED);
    assertThat(answer.reason()).isEqualTo("Prometheus answered HTTP 500 with a body that is not its query JSON: "
        + "internal error.");
    assertThat(m.alerts().activity(ALERT)).satisfies(a -> {
      assertThat(a.state()).isEqualTo(State.UNKNOWN);
      assertThat(a.reason()).isEqualTo("Alertmanager answered HTTP 500 when asked about the alert "
          + "{alertname=KubePodCrashLooping, pod=web-1}: internal error.");
    });
    assertThatThrownBy(() -> m.silences().find("ar-1")).isInstanceOf(RetryableException.class)
        .hasMessage("Alertmanager answered HTTP 500 when asked to list the silences: internal error.");
  }

  @Test
  void prometheusJsonWithAnUnreadableSampleFailsTheQuery() {
    VerificationModule.Monitoring m = monitoring(stub.url());

    stub.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
        + "\"value\":[1,2]}]}}");
    assertThat(m.metrics().query("up").reason())
        .isEqualTo("Prometheus answered a result that is not readable: a sample is not a [time, \"value\"] pair.");

    stub.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"many\"]}}");
    assertThat(m.metrics().query("up").reason())
        .isEqualTo("Prometheus answered a result that is not a number: a sample's value is \"many\".");

    stub.answer(200, "<html>login</html>");
    assertThat(m.metrics().query("up")).satisfies(a -> {
      assertThat(a.availability()).isEqualTo(Availability.FAILED);
      assertThat(a.reason()).isEqualTo("Prometheus answered HTTP 200 with a body that is not its query JSON: "
          + "<html>login</html>.");
    });

    stub.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":{}}}");
    assertThat(m.metrics().query("up").availability()).isEqualTo(Availability.FAILED);
  }

  @Test
  void alertmanagerJsonThatIsNotAListIsUnknownForAlertsAndRefusedForSilences() {
    VerificationModule.Monitoring m = monitoring(stub.url());
    stub.answer(200, "{\"alerts\":[]}");

    assertThat(m.alerts().activity(ALERT).state()).isEqualTo(State.UNKNOWN);
    assertThat(m.alerts().activity(ALERT).reason()).startsWith("Alertmanager answered a body that is not a list of "
        + "alerts");
    assertThatThrownBy(() -> m.silences().find("ar-1")).isInstanceOf(PermanentException.class)
        .hasMessage("Alertmanager answered something that is not a list of silences.");

    stub.answer(200, "not json");
    assertThatThrownBy(() -> m.silences().expire("ar-1")).isInstanceOf(PermanentException.class)
        .hasMessage("Alertmanager answered the silences with a body that is not JSON: not json.");
  }

  @Test
  void theBreakerOpensAfterRepeatedFailuresRefusesWithoutCallingAndClosesAfterItsPause() {
    stub.answer(503, "busy");
    VerificationModule.Monitoring m = monitoring(stub.url());
    for (int i = 0; i < 3; i++) {
      assertThat(m.metrics().query("up").availability()).isEqualTo(Availability.FAILED);
    }

    QueryAnswer refused = m.metrics().query("up");

    assertThat(refused).isEqualTo(QueryAnswer.unreachable(
        "Prometheus is not called for another 30 s after repeated failures (circuit breaker open)."));
    assertThat(stub.requests()).hasSize(3);
    assertThat(m.alerts().activity(ALERT).state()).as("Alertmanager has a breaker of its own").isEqualTo(State.UNKNOWN);
    assertThat(stub.requests()).hasSize(4);

    stub.answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    clock.advance(Duration.ofSeconds(31));
    assertThat(m.metrics().query("up").availability()).isEqualTo(Availability.ANSWERED);
    assertThat(m.metrics().query("up").availability()).isEqualTo(Availability.ANSWERED);
    assertThat(stub.requests()).hasSize(6);
  }

  @Test
  void aRefusedQueryDoesNotCountAgainstTheBreaker() {
    stub.answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
    VerificationModule.Monitoring m = monitoring(stub.url());

    for (int i = 0; i < 5; i++) {
      assertThat(m.metrics().query("up(").reason())
          .isEqualTo("Prometheus refused the query with HTTP 400 (bad_data): parse error.");
    }
    assertThat(stub.requests()).hasSize(5);
  }

  @Test
  void aBearerTokenIsSentAndReadFromItsFileOnEveryRequest(@TempDir Path dir) throws IOException {
    stub.answer(200, "[]");
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "first\n");
    VerificationModule.Monitoring fromFile = monitoring(new Endpoint(stub.url(), Optional.empty(),
        Optional.of(tokenFile), Optional.empty(), Optional.empty()), Duration.ofSeconds(2));

    fromFile.alerts().activity(ALERT);
    Files.writeString(tokenFile, "rotated");
    fromFile.alerts().activity(ALERT);
    monitoring(new Endpoint(stub.url(), Optional.of("inline"), Optional.empty(), Optional.empty(), Optional.empty()),
        Duration.ofSeconds(2)).alerts().activity(ALERT);
    monitoring(new Endpoint(stub.url(), Optional.empty(), Optional.empty(), Optional.of("kubernaut"),
        Optional.of("s3cret")), Duration.ofSeconds(2)).alerts().activity(ALERT);

    assertThat(stub.requests()).extracting(StubApi.Request::authorization).containsExactly("Bearer first",
        "Bearer rotated", "Bearer inline", "Basic a3ViZXJuYXV0OnMzY3JldA==");
  }

  @Test
  void aMissingTokenFileIsUnreachableNamingTheFileAndNothingIsSent(@TempDir Path dir) {
    Path missing = dir.resolve("absent");
    VerificationModule.Monitoring m = monitoring(new Endpoint(stub.url(), Optional.empty(), Optional.of(missing),
        Optional.empty(), Optional.empty()), Duration.ofSeconds(2));

    assertThat(m.metrics().query("up").reason())
        .isEqualTo("The token file of Prometheus (" + missing + ") could not be read: NoSuchFileException.");
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void anEndpointNamesItsCredentialButNeverItsSecret() {
    Endpoint bearer = new Endpoint(URI.create("http://prometheus:9090"), Optional.of("t0ken-value"), Optional.empty(),
        Optional.empty(), Optional.empty());
    Endpoint basic = new Endpoint(URI.create("http://am:9093"), Optional.empty(), Optional.empty(),
        Optional.of("ops"), Optional.of("pa55word"));

    assertThat(bearer.toString()).isEqualTo("http://prometheus:9090 (bearer token)");
    assertThat(basic.toString()).isEqualTo("http://am:9093 (basic auth as ops)");
    assertThat(new VerificationSettings(Optional.of(bearer), Optional.of(basic), true, Duration.ofSeconds(1),
        Breaker.DEFAULT).toString()).doesNotContain("t0ken-value", "pa55word");
  }

  /** A clock the test moves by hand, for the breaker's pause. */
  static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
