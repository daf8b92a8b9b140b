package io.kubernaut.ports.in;

import io.kubernaut.ports.notification.RouteSpec;
import io.kubernaut.ports.notification.RouteTable;
import java.util.Set;

/** Use case: validates a route tree against the known receivers and compiles it for matching. Pure. */
public interface CompileRoutes {

  /**
   * The compiled table.
   *
   * @throws IllegalArgumentException naming the route path when the root has no receiver, a
   *     receiver is unknown, a matcher key is unknown or a regular expression is malformed
   */
  RouteTable compile(RouteSpec root, Set<String> receivers);
}
