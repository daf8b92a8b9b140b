package io.kubernaut.http.llm;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local HTTP stub on 127.0.0.1: answers every POST with the status, body and delay set, and records bodies. */
final class StubServer implements AutoCloseable {

  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private volatile int status = 200;
  private volatile String body = "{}";
  private volatile long delayMillis;
  private volatile long trickleMillis;

  private StubServer(HttpServer server) {
    this.server = server;
  }

  static StubServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      StubServer stub = new StubServer(server);
      server.createContext("/", exchange -> {
        stub.requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        stub.authorizations.add(auth == null ? "" : auth);
        try {
          Thread.sleep(stub.delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        byte[] bytes = stub.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (stub.trickleMillis > 0 && bytes.length > 1) {
          // The headers and the first byte at once, the rest only after the pause (chunked).
          exchange.sendResponseHeaders(stub.status, 0);
          exchange.getResponseBody().write(bytes, 0, 1);
          exchange.getResponseBody().flush();
          try {
            Thread.sleep(stub.trickleMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          try {
            exchange.getResponseBody().write(bytes, 1, bytes.length - 1);
          } catch (IOException gone) {
            // the client gave up
          }
        } else {
          exchange.sendResponseHeaders(stub.status, bytes.length);
          exchange.getResponseBody().write(bytes);
        }
        exchange.close();
      });
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  StubServer answer(int newStatus, String newBody) {
    this.status = newStatus;
    this.body = newBody;
    return this;
  }

  /** Sends the headers and the first byte of the body at once, the rest after {@code millis}. */
  StubServer trickle(long millis) {
    this.trickleMillis = millis;
    return this;
  }

  StubServer delay(long millis) {
    this.delayMillis = millis;
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
