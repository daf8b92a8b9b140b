package io.kubernaut.ports.workflow;

/** Where one workflow step stands, as read from its KubernetesExecution. */
public enum StepState {
  /** No execution yet. */
  PENDING,
  /** Its execution exists and has not ended. */
  RUNNING,
  /** Its execution completed. */
  SUCCEEDED,
  /** Its execution failed. */
  FAILED,
  /** It will not run: a dependency failed or was skipped. */
  SKIPPED,
  /** It succeeded and was undone by a rollback. */
  ROLLED_BACK;

  /** Whether the step will not change any more on its own. */
  public boolean terminal() {
    return this != PENDING && this != RUNNING;
  }
}
