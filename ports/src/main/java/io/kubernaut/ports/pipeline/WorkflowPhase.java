package io.kubernaut.ports.pipeline;

/** WorkflowExecution phases. */
public enum WorkflowPhase implements Phase {
  Planning(false, "The steps are ordered into a DAG of parallel groups."),
  Validating(false, "Each step is checked: catalog, parameters, target, safety envelope, access review, dry run."),
  Executing(false, "Ready steps run as KubernetesExecutions; after a failed critical step, rollbacks run here."),
  Monitoring(false, "All steps ended; the alert's resolution and the target's health are watched."),
  Completed(true, "The workflow ran and was judged (Remediated or NotRemediated)."),
  Failed(true, "The plan was invalid, a step was denied or failed, or a rollback failed."),
  RolledBack(true, "A critical step failed and every completed step was undone in reverse order.");

  private final boolean terminal;
  private final String description;

  WorkflowPhase(boolean terminal, String description) {
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
