package io.kubernaut.ports.in;

import io.kubernaut.ports.execution.ExecutionDecision;
import io.kubernaut.ports.execution.ExecutionSnapshot;

/**
 * Driving port: decides the next step of a KubernetesExecution (mark and run an attempt, verify,
 * retry after a delay, roll back, or end), as a pure function of what was observed.
 */
public interface DecideExecution {

  /** The next step; the same snapshot always gives the same decision. */
  ExecutionDecision decide(ExecutionSnapshot snapshot);
}
