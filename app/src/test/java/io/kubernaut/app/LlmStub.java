package io.kubernaut.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * An OpenAI-compatible chat-completions endpoint on loopback that answers every request with the
 * same assistant message, and keeps the requests it received.
 */
final class LlmStub implements AutoCloseable {

  final List<String> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  /** @param content the assistant message's content, e.g. the analysis JSON */
  LlmStub(String content) throws IOException {
    this(request -> content);
  }

  /** @param content the assistant message's content for a request's body, e.g. an analysis JSON naming its target */
  LlmStub(UnaryOperator<String> content) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(request);
      byte[] body = EmbeddedApp.JSON.writeValueAsBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion",
          "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", content.apply(request)),
              "finish_reason", "stop"))));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  /** The settings that make the operator ask this stub first, then the rule engine. */
  Map<String, String> settings() {
    return Map.of("KUBERNAUT_INVESTIGATORS", "llm,rules",
        "KUBERNAUT_LLM_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
        "KUBERNAUT_LLM_MODEL", "stub-model", "KUBERNAUT_LLM_API_KEY", "sk-test-key-not-a-secret");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
