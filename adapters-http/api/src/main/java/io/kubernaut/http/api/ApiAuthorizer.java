package io.kubernaut.http.api;

import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.ports.access.Caller;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.AccessReviewer;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether an authenticated caller may use the matched {@code /api/**} route: each route
 * declares one {@link RequiredPermission}; the static tokens hold fixed permissions, reviewed
 * users hold what RBAC grants them on the virtual resources of {@code kubernaut.io}
 * (SubjectAccessReview). A route that declares no permission is refused, so a new route cannot be
 * open by omission. A refusal is 403 naming the missing permission.
 */
final class ApiAuthorizer {

  private final boolean staticTokens;
  private final AccessReviewer reviewer;

  ApiAuthorizer(boolean staticTokens, AccessReviewer reviewer) {
    this.staticTokens = staticTokens;
    this.reviewer = reviewer;
  }

  /** Lets the request through or throws a 403/503 problem. */
  void authorize(Context ctx) {
    Caller caller = ctx.attribute(ApiAuthenticator.CALLER_ATTRIBUTE);
    if (caller == null) {
      throw new HttpProblem(401, "Unauthorized", "This endpoint needs an Authorization: Bearer <token> header.");
    }
    Optional<Permission> needed = declared(ctx);
    if (needed.isEmpty() && ctx.method() == io.javalin.http.HandlerType.HEAD) {
      // Javalin matches a HEAD to a GET route without its roles: no route serves HEAD, which is no route defect.
      throw new HttpProblem(405, "Method Not Allowed", "HEAD is not served on " + ctx.path() + "; use GET.");
    }
    if (needed.isEmpty()) {
      throw new HttpProblem(403, "Forbidden", ctx.method() + " " + ctx.path()
          + " declares no permission, so nobody may use it; this is a defect of the route, please report it.");
    }
    Permission permission = needed.get();
    if (!holds(caller, permission)) {
      throw HttpProblem.of(403, "Forbidden", "User '" + caller.username() + "' may not " + permission.verb() + " "
          + permission.qualifiedResource() + " in API group " + Permission.API_GROUP + ", which " + ctx.method() + " "
          + ctx.path() + " needs. " + advice(permission),
          List.of("missing permission: verb=" + permission.verb() + ", resource=" + permission.qualifiedResource()
              + ", apiGroup=" + Permission.API_GROUP));
    }
  }

  /** The permission the matched route declares; a loop, as every signal request asks. */
  private static Optional<Permission> declared(Context ctx) {
    for (Object role : ctx.routeRoles()) {
      if (role instanceof RequiredPermission required) {
        return Optional.of(required.permission());
      }
    }
    return Optional.empty();
  }

  private boolean holds(Caller caller, Permission permission) {
    if (staticTokens) {
      return StaticCredentials.permissions(caller).contains(permission);
    }
    try {
      return reviewer.permits(caller, permission);
    } catch (RetryableException e) {
      throw HttpProblem.unavailable("The permission could not be reviewed because the API server is unavailable.", 5);
    }
  }

  private String advice(Permission permission) {
    return staticTokens ? "The ingest token may only post signals; use the admin token."
        : "Bind a ClusterRole that grants it: the chart ships ClusterRoles ending in -ingest (signals), -viewer (read) "
            + "and -approver (read, approve and reject, investigate), named kubernaut-ingest and so on for a release named kubernaut; "
            + "kubectl get clusterroles -l app.kubernetes.io/part-of=kubernaut lists them.";
  }
}
