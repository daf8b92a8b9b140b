package io.kubernaut.http.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts one JSON body and reads a JSON answer, classifying failures for the chain: timeouts,
 * connection errors, 429 and 5xx are retryable; other statuses and unparsable bodies permanent.
 */
final class JsonPost {

  private final HttpClient client;
  private final ObjectMapper json;
  private final Duration timeout;

  JsonPost(HttpClient client, ObjectMapper json, Duration timeout) {
    this.client = client;
    this.json = json;
    this.timeout = timeout;
  }

  /** Posts {@code body} to {@code url}; {@code who} names the service in error messages. */
  JsonNode post(String who, String url, String body, Optional<String> bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    bearer.filter(k -> !k.isBlank()).ifPresent(k -> request.header("Authorization", "Bearer " + k));
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new RetryableException(who + " did not answer within " + (timeout.toMillis() < 1000 ? timeout.toMillis() + " ms"
          : timeout.toSeconds() + " s") + ".", e);
    } catch (IOException e) {
      throw new RetryableException(who + " could not be reached: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableException(who + " call was interrupted.", e);
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw new RetryableException(who + " answered HTTP " + status + (status == 429 ? " (rate limited)." : "."));
    }
    if (status < 200 || status >= 300) {
      throw new PermanentException(who + " answered HTTP " + status + "; check its URL, model and key.");
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new PermanentException(who + " answered with a body that is not JSON.", e);
    }
  }
}
