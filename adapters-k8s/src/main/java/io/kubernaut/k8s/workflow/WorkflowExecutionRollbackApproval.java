package io.kubernaut.k8s.workflow;

import static io.kubernaut.k8s.crd.KubernautLabels.ROLLBACK_APPROVAL;
import static io.kubernaut.k8s.crd.KubernautLabels.ROLLBACK_APPROVAL_BY;
import static io.kubernaut.k8s.crd.KubernautLabels.ROLLBACK_APPROVAL_REASON;
import static io.kubernaut.k8s.crd.KubernautLabels.ROLLBACK_APPROVAL_VIA;

import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.ApprovalStatus;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.workflow.RollbackApproval;
import io.kubernaut.ports.workflow.WorkflowDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approval of a rollback after a failed verification, for the WorkflowExecution controller:
 * reads the decision annotated on the AlertRemediation, keeps what it saw in status (so a decision
 * given before the question stays ignored), asks for it when the conductor says so, and audits the
 * decision or its expiry.
 */
final class WorkflowExecutionRollbackApproval {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowExecutionRollbackApproval.class);

  private final WorkflowExecutionVerification verification;
  private final WorkflowExecutionSilences silences;
  private final Clock clock;

  WorkflowExecutionRollbackApproval(WorkflowExecutionVerification verification, WorkflowExecutionSilences silences,
      Clock clock) {
    this.verification = verification;
    this.silences = silences;
    this.clock = clock;
  }

  /**
   * The rollback approval: when it was asked for (status), the decision annotated on the
   * AlertRemediation ({@code kubernaut.io/rollback-approval}, {@code -by}, {@code -via}, {@code -reason})
   * with the time it was first seen (kept in status), and the environment's approval {@code timeout}.
   */
  RollbackApproval read(WorkflowExecution wfe, AlertRemediation ar, Duration timeout) {
    WorkflowExecutionStatus s = wfe.getStatus();
    Instant asked = s.getRollbackApprovalRequestedAt() == null ? null : Instant.parse(s.getRollbackApprovalRequestedAt());
    Map<String, String> annotations = ar == null || ar.getMetadata().getAnnotations() == null ? Map.of()
        : ar.getMetadata().getAnnotations();
    java.util.Optional<Boolean> approved = ApprovalDecision.readWire(annotations.get(ROLLBACK_APPROVAL));
    if (approved.isEmpty()) {
      return new RollbackApproval(asked, null, timeout);
    }
    String decision = ApprovalDecision.wireValue(approved.get());
    String by = annotations.getOrDefault(ROLLBACK_APPROVAL_BY, "kubectl annotation (user unknown)");
    ApprovalStatus seen = s.getRollbackApproval();
    Instant at = seen != null && decision.equals(seen.getDecision()) && by.equals(seen.getDecidedBy())
        ? Instant.parse(seen.getDecidedAt()) : clock.instant();
    String via = ApprovalDecision.API.equals(annotations.get(ROLLBACK_APPROVAL_VIA)) ? ApprovalDecision.API
        : ApprovalDecision.KUBECTL;
    return new RollbackApproval(asked, new ApprovalDecision(approved.get(), by, at, via,
        annotations.getOrDefault(ROLLBACK_APPROVAL_REASON, "")), timeout);
  }

  /**
   * Keeps the rollback decision seen, with when it was first seen, so one given before the question
   * stays ignored; a decision given after it is audited once. A stale decision that is removed is
   * forgotten, so the same one annotated again counts.
   */
  void note(WorkflowExecution wfe, RollbackApproval approval, AlertRemediation ar) {
    WorkflowExecutionStatus s = wfe.getStatus();
    ApprovalDecision d = approval.decision();
    if (d == null) {
      if (s.getRollbackApproval() != null && approval.askedAt() != null
          && !Instant.parse(s.getRollbackApproval().getDecidedAt()).isAfter(approval.askedAt())) {
        s.setRollbackApproval(null);
      }
      return;
    }
    String decision = ApprovalDecision.wireValue(d.approved());
    ApprovalStatus seen = s.getRollbackApproval();
    if (seen != null && decision.equals(seen.getDecision()) && d.decidedBy().equals(seen.getDecidedBy())) {
      return;
    }
    s.setRollbackApproval(new ApprovalStatus(decision, d.decidedBy(), d.decidedAt().toString(), d.reason()));
    if (approval.current() != null) {
      LOG.info("WorkflowExecution {}: rollback {} by {} via {}", wfe.getMetadata().getName(), decision, d.decidedBy(),
          d.channel());
      verification.auditRollbackDecision(ar, d.decidedAt(), d.approved() ? "Approved" : "Rejected", d.decidedBy(),
          d.channel(), d.reason());
    } else if (approval.askedAt() != null) {
      LOG.warn("WorkflowExecution {}: the rollback decision '{}' by {} was given before the rollback awaited approval; "
          + "it is ignored", wfe.getMetadata().getName(), decision, d.decidedBy());
    }
  }

  /**
   * Asks for the rollback's approval when the conductor says so (the page comes back: the silence
   * goes), keeping when the question expires so the approval API refuses a late decision, or audits
   * its expiry.
   */
  void follow(WorkflowExecution wfe, WorkflowDecision d, RollbackApproval approval, AlertRemediation ar) {
    if (d.askApproval() != null) {
      Instant now = clock.instant();
      wfe.getStatus().setRollbackApprovalRequestedAt(now.toString());
      wfe.getStatus().setRollbackApprovalExpiresAt(now.plus(approval.timeout()).toString());
      silences.expire(wfe, ar);
      verification.askRollbackApproval(wfe, ar, d.askApproval());
    } else if (approval != null && approval.askedAt() != null && approval.current() == null && d.phase() != null
        && d.phase().isTerminal()) {
      verification.auditRollbackDecision(ar, clock.instant(), "Expired", "nobody within "
          + io.kubernaut.ports.pipeline.DurationFormatter.words(approval.timeout()),
          ApprovalDecision.KUBECTL, "");
    }
  }
}
