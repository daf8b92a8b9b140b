package io.kubernaut.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.out.HealthIndicator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  private static final class Switch implements HealthIndicator {
    volatile boolean ready;

    @Override
    public String component() {
      return "database";
    }

    @Override
    public Health health() {
      return ready ? Health.up("migrated") : Health.down("The audit database is not migrated yet.");
    }
  }

  @Test
  void readinessIs503UntilEveryComponentIsReadyAnd503AgainWhileDraining() {
    Switch database = new Switch();
    AtomicBoolean draining = new AtomicBoolean(false);
    try (ApiTestServer server = ApiTestServer.start(
        new HealthRoutes(Set.of(database), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), draining::get))) {
      var notReady = server.anonymousGet("/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("not migrated yet");

      database.ready = true;
      assertThat(server.anonymousGet("/readyz").statusCode()).isEqualTo(200);
      assertThat(server.anonymousGet("/healthz").statusCode()).isEqualTo(200);

      draining.set(true);
      var shuttingDown = server.anonymousGet("/readyz");
      assertThat(shuttingDown.statusCode()).isEqualTo(503);
      assertThat(shuttingDown.body()).contains("shutting down");
      assertThat(server.anonymousGet("/healthz").statusCode()).isEqualTo(200);
    }
  }
}
