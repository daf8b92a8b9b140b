package io.kubernaut.ports.pipeline;

import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.workflow.RollbackStrategy;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How far a remediation may go by environment × priority, and what its workflow does with the steps
 * it completed when a critical step fails, per environment ({@code routing.yaml} in
 * {@code kubernaut-config}). The analysis gates still apply on top of the path: an automatic path
 * can still need approval for a low-confidence or high-risk recommendation.
 *
 * @param fallbackPath the path of every environment and priority named nowhere else
 * @param byEnvironment the path of every priority of an environment
 * @param byPriority the path of one priority within an environment; wins over {@code byEnvironment}
 * @param fallbackRollback the rollback strategy of every environment not named in {@code rollbackByEnvironment}
 * @param rollbackByEnvironment the rollback strategy per environment
 */
public record RoutingPolicy(RemediationPath fallbackPath, Map<Environment, RemediationPath> byEnvironment,
    Map<Environment, Map<Priority, RemediationPath>> byPriority, RollbackStrategy fallbackRollback,
    Map<Environment, RollbackStrategy> rollbackByEnvironment) {

  public RoutingPolicy {
    Objects.requireNonNull(fallbackPath, "fallbackPath");
    Objects.requireNonNull(fallbackRollback, "fallbackRollback");
    byEnvironment = byEnvironment == null ? Map.of() : Map.copyOf(byEnvironment);
    byPriority = byPriority == null ? Map.of() : copyOf(byPriority);
    rollbackByEnvironment = rollbackByEnvironment == null ? Map.of() : Map.copyOf(rollbackByEnvironment);
    for (RemediationPath path : paths(fallbackPath, byEnvironment, byPriority)) {
      if (path == RemediationPath.SKIPPED) {
        throw new IllegalArgumentException("A route may be automatic, approval-required or recommend-only; a namespace "
            + "is skipped by its kubernaut.io/managed=false label or as a protected namespace, not by a route.");
      }
    }
  }

  /** The defaults: an unknown environment needs approval, every other is automatic; completed steps are rolled back. */
  public static RoutingPolicy defaults() {
    return new RoutingPolicy(RemediationPath.AUTOMATIC, Map.of(Environment.UNKNOWN, RemediationPath.APPROVAL_REQUIRED),
        Map.of(), RollbackStrategy.AUTOMATIC, Map.of());
  }

  /** The path of {@code priority} alerts in {@code environment}: its own entry, else the environment's, else the fallback. */
  public RemediationPath path(Environment environment, Priority priority) {
    RemediationPath own = byPriority.getOrDefault(environment, Map.of()).get(priority);
    return own != null ? own : byEnvironment.getOrDefault(environment, fallbackPath);
  }

  /** The rollback strategy of a workflow in {@code environment}. */
  public RollbackStrategy rollbackStrategy(Environment environment) {
    return rollbackByEnvironment.getOrDefault(environment, fallbackRollback);
  }

  private static Map<Environment, Map<Priority, RemediationPath>> copyOf(Map<Environment, Map<Priority, RemediationPath>> m) {
    Map<Environment, Map<Priority, RemediationPath>> copy = new EnumMap<>(Environment.class);
    m.forEach((environment, paths) -> copy.put(environment, Map.copyOf(paths)));
    return Map.copyOf(copy);
  }

  private static Iterable<RemediationPath> paths(RemediationPath fallback, Map<Environment, RemediationPath> byEnvironment,
      Map<Environment, Map<Priority, RemediationPath>> byPriority) {
    java.util.List<RemediationPath> all = new java.util.ArrayList<>(byEnvironment.values());
    all.add(fallback);
    byPriority.values().forEach(p -> all.addAll(p.values()));
    return all;
  }
}
