package io.kubernaut.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The optional HMAC-SHA256 signature with a timestamp, and replay rejection. */
class SignatureTest {

  private static final String SECRET = "s3cret";
  private final Gateway gateway = new Gateway(Optional.of(SECRET), 16);
  private final String body = Gateway.fixture("alertmanager/crashlooping-firing.json");

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<String> post(String signature) {
    HttpRequest.Builder request = gateway.request("/api/v1/signals/prometheus").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header(SignatureVerifier.HEADER, signature);
    }
    return Gateway.send(request.build());
  }

  private String signed(long t, String payload) {
    return "t=" + t + ",v1=" + SignatureVerifier.sign(SECRET.getBytes(StandardCharsets.UTF_8), t,
        payload.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void freshValidSignatureIsAccepted() {
    assertThat(post(signed(Instant.now().getEpochSecond(), body)).statusCode()).isEqualTo(201);
  }

  @Test
  void missingSignatureIsUnauthorizedWhenASecretIsConfigured() {
    HttpResponse<String> response = post(null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Gateway.json(response).path("detail").asText()).contains(SignatureVerifier.HEADER);
    assertThat(gateway.intake.received()).isEmpty();
  }

  @Test
  void signatureOlderThanFiveMinutesIsRefusedAsAReplay() {
    HttpResponse<String> response = post(signed(Instant.now().getEpochSecond() - 301, body));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(Gateway.json(response).path("detail").asText()).contains("replay");
    assertThat(gateway.intake.received()).isEmpty();
  }

  @Test
  void signatureOfAnotherBodyIsRefused() {
    HttpResponse<String> response = post(signed(Instant.now().getEpochSecond(), body + " "));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Gateway.json(response).path("detail").asText()).contains("does not match");
  }
}
