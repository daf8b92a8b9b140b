package io.kubernaut.http.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.notification.DeliveryResult;
import io.kubernaut.ports.notification.DeliveryResult.Outcome;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Transient versus permanent classification of HTTP answers and network faults. */
class HttpPosterTest {

  private final HttpPoster poster = new HttpPoster(HttpClient.newHttpClient(), new ObjectMapper(), new TestRedactor());

  private DeliveryResult postTo(RecordingServer server, Duration timeout) {
    return poster.post(server.url("/x"), Map.of("a", 1), Map.of(), timeout);
  }

  @Test
  void successStatusesAreDelivered() {
    assertThat(poster.classify(200, "ok", Optional.empty()).outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(poster.classify(202, "", Optional.empty()).outcome()).isEqualTo(Outcome.DELIVERED);
  }

  @Test
  void tooManyRequestsServerErrorsAndRequestTimeoutAreTransient() {
    for (int status : new int[] {408, 429, 500, 502, 503, 504, 508}) {
      assertThat(poster.classify(status, "", Optional.empty()).outcome()).as("HTTP %d", status)
          .isEqualTo(Outcome.TRANSIENT_FAILURE);
    }
  }

  @Test
  void otherClientErrorsArePermanent() {
    for (int status : new int[] {400, 401, 403, 404, 410, 422}) {
      assertThat(poster.classify(status, "", Optional.empty()).outcome()).as("HTTP %d", status)
          .isEqualTo(Outcome.PERMANENT_FAILURE);
    }
  }

  @Test
  void retryAfterOfA429IsKept() throws Exception {
    try (RecordingServer server = new RecordingServer()) {
      server.answer(new RecordingServer.Answer(429, "slow down", Map.of("Retry-After", "7"), 0));
      DeliveryResult r = postTo(server, Duration.ofSeconds(2));
      assertThat(r.outcome()).isEqualTo(Outcome.TRANSIENT_FAILURE);
      assertThat(r.retryAfter()).contains(Duration.ofSeconds(7));
    }
  }

  @Test
  void aSlowEndpointTimesOutAsATransientFailure() throws Exception {
    try (RecordingServer server = new RecordingServer()) {
      server.answer(new RecordingServer.Answer(200, "", Map.of(), 1500));
      DeliveryResult r = postTo(server, Duration.ofMillis(200));
      assertThat(r.outcome()).isEqualTo(Outcome.TRANSIENT_FAILURE);
      assertThat(r.detail()).contains("timed out");
    }
  }

  @Test
  void anUnreachableEndpointIsTransientAndItsUrlIsNotInTheDetail() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DeliveryResult r = poster.post(URI.create("http://127.0.0.1:" + port + "/services/SECRETPATH"), Map.of(), Map.of(),
        Duration.ofSeconds(1));
    assertThat(r.outcome()).isEqualTo(Outcome.TRANSIENT_FAILURE);
    assertThat(r.detail()).doesNotContain("SECRETPATH");
  }

  @Test
  void responseBodiesQuotedInResultsAreRedacted() {
    assertThat(poster.classify(400, "bad password=hunter2", Optional.empty()).detail())
        .doesNotContain("hunter2").contains("HTTP 400");
  }
}
