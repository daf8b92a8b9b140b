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
 * {@link #execute}, together with what {@link #prepareRollback} answered. After an operator restart
 * it calls {@link #verify} first; if the postcondition already holds, the action is not run again,
 * and the execution can still be rolled back with the data recorded before it ran.
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
   * What {@link #rollback} would need to undo {@link #execute} on the target as it is now, read
   * without changing anything; e.g. {@code previousReplicas=3} before a scale. The host calls it
   * before it records the start of an execution's first attempt and records the answer with that
   * start, so that an execution cut off after it changed the cluster but before its result was
   * recorded (a crash, a lost connection) can still be undone. The host keeps this answer over
   * what {@link #execute} returns for the same keys (it is the state before any attempt of this
   * execution) and adds the keys only {@code execute} returns.
   *
   * <p>{@link ActionContext#observedTarget()} is, where the host could read it, the target as read
   * just before this call (the same object is then handed to {@code execute}).
   *
   * @return the rollback data; empty (the default) when this action records it only in the result
   *     of {@link #execute}, as a plugin built against SPI 1.2 or older does
   * @since 1.3
   */
  default Map<String, String> prepareRollback(ActionContext ctx) {
    return Map.of();
  }

  /**
   * Whether the postcondition of {@link #execute} holds now for this target and parameters.
   * After a restart this decides whether an interrupted execution already took effect. Right after
   * a successful execution that reported its {@link ActionResult#resultingTarget()}, the host hands
   * that object over as {@link ActionContext#observedTarget()}: a verification that reads its
   * postcondition from the target may use it instead of reading the target again (since SPI 1.4).
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
