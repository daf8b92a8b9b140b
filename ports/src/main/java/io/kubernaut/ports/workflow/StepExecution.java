package io.kubernaut.ports.workflow;

import io.kubernaut.ports.pipeline.ExecutionPhase;

/**
 * What the workflow controller sees of one KubernetesExecution of a step (its run or its rollback).
 *
 * @param name the execution's name
 * @param phase its phase; null before its controller ran
 * @param message its status message
 */
public record StepExecution(String name, ExecutionPhase phase, String message) {
  public StepExecution {
    message = message == null ? "" : message;
  }

  /** Whether it has ended. */
  public boolean ended() {
    return phase != null && phase.isTerminal();
  }
}
