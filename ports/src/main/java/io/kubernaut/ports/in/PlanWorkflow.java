package io.kubernaut.ports.in;

import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.workflow.StepState;
import io.kubernaut.ports.workflow.WorkflowPlan;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Driving port: plans a workflow's steps as a DAG and says which steps may run or must be undone. */
public interface PlanWorkflow {

  /**
   * The steps as parallel groups in dependency order; invalid (with the reason) on a cycle, a
   * duplicate step id, an unknown dependency or no steps at all.
   */
  WorkflowPlan plan(List<Recommendation> steps);

  /** Steps that are PENDING and whose dependencies all SUCCEEDED, in plan order. */
  List<String> ready(WorkflowPlan plan, Map<String, StepState> states);

  /** Steps that are PENDING and can never run because a dependency FAILED or was SKIPPED. */
  List<String> unreachable(WorkflowPlan plan, Map<String, StepState> states);

  /** The succeeded steps in the order to undo them: the reverse of plan order. */
  List<String> rollbackOrder(WorkflowPlan plan, Collection<String> succeeded);
}
