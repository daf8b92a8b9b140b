package io.kubernaut.spi.action;

import java.util.Map;

/**
 * A remediation action that the operator can run as one step of a workflow. Implementations
 * have a public no-argument constructor, are stateless and thread-safe, and are listed in
 * {@code META-INF/services/io.kubernaut.spi.action.RemediationAction}.
 *
 * <p>Every method may throw {@link RetryableActionException} (transient) or
 * {@link PermanentActionException} (do not retry). Any other exception, and a call that outlives
 * its {@link ActionContext#deadline()}, fails the step; it never fails the operator.
 *
 * <p>Restart safety: the host records that an execution started before calling
 * {@link #execute}. After an operator restart it calls {@link #verify} first; if the
 * postcondition already holds, the action is not run again.
 */
public interface RemediationAction {

  /** What this action is called, accepts and risks. Called once at startup; must be constant. */
  ActionDescriptor descriptor();

  /**
   * Changes the cluster. Idempotent for the same {@link ActionContext#executionId()}.
   *
   * @return the outcome, with the data needed to roll it back
   */
  ActionResult execute(ActionContext ctx);

  /**
   * Shows what {@link #execute} would do without changing anything: a server-side dry run
   * ({@code dryRun=All}) where the API allows it, otherwise a read-only validation.
   *
   * @return SUCCEEDED when the real call is expected to work; SKIPPED when dry run is unsupported
   */
  default ActionResult dryRun(ActionContext ctx) {
    return ActionResult.skipped(descriptor().name() + " does not support dry run.");
  }

  /**
   * Whether the postcondition of {@link #execute} holds now for this target and parameters.
   * After a restart this decides whether an interrupted execution already took effect.
   */
  boolean verify(ActionContext ctx);

  /**
   * Undoes a successful {@link #execute} using the rollback data it returned.
   *
   * @param rollbackData the {@link ActionResult#rollbackData()} of the execution to undo
   * @return SUCCEEDED when undone; SKIPPED when the action does not support rollback
   */
  default ActionResult rollback(ActionContext ctx, Map<String, String> rollbackData) {
    return ActionResult.skipped(descriptor().name() + " cannot be rolled back.");
  }
}
