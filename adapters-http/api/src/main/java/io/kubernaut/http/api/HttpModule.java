package io.kubernaut.http.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import io.kubernaut.http.api.action.ActionApi;
import io.kubernaut.http.api.audit.AuditApi;
import io.kubernaut.http.api.console.ConsoleApi;
import io.kubernaut.http.api.investigation.InvestigationApi;
import io.kubernaut.http.api.notify.NotifyApi;
import io.kubernaut.http.api.route.RequestBodies;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.in.IngestSignal;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.out.AccessReviewer;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.ApprovalStore;
import io.kubernaut.ports.out.AuditChainVerifier;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.HealthIndicator;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.out.RemediationBoard;
import io.kubernaut.ports.out.RemediationHistory;
import io.kubernaut.ports.out.TokenReviewer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.inject.Named;
import javax.inject.Singleton;

/**
 * The HTTP API's one public Dagger module: the Javalin server and every route group it serves.
 *
 * <p>Needs {@link HttpSettings}, a {@link Clock}, the {@link PrometheusMeterRegistry} (scraped by
 * {@code /metrics}), the {@link HealthIndicator}s, and the ports the routes drive: the use cases
 * {@link IngestSignal}, {@link AnalyzeAlert} and {@link ProcessAlert}; {@link TokenReviewer}, {@link AccessReviewer},
 * {@link AuditTrail}, {@link AuditQueries}, {@link RemediationHistory}, {@link ClusterInspector},
 * {@link ActionCatalog}, {@link PolicySource}, {@link ApprovalStore}, {@link RemediationBoard} and
 * {@link Notifier}.
 */
@Module
public abstract class HttpModule {

  private HttpModule() {}

  @Provides
  @Singleton
  static ObjectMapper objectMapper() {
    return Json.mapper();
  }

  @Provides
  @Singleton
  @Named("http.draining")
  static AtomicBoolean draining() {
    return new AtomicBoolean(false);
  }

  @Provides
  static RequestBodies requestBodies(ObjectMapper mapper, HttpSettings settings) {
    return new RequestBodies(mapper, settings.maxBodyBytes());
  }

  @Provides
  @IntoSet
  static RouteGroup signalRoutes(IngestSignal intake, RequestBodies bodies, HttpSettings settings,
      PrometheusMeterRegistry registry, Clock clock, ObjectMapper json) {
    return new SignalRoutes(intake, bodies, new SignatureVerifier(settings.hmacSecret(), clock),
        settings.maxConcurrentIntake(), registry, clock, json);
  }

  @Provides
  @IntoSet
  static RouteGroup healthRoutes(Set<HealthIndicator> indicators, PrometheusMeterRegistry registry,
      @Named("http.draining") AtomicBoolean draining) {
    return new HealthRoutes(indicators, registry, draining::get);
  }

  @Provides
  @ElementsIntoSet
  static Set<RouteGroup> auditRoutes(AuditTrail trail, AuditQueries queries, RemediationHistory history,
      ClusterInspector cluster, RequestBodies bodies, PrometheusMeterRegistry registry, Clock clock) {
    return AuditApi.routes(trail, queries, history, cluster, bodies, registry, clock);
  }

  @Provides
  @IntoSet
  static RouteGroup auditVerifyRoutes(AuditChainVerifier verifier, Clock clock) {
    return AuditApi.verifyRoutes(verifier, clock);
  }

  @Provides
  @ElementsIntoSet
  static Set<RouteGroup> actionRoutes(ActionCatalog catalog) {
    return ActionApi.routes(catalog);
  }

  @Provides
  @ElementsIntoSet
  static Set<RouteGroup> investigationRoutes(AnalyzeAlert analyzer, ProcessAlert processor, PolicySource policies,
      RemediationHistory history, AuditQueries audit, ApprovalStore approvals, ObjectMapper json, Clock clock,
      HttpSettings settings) {
    return InvestigationApi.routes(analyzer, processor, policies, history, audit, approvals, json, clock,
        settings.maxConcurrentAnalyses());
  }

  @Provides
  @ElementsIntoSet
  static Set<RouteGroup> notifyRoutes(Notifier notifier, ObjectMapper json) {
    return NotifyApi.routes(notifier, json);
  }

  @Provides
  @ElementsIntoSet
  static Set<RouteGroup> consoleRoutes(RemediationBoard board, Clock clock) {
    return ConsoleApi.routes(board, clock);
  }

  @Provides
  @Singleton
  static HttpServer httpServer(HttpSettings settings, Set<RouteGroup> groups, TokenReviewer tokens,
      AccessReviewer access, ObjectMapper mapper, @Named("http.draining") AtomicBoolean draining) {
    ApiAuthenticator authenticator = ApiAuthenticator.of(settings, tokens);
    return new HttpServer(settings, groups, authenticator, new ApiAuthorizer(authenticator.staticTokens(), access),
        mapper, draining);
  }
}
