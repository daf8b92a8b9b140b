package io.kubernaut.http.audit;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import io.kubernaut.http.RequestBodies;
import io.kubernaut.http.RouteGroup;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.RemediationHistory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The audit, context and intelligence APIs' one public Dagger module: route groups for
 * {@code /api/v1/audit/events}, {@code /api/v1/remediations/{name}/timeline},
 * {@code /api/v1/context} and {@code /api/v1/intelligence/*}, and the audit trail's meters.
 *
 * <p>Needs {@link AuditTrail}, {@link AuditQueries}, {@link RemediationHistory},
 * {@link ClusterInspector}, the {@link PrometheusMeterRegistry}, a {@link Clock} and the HTTP
 * module's {@link RequestBodies}.
 */
@Module
public abstract class AuditApiModule {

  /** How long the context API may spend reading the cluster. */
  static final Duration CONTEXT_BUDGET = Duration.ofSeconds(2);

  private AuditApiModule() {}

  @Provides
  @IntoSet
  static RouteGroup auditEventRoutes(AuditTrail trail, AuditQueries queries, RequestBodies bodies, Clock clock,
      PrometheusMeterRegistry registry) {
    AuditMetrics.register(registry, trail);
    return new AuditEventRoutes(trail, queries, bodies, clock);
  }

  @Provides
  @IntoSet
  static RouteGroup timelineRoutes(AuditQueries queries) {
    return new TimelineRoutes(queries);
  }

  @Provides
  @IntoSet
  static RouteGroup contextRoutes(ClusterInspector cluster, RemediationHistory history) {
    return new ContextRoutes(cluster, history, CONTEXT_BUDGET);
  }

  @Provides
  @IntoSet
  static RouteGroup intelligenceRoutes(RemediationHistory history, Clock clock) {
    return new IntelligenceRoutes(history, clock);
  }
}
