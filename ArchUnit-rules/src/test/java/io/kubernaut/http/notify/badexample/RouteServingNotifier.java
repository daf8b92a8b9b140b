package io.kubernaut.http.notify.badexample;

import io.javalin.config.RoutesConfig;
import io.kubernaut.http.api.route.RouteGroup;

/**
 * Deliberately bad: a class of the notification sub-module that serves a route, so it reaches into
 * the API sub-module and into Javalin. Only the rules' self-test imports it.
 */
public final class RouteServingNotifier implements RouteGroup {
  @Override
  public void addTo(RoutesConfig routes) {
    routes.get("/notify-directly", ctx -> ctx.result("sent"));
  }
}
