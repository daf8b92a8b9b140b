package io.kubernaut.actions.builtin;

/** scale_deployment: sets a Deployment's replicas; rollback restores the previous count. */
public final class ScaleDeployment extends ScaleWorkload {

  /** Creates the action; ServiceLoader calls this. */
  public ScaleDeployment() {
    super("scale_deployment", "Deployment");
  }
}
