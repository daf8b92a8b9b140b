package io.kubernaut.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.route.RequestBodies;
import io.kubernaut.ports.out.TokenReviewer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** A started Javalin gateway over an {@link InMemoryIngestSignal}, and an HTTP client for it. */
final class Gateway implements AutoCloseable {

  static final String TOKEN = "test-token";
  static final int MAX_BODY = 256 * 1024;
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final InMemoryIngestSignal intake = new InMemoryIngestSignal();
  final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpServer server;

  Gateway(Optional<String> hmacSecret, int maxConcurrent) {
    HttpSettings settings = new HttpSettings(0, Optional.of(TOKEN), MAX_BODY, maxConcurrent, hmacSecret);
    SignalRoutes routes = new SignalRoutes(intake, new RequestBodies(Json.mapper(), MAX_BODY),
        new SignatureVerifier(hmacSecret, Clock.systemUTC()), maxConcurrent, metrics, Clock.systemUTC(), Json.mapper());
    TokenReviewer noReview = (token, audience) -> Optional.empty();
    server = new HttpServer(settings, Set.of(routes, new HealthRoutes(Set.of(), metrics, () -> false)),
        ApiAuthenticator.of(settings, noReview), new ApiAuthorizer(true, (caller, permission) -> false), Json.mapper(),
        new AtomicBoolean());
    server.start();
  }

  Gateway() {
    this(Optional.empty(), 16);
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(20));
  }

  HttpResponse<String> post(String path, String body) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String fixture(String path) {
    try (InputStream in = Gateway.class.getResourceAsStream("/fixtures/" + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
