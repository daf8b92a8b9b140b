package io.kubernaut.http.api.action;

import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.out.ActionCatalog;
import java.util.Set;

/** The action catalog's API, the one public entry of this package: {@code GET /api/v1/actions}. */
public final class ActionApi {

  private ActionApi() {}

  /** The route group over the catalog. */
  public static Set<RouteGroup> routes(ActionCatalog catalog) {
    return Set.of(new ActionRoutes(catalog));
  }
}
