package io.kubernaut.ports.pipeline;

/** KubernetesExecution phases. */
public enum ExecutionPhase implements Phase {
  Validating(Phase.active("The execution is checked and its id chosen; a dry run runs here and ends it.")),
  Executing(Phase.active("The action (or its rollback) is being called; the start mark is in status before each call.")),
  Verifying(Phase.active("The call returned; the action's postcondition is being checked.")),
  Completed(Phase.ending("The action took effect (or the rollback undid it, or the dry run passed).")),
  Failed(Phase.ending("The action did not take effect after its attempts, timed out, or was stopped.")),
  /** Kept for executions written by earlier versions, which marked an undone step here; a rollback is now its own execution. */
  RolledBack(Phase.ending("An earlier version undid this execution in place; today a rollback is its own execution."));

  private final Traits traits;

  ExecutionPhase(Traits traits) {
    this.traits = traits;
  }

  @Override
  public Traits traits() {
    return traits;
  }

  @Override
  public boolean isSuccessful() {
    return this == Completed;
  }
}
