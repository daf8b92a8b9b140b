package io.kubernaut.http.api.audit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.out.RemediationHistory;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/context?namespace=&kind=&name=}: the target's Kubernetes context (read through
 * {@link ClusterInspector} within a short budget) and its remediation history. Neither part fails
 * the request: what could not be read is named in {@code degradations}.
 */
final class ContextRoutes implements RouteGroup {

  static final String PATH = "/api/v1/context";
  static final int DEFAULT_HISTORY = 20;

  /** The answer. {@code kubernetes} is the enrichment record the pipeline itself uses. */
  record ContextView(Views.TargetView target, Enrichment kubernetes, List<Views.RemediationView> history,
      List<String> degradations) {}

  private final ClusterInspector cluster;
  private final RemediationHistory history;
  private final Duration budget;

  ContextRoutes(ClusterInspector cluster, RemediationHistory history, Duration budget) {
    this.cluster = cluster;
    this.history = history;
    this.budget = budget;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(PATH, this::context, RequiredPermission.of(Permission.CONTEXT_GET));
  }

  private void context(Context ctx) {
    QueryParams p = new QueryParams(ctx);
    String kind = p.required("kind", QueryParams.KIND, "a Kubernetes kind such as Deployment, Pod or Node");
    String name = p.required("name", QueryParams.OBJECT_NAME, "a Kubernetes object name");
    String namespace = p.matching("namespace", QueryParams.NAMESPACE, "a namespace name (omit it for Node)").orElse("");
    int limit = p.integer("limit", 1, 200, DEFAULT_HISTORY);
    p.check();
    TargetRef target = new TargetRef(kind, namespace, name);
    Enrichment kubernetes = cluster.enrich(target, budget);
    List<String> degradations = new ArrayList<>(kubernetes.degradations());
    List<Views.RemediationView> past = List.of();
    try {
      past = history.historyOf(target, limit).stream().map(Views.RemediationView::of).toList();
    } catch (RetryableException e) {
      degradations.add("The remediation history could not be read because the audit database is unavailable ("
          + e.getMessage() + "); ask again later.");
    }
    ctx.json(new ContextView(Views.TargetView.of(target), kubernetes, past, degradations));
  }
}
