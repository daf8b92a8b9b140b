package io.kubernaut.ports.safety;

import io.kubernaut.ports.action.DisruptionClass;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The cluster-wide disruption budget in {@code safety.yaml} ({@code budget:}), the same for every
 * environment. Counted from the cluster's nodes and Kubernaut's own executions (running, ended
 * within the hour, and admitted but not yet created), not only from what runs at this moment.
 *
 * @param maxNodesUnavailable nodes that may be unschedulable or tainted by Kubernaut at once: the
 *     targets of running node-class executions plus those of finished ones whose node is still
 *     cordoned or tainted (a percentage of all nodes rounds down)
 * @param minHealthyNodes nodes that must stay Ready, schedulable and untainted after the action
 *     (a percentage of all nodes rounds up)
 * @param maxActionsPerHour executions started in any hour, this one included; 0 for no limit
 * @param maxActionsPerHourByClass the same per disruption class; a class not listed has no limit
 * @param maxConcurrentRemediationsPerNamespace remediations with an execution running in one
 *     namespace at once, this one included; 0 for no limit
 */
public record DisruptionBudget(NodeShare maxNodesUnavailable, NodeShare minHealthyNodes, int maxActionsPerHour,
    Map<DisruptionClass, Integer> maxActionsPerHourByClass, int maxConcurrentRemediationsPerNamespace) {

  public DisruptionBudget {
    Objects.requireNonNull(maxNodesUnavailable, "maxNodesUnavailable");
    Objects.requireNonNull(minHealthyNodes, "minHealthyNodes");
    maxActionsPerHourByClass = maxActionsPerHourByClass == null || maxActionsPerHourByClass.isEmpty() ? Map.of()
        : Map.copyOf(new EnumMap<>(maxActionsPerHourByClass));
    if (maxActionsPerHour < 0 || maxConcurrentRemediationsPerNamespace < 0
        || maxActionsPerHourByClass.values().stream().anyMatch(v -> v == null || v < 0)) {
      throw new IllegalArgumentException("Disruption budget limits must be 0 (no limit) or more: maxActionsPerHour "
          + maxActionsPerHour + ", maxActionsPerHourByClass " + maxActionsPerHourByClass
          + ", maxConcurrentRemediationsPerNamespace " + maxConcurrentRemediationsPerNamespace + ".");
    }
  }

  /**
   * What a cautious SRE starts with: one node unavailable at a time, at least 51% of nodes healthy,
   * 120 actions an hour of which 3 node actions, 5 remediations acting in one namespace at once.
   */
  public static DisruptionBudget defaults() {
    return new DisruptionBudget(new NodeShare(1, false), new NodeShare(51, true), 120, Map.of(DisruptionClass.NODE, 3),
        5);
  }
}
