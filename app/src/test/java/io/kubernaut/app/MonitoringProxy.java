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

/**
 * Stands between the operator and a real monitoring API (GET only, as the operator's queries are):
 * forwards each request unchanged (dropping the connection unanswered when the real API is down),
 * or, while the test asks, answers every request itself with a
 * status and body of its choosing (an error, JSON that is not the API's), as a broken API would.
 */
final class MonitoringProxy implements AutoCloseable {

  /** A canned answer instead of the real API's. */
  record Fault(int status, String contentType, String body) {}

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final HttpServer server;
  private volatile URI target;
  private volatile Fault fault;

  MonitoringProxy() {
    server = LoopbackServer.start(this::answer);
  }

  /**
   * Forwards every request (method, body and its type) to {@code target} (the real API's base URL)
   * from now on, unless a fault is set.
   */
  void forwardTo(URI target) {
    this.target = target;
  }

  /** Answers every request with {@code fault} until {@link #heal}. */
  void fail(Fault fault) {
    this.fault = fault;
  }

  void heal() {
    this.fault = null;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void answer(HttpExchange exchange) throws IOException {
    Fault now = fault;
    int status;
    String contentType;
    String body;
    if (now != null || target == null) {
      Fault answered = now != null ? now : new Fault(503, "text/plain", "no target yet");
      status = answered.status();
      contentType = answered.contentType();
      body = answered.body();
    } else {
      try {
        byte[] sent = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(
                exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()))).timeout(Duration.ofSeconds(10))
            .method(exchange.getRequestMethod(), sent.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(sent));
        String sentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (sentType != null) {
          forward.header("Content-Type", sentType);
        }
        HttpResponse<String> response = HTTP.send(forward.build(), HttpResponse.BodyHandlers.ofString());
        status = response.statusCode();
        contentType = response.headers().firstValue("Content-Type").orElse("application/json");
        body = response.body();
      } catch (IOException e) {
        exchange.close(); // the real API is down: drop the connection unanswered, as the API itself would
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 502;
        contentType = "text/plain";
        body = "";
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", contentType);
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
