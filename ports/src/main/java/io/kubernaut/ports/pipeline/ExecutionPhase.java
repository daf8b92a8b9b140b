package io.kubernaut.ports.pipeline;

/** KubernetesExecution phases. */
public enum ExecutionPhase implements Phase {
  Validating(false, "The execution is checked and its id chosen; a dry run runs here and ends it."),
  Executing(false, "The action (or its rollback) is being called; the start mark is in status before each call."),
  Verifying(false, "The call returned; the action's postcondition is being checked."),
  Completed(true, "The action took effect (or the rollback undid it, or the dry run passed)."),
  Failed(true, "The action did not take effect after its attempts, timed out, or was stopped."),
  /** Kept for executions written by earlier versions, which marked an undone step here; a rollback is now its own execution. */
  RolledBack(true, "An earlier version undid this execution in place; today a rollback is its own execution.");

  private final boolean terminal;
  private final String description;

  ExecutionPhase(boolean terminal, String description) {
    this.terminal = terminal;
    this.description = description;
  }

  @Override
  public boolean isTerminal() {
    return terminal;
  }

  @Override
  public boolean isSuccessful() {
    return this == Completed;
  }

  @Override
  public String description() {
    return description;
  }
}
