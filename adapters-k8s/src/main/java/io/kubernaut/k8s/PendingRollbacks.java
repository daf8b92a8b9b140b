package io.kubernaut.k8s;

import io.kubernaut.k8s.crd.ApprovalStatus;
import io.kubernaut.k8s.crd.MeasurementStatus;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.ports.board.RemediationRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads, from a WorkflowExecution's status, whether it asked a person to decide on rolling back
 * after a failed verification, and whether that question is still open: asked, not answered after
 * the question, and the workflow still running. Shared by the approval store, the board and
 * {@code kubectl kubernaut why}.
 */
public final class PendingRollbacks {

  private PendingRollbacks() {}

  /** When the workflow asked for a rollback decision; empty when it never did. */
  static Optional<Instant> askedAt(WorkflowExecutionStatus s) {
    return s == null || s.getRollbackApprovalRequestedAt() == null ? Optional.empty()
        : Optional.of(Instant.parse(s.getRollbackApprovalRequestedAt()));
  }

  /** When the question expires; null when the status does not say (a workflow from an older operator). */
  static Instant expiresAt(WorkflowExecutionStatus s) {
    return s.getRollbackApprovalExpiresAt() == null ? null : Instant.parse(s.getRollbackApprovalExpiresAt());
  }

  /** The decision given after the question, when there is one. */
  static Optional<ApprovalStatus> answer(WorkflowExecutionStatus s) {
    ApprovalStatus seen = s.getRollbackApproval();
    Optional<Instant> asked = askedAt(s);
    return seen != null && seen.getDecidedAt() != null && asked.isPresent()
        && Instant.parse(seen.getDecidedAt()).isAfter(asked.get()) ? Optional.of(seen) : Optional.empty();
  }

  /** Whether the question is open at {@code now}: asked, unanswered, the workflow running and not expired. */
  static boolean open(WorkflowExecutionStatus s, Instant now) {
    Instant expires = s == null ? null : expiresAt(s);
    return askedAt(s).isPresent() && answer(s).isEmpty() && (s.getPhase() == null || !s.getPhase().isTerminal())
        && (expires == null || now.isBefore(expires));
  }

  /** The open question as the board shows it: what failed (the last failed measurement) and until when. */
  public static Optional<RemediationRow.PendingRollback> of(WorkflowExecution wfe, Instant now) {
    WorkflowExecutionStatus s = wfe.getStatus();
    if (!open(s, now)) {
      return Optional.empty();
    }
    List<MeasurementStatus> measured = s.getMeasurements() == null ? List.of() : s.getMeasurements();
    MeasurementStatus failed = measured.stream().filter(m -> "FAILED".equals(m.getResult()))
        .reduce((first, second) -> second).orElse(null);
    return Optional.of(new RemediationRow.PendingRollback(askedAt(s).orElseThrow(), expiresAt(s),
        failed == null ? null : failed.getCheck(), failed == null ? null : failed.getValue(),
        failed == null ? null : failed.getDetail(), s.getMessage()));
  }
}
