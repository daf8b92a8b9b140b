package io.kubernaut.ports.pipeline;

/** WorkflowExecution phases. */
public enum WorkflowPhase implements Phase {
  Planning(Phase.active("The steps are ordered into a DAG of parallel groups.")),
  Validating(Phase.active("Each step is checked: catalog, parameters, target, safety envelope, access review, dry run.")),
  Executing(Phase.active("Ready steps run as KubernetesExecutions; after a failed critical step, rollbacks run here.")),
  Monitoring(Phase.active("All steps ended; the alert's resolution and the target's health are watched.")),
  Completed(Phase.ending("The workflow ran and was judged (Remediated or NotRemediated).")),
  Failed(Phase.ending("The plan was invalid, a step was denied or failed, or a rollback failed.")),
  RolledBack(Phase.ending("A critical step failed and every completed step was undone in reverse order."));

  private final Traits traits;

  WorkflowPhase(Traits traits) {
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
