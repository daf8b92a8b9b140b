package io.kubernaut.http.api.investigation;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.analysis.ApprovalAnswer;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.ApprovalStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/remediations/{name}/approve|reject}: records the authenticated user's
 * decision as the same annotations {@code kubectl annotate} sets. 404 for an unknown
 * remediation, 409 when it does not await approval.
 */
final class ApprovalRoutes implements RouteGroup {

  /** Where the API authenticator leaves the authenticated user. */
  static final String USER_ATTRIBUTE = "kubernaut.user";
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final ApprovalStore store;

  ApprovalRoutes(ApprovalStore store) {
    this.store = store;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/remediations/{name}/approve", ctx -> decide(ctx, true), RequiredPermission.of(Permission.APPROVAL_UPDATE));
    routes.post("/api/v1/remediations/{name}/reject", ctx -> decide(ctx, false), RequiredPermission.of(Permission.APPROVAL_UPDATE));
  }

  private void decide(Context ctx, boolean approved) {
    String name = ctx.pathParam("name");
    if (!NAME.matcher(name).matches()) {
      throw HttpProblem.of(400, "Bad Request", "'" + name + "' is not an AlertRemediation name.", List.of());
    }
    Object attribute = ctx.attribute(USER_ATTRIBUTE);
    String user = attribute == null ? "unknown" : attribute.toString();
    ApprovalAnswer answer;
    try {
      answer = store.decide(name, approved, user);
    } catch (RetryableException e) {
      throw HttpProblem.of(503, "Service Unavailable", "The decision could not be recorded because the Kubernetes API "
          + "server is unavailable; retry.", List.of());
    } catch (PermanentException e) {
      throw HttpProblem.of(409, "Conflict", "AlertRemediation " + name + " changed while the decision was recorded; "
          + "read it again and retry: " + e.getMessage(), List.of());
    }
    switch (answer.outcome()) {
      case NOT_FOUND -> throw HttpProblem.of(404, "Not Found", "There is no AlertRemediation named " + name + ".", List.of());
      case NOT_AWAITING_APPROVAL -> throw HttpProblem.of(409, "Conflict", "AlertRemediation " + name + " is "
          + answer.phase() + ", not AwaitingApproval, so it cannot be " + (approved ? "approved" : "rejected") + ".",
          List.of());
      case RECORDED -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("remediation", name);
        body.put("decision", approved ? "approved" : "rejected");
        body.put("decidedBy", user);
        body.put("message", "Recorded; the controller " + (approved ? "starts the workflow" : "fails the remediation")
            + " on its next reconcile. Watch it with kubectl get ar " + name + ".");
        ctx.status(202).json(body);
      }
    }
  }
}
