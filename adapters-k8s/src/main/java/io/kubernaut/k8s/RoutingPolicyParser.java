package io.kubernaut.k8s;

import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.pipeline.RoutingPolicy;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.workflow.RollbackStrategy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The routing from {@code routing.yaml} in {@code kubernaut-config}, each entry on top of the defaults:
 * <pre>
 * paths:                        # automatic, approval-required or recommend-only
 *   default: automatic          # every environment and priority named nowhere below
 *   unknown: approval-required  # every priority of an environment
 *   production:                 # or per priority (P0..P3) within an environment
 *     P0: approval-required
 *     default: automatic        # the environment's other priorities
 * rollbackStrategy:             # automatic, manual or none: what a workflow does with its completed
 *   default: automatic          # steps when a critical step fails
 *   production: manual
 * </pre>
 * Every key is strict. A section may also be a single value, which is its {@code default}.
 */
final class RoutingPolicyParser {

  static final String FILE = "routing.yaml";
  static final List<String> TOP_KEYS = List.of("paths", "rollbackStrategy");
  private static final String DEFAULT = "default";

  private RoutingPolicyParser() {}

  static RoutingPolicy parse(Map<String, Object> routing) {
    ConfigKeys.requireKnown(FILE, "", routing, TOP_KEYS);
    RoutingPolicy defaults = RoutingPolicy.defaults();
    RemediationPath fallbackPath = defaults.fallbackPath();
    Map<Environment, RemediationPath> byEnvironment = new EnumMap<>(Environment.class);
    byEnvironment.putAll(defaults.byEnvironment());
    Map<Environment, Map<Priority, RemediationPath>> byPriority = new EnumMap<>(Environment.class);
    for (var entry : table("paths", routing.get("paths")).entrySet()) {
      String key = entry.getKey();
      if (key.equals(DEFAULT)) {
        fallbackPath = path("paths." + key, entry.getValue());
        continue;
      }
      Environment environment = environment("paths", key);
      if (!(entry.getValue() instanceof Map)) {
        byEnvironment.put(environment, path("paths." + key, entry.getValue()));
        continue;
      }
      Map<Priority, RemediationPath> priorities = new EnumMap<>(Priority.class);
      for (var p : ConfigKeys.section(FILE, "paths." + key, entry.getValue()).entrySet()) {
        String where = "paths." + key + "." + p.getKey();
        if (p.getKey().equals(DEFAULT)) {
          byEnvironment.put(environment, path(where, p.getValue()));
        } else {
          priorities.put(priority(where, p.getKey()), path(where, p.getValue()));
        }
      }
      byPriority.put(environment, priorities);
    }
    RollbackStrategy fallbackRollback = defaults.fallbackRollback();
    Map<Environment, RollbackStrategy> rollback = new EnumMap<>(Environment.class);
    for (var entry : table("rollbackStrategy", routing.get("rollbackStrategy")).entrySet()) {
      String where = "rollbackStrategy." + entry.getKey();
      if (entry.getKey().equals(DEFAULT)) {
        fallbackRollback = rollback(where, entry.getValue());
      } else {
        rollback.put(environment("rollbackStrategy", entry.getKey()), rollback(where, entry.getValue()));
      }
    }
    return new RoutingPolicy(fallbackPath, byEnvironment, byPriority, fallbackRollback, rollback);
  }

  /** A section as a map; a single value is its {@code default}; absent is empty. */
  private static Map<String, Object> table(String key, Object value) {
    if (value == null || value instanceof Map) {
      return ConfigKeys.section(FILE, key, value);
    }
    return Map.of(DEFAULT, value);
  }

  private static Environment environment(String section, String key) {
    for (Environment e : Environment.values()) {
      if (e.wireName().equals(key)) {
        return e;
      }
    }
    throw new IllegalArgumentException("Unknown key '" + section + "." + key + "' in " + FILE + "; the keys read there are "
        + "default, development, production, staging, unknown.");
  }

  private static Priority priority(String where, String key) {
    for (Priority p : Priority.values()) {
      if (p.name().equals(key)) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown key '" + where + "' in " + FILE + "; the keys read there are "
        + "P0, P1, P2, P3, default.");
  }

  private static RemediationPath path(String where, Object value) {
    String text = value instanceof String s ? s.trim().toLowerCase(Locale.ROOT).replace('_', '-') : "";
    return switch (text) {
      case "automatic" -> RemediationPath.AUTOMATIC;
      case "approval-required" -> RemediationPath.APPROVAL_REQUIRED;
      case "recommend-only" -> RemediationPath.RECOMMEND_ONLY;
      default -> throw new IllegalArgumentException("'" + where + "' in " + FILE
          + " must be automatic, approval-required or recommend-only, got \"" + value + "\""
          + ("skipped".equals(text) ? ": a namespace is skipped by its kubernaut.io/managed=false label or by "
          + "safety.yaml protectedNamespaces." : "."));
    };
  }

  private static RollbackStrategy rollback(String where, Object value) {
    String text = value instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : "";
    List<String> names = new ArrayList<>();
    for (RollbackStrategy r : RollbackStrategy.values()) {
      if (r.wireName().equals(text)) {
        return r;
      }
      names.add(r.wireName());
    }
    throw new IllegalArgumentException("'" + where + "' in " + FILE + " must be " + String.join(", ", names.subList(0, 2))
        + " or " + names.get(2) + ", got \"" + value + "\".");
  }
}
