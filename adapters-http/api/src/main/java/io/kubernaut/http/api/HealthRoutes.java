package io.kubernaut.http.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.out.HealthIndicator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Liveness, readiness, Prometheus metrics and the OpenAPI document; none needs a token.
 *
 * <p>{@code /readyz} answers 503 (NOT_READY) only while draining or while a component that
 * {@linkplain HealthIndicator#gatesReadiness() gates readiness} is down: then the gateway cannot
 * persist alerts. A component it does without (the audit database) being down answers 200 with
 * status DEGRADED and the {@code Degraded} condition. Each component is asked on a background
 * thread and gets {@link #CHECK_DEADLINE} to answer, well inside the kubelet's probe timeout.
 * The gauges {@value #COMPONENT_READY} (per component) and {@value #DEGRADED} carry the same.
 */
final class HealthRoutes implements RouteGroup {

  static final Duration CHECK_DEADLINE = Duration.ofSeconds(1);
  static final String COMPONENT_READY = "kubernaut_component_ready";
  static final String DEGRADED = "kubernaut_degraded";
  private static final ExecutorService CHECKS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kubernaut-health-check");
    t.setDaemon(true);
    return t;
  });

  private final List<HealthProber> probers;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier draining;
  private final byte[] openApi;

  HealthRoutes(Set<HealthIndicator> indicators, PrometheusMeterRegistry registry, BooleanSupplier draining) {
    this(indicators, registry, draining, CHECK_DEADLINE);
  }

  HealthRoutes(Set<HealthIndicator> indicators, PrometheusMeterRegistry registry, BooleanSupplier draining,
      Duration deadline) {
    this.probers = indicators.stream().sorted(Comparator.comparing(HealthIndicator::component))
        .map(i -> new HealthProber(i, deadline, CHECKS)).toList();
    this.registry = registry;
    this.draining = draining;
    try (InputStream in = HealthRoutes.class.getResourceAsStream("/openapi.json")) {
      this.openApi = in == null ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registerGauges();
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
    List<String> requiredDown = new ArrayList<>();
    List<String> optionalDown = new ArrayList<>();
    boolean shuttingDown = draining.getAsBoolean();
    if (shuttingDown) {
      components.put("http", Map.of("ready", false, "gatesReadiness", true,
          "detail", "The server is shutting down and drains requests."));
    }
    for (HealthProber prober : probers) {
      HealthIndicator indicator = prober.indicator();
      HealthIndicator.Health health = prober.probe();
      if (!health.ready()) {
        (indicator.gatesReadiness() ? requiredDown : optionalDown).add(indicator.component() + " (" + health.detail() + ")");
      }
      components.put(indicator.component(), Map.of("ready", health.ready(), "gatesReadiness",
          indicator.gatesReadiness(), "detail", health.detail()));
    }
    boolean ready = !shuttingDown && requiredDown.isEmpty();
    String status = !ready ? "NOT_READY" : optionalDown.isEmpty() ? "READY" : "DEGRADED";
    ctx.status(ready ? 200 : 503).json(Map.of("status", status, "components", components,
        "conditions", List.of(readyCondition(shuttingDown, requiredDown), degradedCondition(optionalDown))));
  }

  private static Map<String, String> readyCondition(boolean shuttingDown, List<String> requiredDown) {
    if (shuttingDown) {
      return condition("Ready", false, ReadinessReason.ShuttingDown,
          "The server is shutting down: it drains requests and takes no new alerts.");
    }
    if (!requiredDown.isEmpty()) {
      return condition("Ready", false, ReadinessReason.RequiredComponentUnavailable,
          "The gateway cannot persist alerts while " + String.join("; ", requiredDown)
              + " is down; Alertmanager retries elsewhere or later.");
    }
    return condition("Ready", true, ReadinessReason.ComponentsReady, "The gateway can persist alerts.");
  }

  private static Map<String, String> degradedCondition(List<String> optionalDown) {
    if (optionalDown.isEmpty()) {
      return condition("Degraded", false, ReadinessReason.ComponentsReady, "Every component is available.");
    }
    return condition("Degraded", true, ReadinessReason.OptionalComponentUnavailable,
        "Alerts are still accepted, but " + String.join("; ", optionalDown) + (optionalDown.size() == 1 ? " is" : " are")
            + " down.");
  }

  private static Map<String, String> condition(String type, boolean status, ReadinessReason reason, String message) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", status ? "True" : "False");
    c.put("reason", reason.name());
    c.put("message", message);
    return c;
  }

  /** Gauges read the last completed check without waiting for one. */
  private void registerGauges() {
    for (HealthProber prober : probers) {
      Gauge.builder(COMPONENT_READY, prober, p -> p.latest().ready() ? 1 : 0)
          .description("1 while the component answers ready, 0 while it is down")
          .tag("component", prober.indicator().component())
          .tag("gates_readiness", Boolean.toString(prober.indicator().gatesReadiness()))
          .register(registry);
    }
    Gauge.builder(DEGRADED, this, r -> r.probers.stream()
            .anyMatch(p -> !p.indicator().gatesReadiness() && !p.latest().ready()) ? 1 : 0)
        .description("1 while a component the gateway does without (the audit database) is down")
        .register(registry);
  }
}
