package io.kubernaut.ports.execution;

/**
 * What the KubernetesExecution controller found of the WorkflowExecution that should own an
 * execution: only an execution that an admitted workflow planned may run.
 *
 * @param workflow the owning WorkflowExecution's name as the controller owner reference says; null when there is none
 * @param exists whether that WorkflowExecution exists with the owner reference's uid
 * @param plansThisExecution whether the execution is what the workflow builds for one of its steps: its name,
 *     step, action, target and parameters, and attempts within the policy's (for a rollback: the undoing of that
 *     workflow's completed run of the step, with what that run recorded)
 * @param admitted whether the workflow passed its Validating checks (it entered Executing)
 * @param running whether the workflow has not ended; an execution that has not started yet starts only then
 * @param environment the environment the workflow was admitted under (its spec's, which its provenance check
 *     vouched for), the one every attempt's safety limits are those of; null when there is no such workflow
 */
public record ExecutionOwner(String workflow, boolean exists, boolean plansThisExecution, boolean admitted,
    boolean running, String environment) {

  /** An owner found as it was before it ended (or one that has not been asked whether it runs). */
  public ExecutionOwner(String workflow, boolean exists, boolean plansThisExecution, boolean admitted) {
    this(workflow, exists, plansThisExecution, admitted, true, null);
  }

  /** An owner whose environment is not asked for (the conductor decides without it). */
  public ExecutionOwner(String workflow, boolean exists, boolean plansThisExecution, boolean admitted,
      boolean running) {
    this(workflow, exists, plansThisExecution, admitted, running, null);
  }

  /** No controller owner reference of kind WorkflowExecution. */
  public static ExecutionOwner none() {
    return new ExecutionOwner(null, false, false, false);
  }

  /** An admitted workflow that planned this execution. */
  public static ExecutionOwner admitting(String workflow) {
    return new ExecutionOwner(workflow, true, true, true);
  }
}
