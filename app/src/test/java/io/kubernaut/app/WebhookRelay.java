package io.kubernaut.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sits between a real Alertmanager and the operator's gateway: records every delivery (its
 * {@code Authorization} header, body and the answer) and forwards it unchanged, or answers
 * {@code 503} instead for as many deliveries as the test asks, as an overloaded gateway would.
 */
final class WebhookRelay implements AutoCloseable {

  /** One delivery Alertmanager made, and what it was answered. */
  record Delivery(String authorization, String body, int answered) {}

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final HttpServer server;
  private final String path;
  private volatile URI target;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger refusals = new AtomicInteger();

  /** A relay for deliveries to {@code path}; they are forwarded once {@link #forwardTo} names the target. */
  WebhookRelay(String path) {
    this.path = path;
    server = LoopbackServer.start(this::relay);
  }

  private volatile String refused;

  /** Forwards deliveries to {@code target} (the operator's signal route). */
  void forwardTo(URI target) {
    this.target = target;
  }

  /** The next {@code count} deliveries, whatever they carry, are answered 503 and not forwarded. */
  void refuseNext(int count) {
    refused = "";
    refusals.set(count);
  }

  /**
   * The next {@code count} deliveries that carry alert {@code alertname} are answered 503 and not
   * forwarded (a late delivery of another test's alert does not use them up).
   */
  void refuseNext(int count, String alertname) {
    refused = "\"alertname\":\"" + alertname + "\"";
    refusals.set(count);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  private void relay(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
    int status;
    String answer;
    String refusedAlert = refused;
    boolean refuse = refusedAlert != null && body.contains(refusedAlert) && refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    if (refuse || target == null) {
      status = 503;
      answer = "{\"title\":\"Service Unavailable\",\"status\":503}";
    } else {
      try {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        status = response.statusCode();
        answer = response.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 502;
        answer = "";
      }
    }
    deliveries.add(new Delivery(authorization, body, status));
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
