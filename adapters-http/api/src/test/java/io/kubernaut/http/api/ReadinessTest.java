package io.kubernaut.http.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.ports.out.HealthIndicator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  /** A component that is up or down on demand, and may gate readiness or not. */
  private static final class Switch implements HealthIndicator {
    private final String component;
    private final boolean gates;
    volatile boolean ready;

    Switch(String component, boolean gates) {
      this.component = component;
      this.gates = gates;
    }

    @Override
    public String component() {
      return component;
    }

    @Override
    public boolean gatesReadiness() {
      return gates;
    }

    @Override
    public Health health() {
      return ready ? Health.up(component + " is fine") : Health.down("The " + component + " is unreachable.");
    }
  }

  private final Switch kubernetes = new Switch("kubernetes", true);
  private final Switch database = new Switch("database", false);
  private final AtomicBoolean draining = new AtomicBoolean(false);
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void theDatabaseBeingDownIsADegradedStateWithAConditionAndAGaugeNotUnready() throws Exception {
    kubernetes.ready = true;
    try (ApiTestServer server = ApiTestServer.start(new HealthRoutes(Set.of(kubernetes, database), registry,
        draining::get))) {
      var degraded = server.anonymousGet("/readyz");

      assertThat(degraded.statusCode()).isEqualTo(200);
      JsonNode body = Json.mapper().readTree(degraded.body());
      assertThat(body.path("status").asText()).isEqualTo("DEGRADED");
      assertThat(body.path("components").path("database").path("ready").asBoolean()).isFalse();
      assertThat(body.path("components").path("database").path("gatesReadiness").asBoolean()).isFalse();
      JsonNode condition = condition(body, "Degraded");
      assertThat(condition.path("status").asText()).isEqualTo("True");
      assertThat(condition.path("reason").asText()).isEqualTo("OptionalComponentUnavailable");
      assertThat(condition.path("message").asText()).contains("database", "Alerts are still accepted");
      assertThat(condition(body, "Ready").path("status").asText()).isEqualTo("True");
      assertThat(server.anonymousGet("/metrics").body())
          .contains("kubernaut_degraded 1.0")
          .contains("kubernaut_component_ready{component=\"database\",gates_readiness=\"false\"} 0.0")
          .contains("kubernaut_component_ready{component=\"kubernetes\",gates_readiness=\"true\"} 1.0");

      database.ready = true;
      var ready = Json.mapper().readTree(server.anonymousGet("/readyz").body());
      assertThat(ready.path("status").asText()).isEqualTo("READY");
      assertThat(condition(ready, "Degraded").path("status").asText()).isEqualTo("False");
      await().atMost(Duration.ofSeconds(5))
          .until(() -> server.anonymousGet("/metrics").body().contains("kubernaut_degraded 0.0"));
    }
  }

  @Test
  void theKubernetesApiBeingDownIsUnreadyBecauseTheGatewayCannotPersistAlerts() throws Exception {
    database.ready = true;
    try (ApiTestServer server = ApiTestServer.start(new HealthRoutes(Set.of(kubernetes, database), registry,
        draining::get))) {
      var notReady = server.anonymousGet("/readyz");

      assertThat(notReady.statusCode()).isEqualTo(503);
      JsonNode body = Json.mapper().readTree(notReady.body());
      assertThat(body.path("status").asText()).isEqualTo("NOT_READY");
      JsonNode condition = condition(body, "Ready");
      assertThat(condition.path("status").asText()).isEqualTo("False");
      assertThat(condition.path("reason").asText()).isEqualTo("RequiredComponentUnavailable");
      assertThat(condition.path("message").asText()).contains("cannot persist alerts", "kubernetes");

      kubernetes.ready = true;
      assertThat(server.anonymousGet("/readyz").statusCode()).isEqualTo(200);
      assertThat(server.anonymousGet("/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void readinessIs503WhileDrainingWhateverTheComponentsSay() throws Exception {
    kubernetes.ready = true;
    database.ready = true;
    try (ApiTestServer server = ApiTestServer.start(new HealthRoutes(Set.of(kubernetes, database), registry,
        draining::get))) {
      assertThat(server.anonymousGet("/readyz").statusCode()).isEqualTo(200);

      draining.set(true);
      var shuttingDown = server.anonymousGet("/readyz");

      assertThat(shuttingDown.statusCode()).isEqualTo(503);
      assertThat(condition(Json.mapper().readTree(shuttingDown.body()), "Ready").path("reason").asText())
          .isEqualTo("ShuttingDown");
      assertThat(server.anonymousGet("/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aComponentThatHangsIsReportedDownWithinTheDeadlineSoTheProbeDoesNotTimeOut() throws Exception {
    kubernetes.ready = true;
    CountDownLatch release = new CountDownLatch(1);
    HealthIndicator hanging = new HealthIndicator() {
      @Override
      public String component() {
        return "database";
      }

      @Override
      public boolean gatesReadiness() {
        return false;
      }

      @Override
      public Health health() {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Health.up("late");
      }
    };
    try (ApiTestServer server = ApiTestServer.start(new HealthRoutes(Set.of(kubernetes, hanging), registry,
        draining::get, Duration.ofMillis(300)))) {
      long begin = System.nanoTime();
      var answer = server.anonymousGet("/readyz");
      long millis = (System.nanoTime() - begin) / 1_000_000;

      assertThat(millis).isLessThan(2_000);
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode body = Json.mapper().readTree(answer.body());
      assertThat(body.path("status").asText()).isEqualTo("DEGRADED");
      assertThat(body.path("components").path("database").path("detail").asText())
          .contains("did not answer its check within 300 ms");
    } finally {
      release.countDown();
    }
  }

  private static JsonNode condition(JsonNode body, String type) {
    for (JsonNode c : body.path("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return c;
      }
    }
    throw new AssertionError("no condition " + type + " in " + body);
  }
}
