package io.kubernaut.http.api.route;

import io.javalin.config.RoutesConfig;

/** A set of related routes, contributed to the one Javalin server with Dagger {@code @IntoSet}. */
public interface RouteGroup {
  void addTo(RoutesConfig routes);
}
