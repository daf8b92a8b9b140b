package io.kubernaut.http.api.audit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.out.AuditQueries;
import java.util.List;

/**
 * {@code GET /api/v1/remediations/{name}/timeline}: read from the audit database, so it answers
 * after the custom resources were deleted; 404 when the database knows nothing of the name.
 */
final class TimelineRoutes implements RouteGroup {

  static final String PATH = "/api/v1/remediations/{name}/timeline";

  private final AuditQueries queries;

  TimelineRoutes(AuditQueries queries) {
    this.queries = queries;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(PATH, this::timeline, RequiredPermission.of(Permission.REMEDIATIONS_GET));
  }

  private void timeline(Context ctx) {
    String name = ctx.pathParam("name");
    if (!QueryParams.OBJECT_NAME.matcher(name).matches()) {
      throw HttpProblem.of(400, "Bad Request", "'" + name + "' is not an AlertRemediation name (lower-case letters, "
          + "digits, '-' and '.').", List.of());
    }
    var timeline = StoreCalls.ask("read a timeline", () -> queries.timeline(name)).orElseThrow(() ->
        HttpProblem.of(404, "Not Found", "The audit trail has no event of remediation '" + name + "'. Check the name "
            + "(kubectl get alertremediations), or wait a moment if it was created just now.", List.of()));
    ctx.json(TimelineView.of(timeline));
  }
}
