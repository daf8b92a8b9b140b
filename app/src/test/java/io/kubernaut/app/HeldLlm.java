package io.kubernaut.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible endpoint on loopback that holds every request until the test {@link #release}s
 * it or {@code atMost} has passed, then answers 500, so the investigator chain falls back to the rule
 * engine: it keeps an AIAnalysis in Analyzing for as long as a test needs one there.
 */
final class HeldLlm implements AutoCloseable {

  private final CountDownLatch released = new CountDownLatch(1);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpServer server;

  HeldLlm(Duration atMost) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try {
        released.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.setExecutor(threads);
    server.start();
  }

  /** Answers the held requests and every later one at once. */
  void release() {
    released.countDown();
  }

  /** The settings that make the operator ask this endpoint first, then the rule engine. */
  Map<String, String> settings() {
    return Map.of("KUBERNAUT_INVESTIGATORS", "llm,rules", "KUBERNAUT_LLM_MODEL", "held",
        "KUBERNAUT_LLM_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }
}
