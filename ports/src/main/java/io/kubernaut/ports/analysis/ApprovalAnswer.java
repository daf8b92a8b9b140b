package io.kubernaut.ports.analysis;

import java.time.Instant;

/**
 * What happened to an approval request sent through the API or kubectl. The caller does not say
 * which decision it answers: the store records it on whichever is pending, the remediation's
 * approval ({@link Subject#WORKFLOW}) or the rollback after a failed verification
 * ({@link Subject#ROLLBACK}).
 *
 * @param outcome recorded, or why not
 * @param phase the remediation's phase when it was read (null when not found)
 * @param subject what the decision answers, or would have answered; {@link Subject#WORKFLOW} when
 *     nothing is pending
 * @param deadline for a rollback, when its decision expires (or expired); null otherwise
 * @param decidedBy for {@link Outcome#ALREADY_DECIDED}, who decided first; null otherwise
 */
public record ApprovalAnswer(Outcome outcome, String phase, Subject subject, Instant deadline, String decidedBy) {

  /** An answer about the remediation's own approval. */
  public ApprovalAnswer(Outcome outcome, String phase) {
    this(outcome, phase, Subject.WORKFLOW, null, null);
  }

  /** Whether the decision was recorded. */
  public enum Outcome {
    RECORDED,
    NOT_FOUND,
    /** Nothing awaits a decision: neither the remediation's approval nor a rollback. */
    NOT_AWAITING_APPROVAL,
    /** The rollback awaited a decision, but its time ran out; the steps stay in effect. */
    EXPIRED,
    /**
     * The approval or the rollback was decided already (by {@code decidedBy}), by another person or with
     * the other answer; a decision is not changed afterwards.
     */
    ALREADY_DECIDED
  }

  /** What a decision answers. */
  public enum Subject {
    /** The remediation's approval (AwaitingApproval): approve runs the workflow, reject cancels it. */
    WORKFLOW,
    /** The rollback after a failed verification: approve rolls the steps back, reject keeps them. */
    ROLLBACK
  }
}
