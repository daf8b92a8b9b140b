package io.kubernaut.core.notification;

import static io.kubernaut.ports.notification.NotificationDetails.PRIORITY;

import io.kubernaut.ports.in.CompileRoutes;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.RouteSpec;
import io.kubernaut.ports.notification.RouteTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles an Alertmanager-style route tree (see {@link RouteSpec} for the semantics) and answers
 * which receivers a notification goes to. First matching child wins unless it says
 * {@code continue}; unmatched notifications go to the root's (default) receiver.
 */
public final class NotificationRouter implements CompileRoutes {

  /** The attributes a route may match on, and how each is read from a notification. */
  static final Map<String, Function<Notification, String>> ATTRIBUTES = Map.of(
      "type", n -> n.type().name(),
      "environment", Notification::environment,
      "severity", Notification::severity,
      "namespace", Notification::namespace,
      "priority", n -> n.details().getOrDefault(PRIORITY, ""),
      "phase", Notification::phase);

  private record Matcher(String key, Function<Notification, String> attribute, Pattern pattern) {
    boolean test(Notification n) {
      return pattern.matcher(attribute.apply(n)).matches();
    }
  }

  private record Node(List<Matcher> matchers, String receiver, boolean continueMatching, List<Node> children) {
    boolean matches(Notification n) {
      return matchers.stream().allMatch(m -> m.test(n));
    }

    /** Adds the receivers of a notification this node took. */
    void route(Notification n, Set<String> out) {
      boolean taken = false;
      for (Node child : children) {
        if (child.matches(n)) {
          child.route(n, out);
          taken = true;
          if (!child.continueMatching) {
            break;
          }
        }
      }
      if (!taken) {
        out.add(receiver);
      }
    }
  }

  private record Table(Node root) implements RouteTable {
    @Override
    public List<String> receiversFor(Notification notification) {
      Set<String> out = new LinkedHashSet<>();
      root.route(notification, out);
      return List.copyOf(out);
    }
  }

  @Override
  public RouteTable compile(RouteSpec root, Set<String> receivers) {
    if (root == null) {
      throw new IllegalArgumentException("The notification config needs a 'route' with a default receiver.");
    }
    if (root.receiver() == null || root.receiver().isBlank()) {
      throw new IllegalArgumentException("route.receiver is missing: the root route names the default receiver.");
    }
    if (!root.match().isEmpty() || !root.matchRe().isEmpty()) {
      throw new IllegalArgumentException("route must not have matchers: the root route takes every notification.");
    }
    return new Table(node(root, null, "route", receivers));
  }

  private Node node(RouteSpec spec, String inherited, String path, Set<String> receivers) {
    String receiver = spec.receiver() == null || spec.receiver().isBlank() ? inherited : spec.receiver().trim();
    if (!receivers.contains(receiver)) {
      throw new IllegalArgumentException(path + ".receiver names '" + receiver + "', which is not among the receivers "
          + receivers.stream().sorted().toList() + ".");
    }
    List<Matcher> matchers = new ArrayList<>();
    spec.match().forEach((k, v) -> matchers.add(matcher(path + ".match", k,
        Pattern.quote(v == null ? "" : v.trim()))));
    spec.matchRe().forEach((k, v) -> matchers.add(matcher(path + ".matchRe", k, v == null ? "" : v)));
    List<Node> children = new ArrayList<>();
    for (int i = 0; i < spec.routes().size(); i++) {
      children.add(node(spec.routes().get(i), receiver, path + ".routes[" + i + "]", receivers));
    }
    return new Node(List.copyOf(matchers), receiver, spec.continueMatching(), List.copyOf(children));
  }

  private static Matcher matcher(String path, String key, String regex) {
    String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
    Function<Notification, String> attribute = ATTRIBUTES.get(k);
    if (attribute == null) {
      throw new IllegalArgumentException(path + " has the unknown key '" + key + "'; the keys are "
          + ATTRIBUTES.keySet().stream().sorted().toList() + ".");
    }
    try {
      return new Matcher(k, attribute, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(path + "." + key + " is not a valid regular expression: " + e.getDescription()
          + ".", e);
    }
  }
}
