package io.kubernaut.http.api.audit;

import io.kubernaut.http.api.route.RequestBodies;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.out.AuditChainVerifier;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.RemediationHistory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The audit, context and intelligence APIs, the one public entry of this package: route groups
 * for {@code /api/v1/audit/events}, {@code /api/v1/remediations/{name}/timeline},
 * {@code /api/v1/context}, {@code /api/v1/intelligence/*} and {@code /api/v1/audit/verify}, and the
 * audit trail's meters.
 */
public final class AuditApi {

  /** How long the context API may spend reading the cluster. */
  static final Duration CONTEXT_BUDGET = Duration.ofSeconds(2);

  private AuditApi() {}

  /** The route groups; registers the audit trail's meters in {@code registry} on the way. */
  public static Set<RouteGroup> routes(AuditTrail trail, AuditQueries queries, RemediationHistory history,
      ClusterInspector cluster, RequestBodies bodies, MeterRegistry registry, Clock clock) {
    AuditMetrics.register(registry, trail);
    return Set.of(new AuditEventRoutes(trail, queries, bodies, clock), new TimelineRoutes(queries),
        new ContextRoutes(cluster, history, CONTEXT_BUDGET), new IntelligenceRoutes(history, clock));
  }

  /** {@code GET /api/v1/audit/verify}: whether the audit trail's hash chains hold. */
  public static RouteGroup verifyRoutes(AuditChainVerifier verifier, Clock clock) {
    return new AuditVerifyRoutes(verifier, clock);
  }
}
