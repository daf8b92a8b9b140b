package io.kubernaut.k8s.badexample;

import io.kubernaut.ports.in.DecideWorkflow;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.workflow.WorkflowDecision;
import io.kubernaut.ports.workflow.WorkflowSnapshot;

/**
 * Deliberately wrong, twice: an adapter deciding a workflow itself (a driving port implemented
 * outside the core) and reading a phase with valueOf. Only for RulesBiteTest.
 */
public final class ShortcutConductor implements DecideWorkflow {
  @Override
  public WorkflowDecision decide(WorkflowSnapshot snapshot) {
    throw new UnsupportedOperationException("bad example");
  }

  static ExecutionPhase read(String phase) {
    return ExecutionPhase.valueOf(phase);
  }
}
