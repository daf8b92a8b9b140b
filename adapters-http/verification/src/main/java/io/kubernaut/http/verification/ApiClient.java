package io.kubernaut.http.verification;

import io.kubernaut.http.verification.VerificationSettings.Endpoint;
import io.kubernaut.ports.failure.CircuitBreaker;
import io.kubernaut.ports.failure.RetryableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one monitoring API (Prometheus or Alertmanager) behind its circuit breaker. Any HTTP
 * answer comes back as a {@link Reply}, for the caller to read; no answer at all (refused
 * connection, timeout, open breaker, unreadable token file) is a {@link RetryableException} whose
 * message is a sentence naming the service. No answer, 429 and 5xx count against the breaker; any
 * other status says the service is up. Credentials are sent, never logged or put in a message.
 */
final class ApiClient {

  private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);

  /** One HTTP answer. */
  record Reply(int status, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final String service;
  private final Endpoint endpoint;
  private final HttpClient http;
  private final Duration timeout;
  private final CircuitBreaker breaker;

  ApiClient(String service, Endpoint endpoint, HttpClient http, Duration timeout, CircuitBreaker breaker) {
    this.service = service;
    this.endpoint = endpoint;
    this.http = http;
    this.timeout = timeout;
    this.breaker = breaker;
  }

  Reply get(String pathAndQuery) {
    return send(request(pathAndQuery).GET());
  }

  Reply post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  Reply delete(String path) {
    return send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    String base = endpoint.url().toString().replaceAll("/+$", "");
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
        .header("Accept", "application/json");
  }

  private Reply send(HttpRequest.Builder request) {
    if (!breaker.allowsAttempt()) {
      throw new RetryableException(service + " is not called for another " + seconds(breaker.remainingOpen())
          + " after repeated failures (circuit breaker open).");
    }
    authorize(request);
    HttpRequest built = request.build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw noAnswer(service + " did not answer within " + millisOrSeconds(timeout) + ".", e);
    } catch (IOException e) {
      throw noAnswer(service + " at " + endpoint.url() + " could not be reached: " + describe(e) + ".", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryableException("The call to " + service + " was interrupted.", e);
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      failed(service + " answered HTTP " + status + ".");
    } else {
      breaker.recordSuccess();
    }
    LOG.debug("{} {} {} answered {}", service, built.method(), built.uri().getRawPath(), status);
    return new Reply(status, response.body() == null ? "" : response.body());
  }

  private void authorize(HttpRequest.Builder request) {
    if (endpoint.token().isPresent()) {
      request.header("Authorization", "Bearer " + endpoint.token().get());
    } else if (endpoint.tokenFile().isPresent()) {
      try {
        request.header("Authorization", "Bearer " + Files.readString(endpoint.tokenFile().get()).strip());
      } catch (IOException | RuntimeException e) {
        throw new RetryableException("The token file of " + service + " (" + endpoint.tokenFile().get()
            + ") could not be read: " + e.getClass().getSimpleName() + ".", e);
      }
    } else if (endpoint.username().isPresent()) {
      String pair = endpoint.username().get() + ":" + endpoint.password().orElse("");
      request.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private RetryableException noAnswer(String message, Exception cause) {
    failed(message);
    return new RetryableException(message, cause);
  }

  /** Counts a failure against the breaker; warns once when it opens. */
  private void failed(String message) {
    boolean wasOpen = breaker.state() == CircuitBreaker.State.OPEN;
    breaker.recordFailure();
    if (!wasOpen && breaker.state() == CircuitBreaker.State.OPEN) {
      LOG.warn("{} is not called for {} after repeated failures (circuit breaker open); last: {}", service,
          seconds(breaker.remainingOpen()), message);
    } else {
      LOG.debug("{}", message);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
  }

  private static String millisOrSeconds(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + " ms" : seconds(d);
  }

  private static String seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000) + " s";
  }
}
