package io.kubernaut.ports.in;

import io.kubernaut.ports.workflow.WorkflowDecision;
import io.kubernaut.ports.workflow.WorkflowSnapshot;

/**
 * Driving port: decides the next step of a WorkflowExecution (plan, validate, start ready steps,
 * roll back completed steps in reverse order, monitor, end), as a pure function of what was observed.
 */
public interface DecideWorkflow {

  /** The next step; the same snapshot always gives the same decision. */
  WorkflowDecision decide(WorkflowSnapshot snapshot);
}
