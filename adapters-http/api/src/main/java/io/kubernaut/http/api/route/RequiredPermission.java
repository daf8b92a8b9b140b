package io.kubernaut.http.api.route;

import io.javalin.security.RouteRole;
import io.kubernaut.ports.access.Permission;
import java.util.Objects;

/**
 * The permission a route needs, declared where the route is added:
 * {@code routes.get(PATH, this::read, RequiredPermission.of(Permission.AUDIT_GET))}. The server
 * refuses any {@code /api/**} route that declares none.
 */
public record RequiredPermission(Permission permission) implements RouteRole {

  public RequiredPermission {
    Objects.requireNonNull(permission, "permission");
  }

  /** The route role for {@code permission}. */
  public static RequiredPermission of(Permission permission) {
    return new RequiredPermission(permission);
  }
}
