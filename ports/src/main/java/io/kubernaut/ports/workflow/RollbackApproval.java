package io.kubernaut.ports.workflow;

import io.kubernaut.ports.pipeline.ApprovalDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The approval of a rollback after a failed verification, where {@code rollbackOnFailedVerification}
 * is {@code approval}.
 *
 * @param askedAt when the workflow started waiting for the decision; null while it has not asked
 * @param decision the decision seen, with the time it was first seen; null when none. A decision
 *     seen at or before {@code askedAt} was given before the question and is ignored
 * @param timeout how long the workflow waits for a decision before it ends NotRemediated
 */
public record RollbackApproval(Instant askedAt, ApprovalDecision decision, Duration timeout) {

  public RollbackApproval {
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Not asked, no decision. */
  public static RollbackApproval none(Duration timeout) {
    return new RollbackApproval(null, null, timeout);
  }

  /** The decision when it was given after the question; null otherwise. */
  public ApprovalDecision current() {
    return askedAt == null || decision == null || !decision.decidedAt().isAfter(askedAt) ? null : decision;
  }
}
