package io.kubernaut.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the gateway's answers travel: a small answer (every single alert's) goes out whole with its
 * {@code Content-Length} and uncompressed, a large one gzipped to a sender that accepts it, both in
 * the format of docs/api.md; a body shorter than its declared length is a 400 problem.
 */
class SignalAnswerTest {

  private final Gateway gateway = new Gateway();

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<byte[]> post(String body, boolean acceptGzip) {
    HttpRequest.Builder request = gateway.request("/api/v1/signals/prometheus").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (acceptGzip) {
      request.header("Accept-Encoding", "gzip");
    }
    try {
      return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(byte[] body) throws IOException {
    return Gateway.JSON.readTree(body);
  }

  @Test
  void aDuplicatesAnswerGoesOutWholeWithItsLengthAndUncompressedInTheDocumentedFormat() throws IOException {
    String alert = Gateway.fixture("alertmanager/crashlooping-firing.json");
    post(alert, true);

    HttpResponse<byte[]> duplicate = post(alert, true);

    assertThat(duplicate.statusCode()).isEqualTo(202);
    assertThat(duplicate.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(duplicate.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(duplicate.headers().firstValue("Transfer-Encoding")).isEmpty();
    assertThat(duplicate.headers().firstValueAsLong("Content-Length")).hasValue(duplicate.body().length);
    assertThat(duplicate.body().length).isLessThan(SignalAnswer.COMPRESSED_FROM);
    JsonNode answer = json(duplicate.body());
    assertThat(answer).isEqualTo(Gateway.JSON.readTree("""
        {"results": [{"index": 0, "result": "duplicate", "remediation": "%s", "duplicates": 1, "message": "Duplicate."}],
         "summary": {"total": 1, "created": 0, "duplicate": 1, "resolved": 0, "aggregated": 0, "ignored": 0,
                     "rejected": 0}}""".formatted(answer.path("results").get(0).path("remediation").asText())));
    assertThat(answer.path("results").get(0).path("remediation").asText()).startsWith("ar-");
    java.util.List<String> fields = new java.util.ArrayList<>();
    answer.path("results").get(0).fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("index", "result", "remediation", "duplicates", "message");
    java.util.List<String> kinds = new java.util.ArrayList<>();
    answer.path("summary").fieldNames().forEachRemaining(kinds::add);
    assertThat(kinds).containsExactly("total", "created", "duplicate", "resolved", "aggregated", "ignored", "rejected");
  }

  @Test
  void aLargeAnswerIsGzippedForASenderThatAcceptsItAndPlainForOneThatDoesNot() throws IOException {
    String batch = batchOf(40);
    assertThat(post(batch, false).statusCode()).isEqualTo(201);

    HttpResponse<byte[]> gzipped = post(batch, true);
    HttpResponse<byte[]> plain = post(batch, false);

    assertThat(gzipped.statusCode()).isEqualTo(202); // later deliveries of the same batch: duplicates, same answer
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    JsonNode unzipped;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
      unzipped = json(in.readAllBytes());
    }
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(plain.body().length).isGreaterThanOrEqualTo(SignalAnswer.COMPRESSED_FROM);
    assertThat(gzipped.body().length).isLessThan(plain.body().length);
    assertThat(unzipped).isEqualTo(json(plain.body()));
    assertThat(unzipped.path("summary").path("total").asInt()).isEqualTo(40);
    assertThat(unzipped.path("results")).hasSize(40);
  }

  @Test
  void answersWrittenOneAfterAnotherThroughTheRequestThreadsReusedBuffersStayWhole() throws IOException {
    String alert = Gateway.fixture("alertmanager/crashlooping-firing.json");
    String batch = batchOf(40);
    post(alert, false);
    post(batch, false);

    // Large and small answers in turn, sequentially: the request threads serve several each, so a buffer that
    // held a large answer writes a small one next; each must be exactly its own document.
    for (int i = 0; i < 20; i++) {
      HttpResponse<byte[]> large = post(batch, false);
      HttpResponse<byte[]> small = post(alert, false);

      assertThat(json(large.body()).path("results")).hasSize(40);
      assertThat(small.headers().firstValueAsLong("Content-Length")).hasValue(small.body().length);
      JsonNode answer = json(small.body());
      assertThat(answer.path("summary").path("total").asInt()).isEqualTo(1);
      assertThat(answer.path("results").get(0).path("result").asText()).isEqualTo("duplicate");
      assertThat(new String(small.body(), StandardCharsets.UTF_8)).endsWith("}").doesNotContain("checkout-1");
    }
  }

  @Test
  void aBodyThatEndsBeforeItsDeclaredLengthIsA400ProblemAndReachesNoIntake() throws IOException {
    byte[] alert = Gateway.fixture("alertmanager/crashlooping-firing.json").getBytes(StandardCharsets.UTF_8);
    String answer;
    try (Socket socket = new Socket("localhost", gateway.uri("/").getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/signals/prometheus HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Gateway.TOKEN
          + "\r\nContent-Type: application/json\r\nContent-Length: " + (alert.length + 100) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(alert);
      out.flush();
      socket.shutdownOutput();
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(answer).startsWith("HTTP/1.1 400 ").contains("application/problem+json");
    assertThat(gateway.intake.received()).isEmpty();
  }

  /** One Alertmanager notification of {@code n} alerts, each on its own pod. */
  private static String batchOf(int n) {
    StringBuilder alerts = new StringBuilder();
    for (int i = 0; i < n; i++) {
      alerts.append(i == 0 ? "" : ",").append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"KubePodCrashLooping\","
          + "\"namespace\":\"shop-prod\",\"pod\":\"checkout-").append(i).append("\",\"severity\":\"warning\"},"
          + "\"annotations\":{},\"startsAt\":\"2026-11-20T10:00:00Z\",\"fingerprint\":\"0123456789abcdef\"}");
    }
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"kubernaut\",\"groupLabels\":{},\"commonLabels\":{},"
        + "\"commonAnnotations\":{},\"externalURL\":\"http://am\",\"alerts\":[" + alerts + "]}";
  }
}
