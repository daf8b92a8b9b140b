package io.kubernaut.http.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.out.HealthIndicator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Liveness, readiness, Prometheus metrics and the OpenAPI document; none needs a token. */
final class HealthRoutes implements RouteGroup {

  private final Set<HealthIndicator> indicators;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier draining;
  private final byte[] openApi;

  HealthRoutes(Set<HealthIndicator> indicators, PrometheusMeterRegistry registry, BooleanSupplier draining) {
    this.indicators = Set.copyOf(indicators);
    this.registry = registry;
    this.draining = draining;
    try (InputStream in = HealthRoutes.class.getResourceAsStream("/openapi.json")) {
      this.openApi = in == null ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "UP")));
    routes.get("/readyz", this::readiness);
    routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
  }

  private void readiness(Context ctx) {
    Map<String, Object> components = new LinkedHashMap<>();
    boolean ready = !draining.getAsBoolean();
    if (!ready) {
      components.put("http", Map.of("ready", false, "detail", "The server is shutting down and drains requests."));
    }
    for (HealthIndicator indicator : indicators) {
      HealthIndicator.Health health = indicator.health();
      ready &= health.ready();
      components.put(indicator.component(), Map.of("ready", health.ready(), "detail", health.detail()));
    }
    ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "READY" : "NOT_READY", "components", components));
  }
}
