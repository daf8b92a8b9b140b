package io.kubernaut.ports.workflow;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A workflow's steps as a DAG: parallel groups in dependency order (every step of a group depends
 * only on steps of earlier groups), or the problem that makes the steps unplannable.
 *
 * @param groups step ids, one list per parallel group, in order; empty when invalid
 * @param dependsOn each step's direct dependencies
 * @param problem null when valid; otherwise one sentence, e.g. naming the steps of a cycle
 */
public record WorkflowPlan(List<List<String>> groups, Map<String, List<String>> dependsOn, String problem) {

  public WorkflowPlan {
    groups = groups == null ? List.of() : groups.stream().map(List::copyOf).toList();
    dependsOn = Map.copyOf(dependsOn == null ? Map.of() : dependsOn);
  }

  /** A plan that cannot run, and why. */
  public static WorkflowPlan invalid(String problem) {
    return new WorkflowPlan(List.of(), Map.of(), Objects.requireNonNull(problem, "problem"));
  }

  /** Whether the steps form a valid DAG. */
  public boolean valid() {
    return problem == null;
  }

  /** Every step id in plan order: group by group. */
  public List<String> order() {
    return groups.stream().flatMap(List::stream).toList();
  }
}
