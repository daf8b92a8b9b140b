package io.kubernaut.ports.execution;

/**
 * What the KubernetesExecution controller found of the WorkflowExecution that should own an
 * execution: only an execution that an admitted workflow planned may run.
 *
 * @param workflow the owning WorkflowExecution's name as the controller owner reference says; null when there is none
 * @param exists whether that WorkflowExecution exists with the owner reference's uid
 * @param plansThisExecution whether it plans this step with this action and target (for a rollback: whether the
 *     execution it undoes is that workflow's completed run of the step)
 * @param admitted whether the workflow passed its Validating checks (it entered Executing)
 */
public record ExecutionOwner(String workflow, boolean exists, boolean plansThisExecution, boolean admitted) {

  /** No controller owner reference of kind WorkflowExecution. */
  public static ExecutionOwner none() {
    return new ExecutionOwner(null, false, false, false);
  }

  /** An admitted workflow that planned this execution. */
  public static ExecutionOwner admitting(String workflow) {
    return new ExecutionOwner(workflow, true, true, true);
  }
}
