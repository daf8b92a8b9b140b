package io.kubernaut.ports.execution;

import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What the KubernetesExecution controller does next.
 *
 * @param phase the phase to be in (entered when it differs from the current one; null only
 *     while a new execution stays new)
 * @param reason the Ready condition's reason
 * @param message the status message: a sentence naming the execution and what happens next
 * @param call the call to make now
 * @param attempt for {@link Call#RUN} and {@link Call#ROLLBACK}: the attempt to mark before the call
 * @param audit the attempt outcome to record in the audit trail; null for none
 * @param requeue when to look again after {@link Call#NONE}; null to wait for an event
 */
public record ExecutionDecision(ExecutionPhase phase, ConditionReason reason, String message, Call call, int attempt,
    AttemptRecord audit, Duration requeue) {

  /** What the controller calls after applying the decision. */
  public enum Call {
    /** Nothing: write status if it changed and stop. */
    NONE,
    /** Nothing: apply the decision and ask again (one more phase to enter). */
    CONTINUE,
    /** The action's dry run. */
    DRY_RUN,
    /** The action's verification. */
    VERIFY,
    /** An attempt of the action, after the start mark is written. */
    RUN,
    /** An attempt of the action's rollback, after the start mark is written. */
    ROLLBACK
  }

  /**
   * One attempt's outcome for the audit trail.
   *
   * @param attempt the attempt number
   * @param outcome the audit key's outcome, e.g. {@code SUCCEEDED}, {@code verified-after-restart}, {@code rollback-SUCCEEDED}
   * @param message the sentence the action gave
   */
  public record AttemptRecord(int attempt, String outcome, String message) {}

  public ExecutionDecision {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(call, "call");
  }

  /** Whether this decision ends the execution. */
  public boolean ends() {
    return phase != null && phase.isTerminal();
  }
}
