package io.kubernaut.http.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.notification.DeliveryResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Posts one JSON document with the JDK HTTP client and classifies the answer: 2xx delivered;
 * 408, 429 and 5xx, timeouts and connection faults transient (with the server's
 * {@code Retry-After}); any other status permanent. The URL is a secret for most channels and
 * never appears in a result; response snippets are redacted.
 */
final class HttpPoster {

  private static final int SNIPPET = 200;

  private final HttpClient client;
  private final ObjectMapper json;
  private final RedactSecrets redactor;

  HttpPoster(HttpClient client, ObjectMapper json, RedactSecrets redactor) {
    this.client = client;
    this.json = json;
    this.redactor = redactor;
  }

  DeliveryResult post(URI url, Object body, Map<String, String> headers, Duration timeout) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      return DeliveryResult.permanentFailure("The payload could not be serialised: " + e.getOriginalMessage());
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "kubernaut-notifier")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return classify(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    } catch (HttpTimeoutException e) {
      return DeliveryResult.transientFailure("The request timed out after " + timeout.toMillis() + " ms.");
    } catch (IOException e) {
      return DeliveryResult.transientFailure("The endpoint could not be reached (" + e.getClass().getSimpleName() + ").");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeliveryResult.transientFailure("Interrupted while sending.");
    }
  }

  /** The classification of an HTTP answer; see the class comment. */
  DeliveryResult classify(int status, String body, Optional<String> retryAfter) {
    String what = "HTTP " + status + snippet(body);
    if (status >= 200 && status < 300) {
      return DeliveryResult.delivered(what);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return DeliveryResult.transientFailure(what, retryAfter.flatMap(HttpPoster::seconds).orElse(null));
    }
    return DeliveryResult.permanentFailure(what);
  }

  private String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String s = body.strip();
    return ": " + redactor.redact(s.length() > SNIPPET ? s.substring(0, SNIPPET) + "..." : s);
  }

  private static Optional<Duration> seconds(String header) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
