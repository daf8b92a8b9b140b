package io.kubernaut.core.workflow;

import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.workflow.StepState;
import io.kubernaut.ports.workflow.WorkflowPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans workflow steps as a DAG with Kahn's algorithm, one parallel group per wave: a group holds
 * every step whose dependencies all lie in earlier groups, in the order the steps were given.
 * Whatever is left when no step is free lies on (or behind) a cycle.
 */
public final class DagPlanner {

  public WorkflowPlan plan(List<Recommendation> steps) {
    if (steps == null || steps.isEmpty()) {
      return WorkflowPlan.invalid("The workflow has no steps.");
    }
    Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    for (Recommendation step : steps) {
      if (dependsOn.put(step.id(), List.copyOf(new java.util.LinkedHashSet<>(step.dependsOn()))) != null) {
        return WorkflowPlan.invalid("Step id " + step.id() + " appears twice; step ids must be unique.");
      }
    }
    for (var entry : dependsOn.entrySet()) {
      for (String dependency : entry.getValue()) {
        if (!dependsOn.containsKey(dependency)) {
          return WorkflowPlan.invalid("Step " + entry.getKey() + " depends on unknown step " + dependency + ".");
        }
      }
    }
    List<List<String>> groups = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    while (placed.size() < dependsOn.size()) {
      List<String> group = new ArrayList<>();
      for (var entry : dependsOn.entrySet()) {
        if (!placed.contains(entry.getKey()) && placed.containsAll(entry.getValue())) {
          group.add(entry.getKey());
        }
      }
      if (group.isEmpty()) {
        List<String> stuck = dependsOn.keySet().stream().filter(id -> !placed.contains(id)).toList();
        return WorkflowPlan.invalid("Steps " + String.join(", ", stuck)
            + " form a dependency cycle (or depend on one); the workflow cannot be ordered.");
      }
      groups.add(group);
      placed.addAll(group);
    }
    return new WorkflowPlan(groups, dependsOn, null);
  }

  public List<String> ready(WorkflowPlan plan, Map<String, StepState> states) {
    return plan.order().stream()
        .filter(id -> state(states, id) == StepState.PENDING)
        .filter(id -> plan.dependsOn().getOrDefault(id, List.of()).stream().allMatch(d -> state(states, d) == StepState.SUCCEEDED))
        .toList();
  }

  public List<String> unreachable(WorkflowPlan plan, Map<String, StepState> states) {
    Map<String, StepState> view = new LinkedHashMap<>(states);
    List<String> result = new ArrayList<>();
    for (String id : plan.order()) {
      boolean blocked = plan.dependsOn().getOrDefault(id, List.of()).stream().map(d -> state(view, d))
          .anyMatch(s -> s == StepState.FAILED || s == StepState.SKIPPED || s == StepState.ROLLED_BACK);
      if (state(view, id) == StepState.PENDING && blocked) {
        result.add(id);
        view.put(id, StepState.SKIPPED);
      }
    }
    return result;
  }

  public List<String> rollbackOrder(WorkflowPlan plan, Collection<String> succeeded) {
    List<String> order = new ArrayList<>(plan.order());
    java.util.Collections.reverse(order);
    return order.stream().filter(succeeded::contains).toList();
  }

  private static StepState state(Map<String, StepState> states, String id) {
    return states.getOrDefault(id, StepState.PENDING);
  }
}
