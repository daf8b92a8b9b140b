package io.kubernaut.ports.execution;

/** What a KubernetesExecution does with its action. */
public enum ExecutionMode {
  /** Runs the action once, verified, with retries. */
  EXECUTE,
  /** Runs the action's dry run only; nothing changes. */
  DRY_RUN,
  /** Undoes a completed execution of the action with the rollback data it recorded. */
  ROLLBACK
}
