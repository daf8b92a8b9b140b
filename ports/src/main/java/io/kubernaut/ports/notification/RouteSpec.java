package io.kubernaut.ports.notification;

import java.util.List;
import java.util.Map;

/**
 * One node of an Alertmanager-style route tree, as read from the notification config.
 *
 * <p>A notification enters at the root. Children are tried in order; the first one whose matchers
 * all hold takes it, and the search stops there unless that child says {@code continue}. A child
 * that takes a notification hands it down to its own children the same way; when none of those
 * match, the child's own receiver gets it. When no child of the root matches, the root's receiver
 * (the default receiver) gets it. A node without a receiver inherits its parent's.
 *
 * <p>Matcher keys are {@code type}, {@code environment}, {@code severity}, {@code namespace},
 * {@code priority} and {@code phase}. {@code match} compares case-insensitively; {@code matchRe}
 * values are regular expressions that must match the whole value.
 *
 * @param match equality matchers
 * @param matchRe regular-expression matchers
 * @param receiver the receiver name, or null to inherit
 * @param continueMatching whether later siblings are tried after this node matched
 * @param routes child routes, in order
 */
public record RouteSpec(
    Map<String, String> match,
    Map<String, String> matchRe,
    String receiver,
    boolean continueMatching,
    List<RouteSpec> routes) {
  public RouteSpec {
    match = Map.copyOf(match == null ? Map.of() : match);
    matchRe = Map.copyOf(matchRe == null ? Map.of() : matchRe);
    routes = List.copyOf(routes == null ? List.of() : routes);
  }
}
