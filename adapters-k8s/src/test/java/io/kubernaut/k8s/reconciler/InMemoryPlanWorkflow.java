package io.kubernaut.k8s.reconciler;

import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.in.PlanWorkflow;
import io.kubernaut.ports.workflow.StepState;
import io.kubernaut.ports.workflow.WorkflowPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A planner for adapter tests (the real one lives in the core): steps must be listed after their
 * dependencies; a step naming a later or unknown one makes the plan invalid. One group per step.
 */
final class InMemoryPlanWorkflow implements PlanWorkflow {

  @Override
  public WorkflowPlan plan(List<Recommendation> steps) {
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (Recommendation r : steps) {
      if (!deps.keySet().containsAll(r.dependsOn())) {
        return WorkflowPlan.invalid("Steps " + r.id() + " form a dependency cycle.");
      }
      deps.put(r.id(), r.dependsOn());
    }
    return new WorkflowPlan(deps.keySet().stream().map(List::of).toList(), deps, null);
  }

  @Override
  public List<String> ready(WorkflowPlan plan, Map<String, StepState> states) {
    return plan.order().stream().filter(id -> states.getOrDefault(id, StepState.PENDING) == StepState.PENDING)
        .filter(id -> plan.dependsOn().get(id).stream().allMatch(d -> states.get(d) == StepState.SUCCEEDED)).toList();
  }

  @Override
  public List<String> unreachable(WorkflowPlan plan, Map<String, StepState> states) {
    return plan.order().stream().filter(id -> states.getOrDefault(id, StepState.PENDING) == StepState.PENDING)
        .filter(id -> plan.dependsOn().get(id).stream().anyMatch(d -> states.get(d) == StepState.FAILED)).toList();
  }

  @Override
  public List<String> rollbackOrder(WorkflowPlan plan, Collection<String> succeeded) {
    List<String> order = new ArrayList<>(plan.order());
    java.util.Collections.reverse(order);
    return order.stream().filter(succeeded::contains).toList();
  }
}
