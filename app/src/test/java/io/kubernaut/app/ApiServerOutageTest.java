package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the API server is unreachable no new problem is accepted: 503 with Retry-After; after it is back, intake resumes.
 * (A duplicate of a remediation already persisted may still be counted in memory and flushed once the server is back, so
 * the outage is probed with a new problem: the same alert on another pod.)
 */
class ApiServerOutageTest {

  @TempDir
  Path dir;

  private static String fixture(String name) throws Exception {
    try (InputStream in = ApiServerOutageTest.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void stoppedApiServerIsAnswered503WithRetryAfterAndARestartedOneAcceptsAgain() throws Exception {
    int port = freePort();
    String body = fixture("crashlooping-firing.json");
    String otherPod = body.replace("checkout-7d9f8b6c4-x2x9q", "checkout-7d9f8b6c4-q8w4z");
    assertThat(otherPod).isNotEqualTo(body);
    EmbeddedApiServer api = new EmbeddedApiServer(dir, "kubernaut-system", port).start();
    try (GatewayInstance gateway = new GatewayInstance(api.url(), Map.of())) {
      assertThat(gateway.post("/api/v1/signals/prometheus", body).statusCode()).isEqualTo(201);

      api.close();
      long started = System.nanoTime();
      HttpResponse<String> down = gateway.post("/api/v1/signals/prometheus", otherPod);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("Retry-After")).contains("5");
      assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(down.body()).contains("nothing was accepted");
      assertThat(took).as("answered well within Alertmanager's notify timeout (at least 10 s)").isLessThan(Duration.ofSeconds(5));

      api = new EmbeddedApiServer(dir, "kubernaut-system", port).start();
      HttpResponse<String> back = gateway.post("/api/v1/signals/prometheus", otherPod);
      assertThat(back.statusCode()).as(back.body()).isEqualTo(201);
    } finally {
      api.close();
    }
  }
}
