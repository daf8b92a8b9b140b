package io.kubernaut.k8s.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.ports.board.RemediationRow;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Why an AlertRemediation is where it is: its phase, what it waits for, what blocked it, how it ended. */
final class RemediationExplainer {

  private RemediationExplainer() {}

  /**
   * @param rollback the decision on rolling back its workflow's steps after a failed verification,
   *     when that question is open (as the board reads it from the WorkflowExecution)
   */
  static List<String> explain(AlertRemediation ar, Optional<RemediationRow.PendingRollback> rollback, Instant now) {
    String name = ar.getMetadata().getName();
    AlertRemediationStatus s = ar.getStatus();
    List<String> lines = new ArrayList<>();
    RemediationPhase phase = s == null || s.getPhase() == null ? RemediationPhase.Pending : s.getPhase();
    lines.add(name + " is " + phase + ": " + phase.traits().description());
    if (s == null) {
      return lines;
    }
    switch (phase) {
      case AwaitingApproval -> {
        lines.add("It waits for a human: approve with `kubectl kubernaut approve " + name
            + "`, or reject with `kubectl kubernaut reject " + name + " --reason \"...\"`.");
        if (s.getApprovalExpiresAt() != null) {
          Instant expires = io.kubernaut.ports.signal.Rfc3339Times.tryParse(s.getApprovalExpiresAt()).orElse(null);
          lines.add("The approval expires at " + s.getApprovalExpiresAt() + (expires == null ? " (not a time)"
              : expires.isAfter(now) ? " (in " + RemediationTable.duration(Duration.between(now, expires)) + ")"
              : " (already expired: it ends without acting at its next reconcile)") + ".");
        }
      }
      case Blocked -> {
        if (s.getBlockedUntil() != null) {
          Instant until = io.kubernaut.ports.signal.Rfc3339Times.tryParse(s.getBlockedUntil()).orElse(null);
          lines.add("The rule that blocked it lifts at " + s.getBlockedUntil() + (until == null ? " (not a time)"
              : until.isAfter(now)
              ? " (in " + RemediationTable.duration(Duration.between(now, until)) + ")" : " (already lifted)")
              + "; until then the alert's deliveries count as duplicates on it, and the first after starts a new remediation.");
        } else {
          lines.add("The rule that blocked it is not time-bound: it lifts when the cause is fixed (see the message below).");
        }
      }
      case Failed, TimedOut -> {
        if (s.getFailurePhase() != null) {
          lines.add("The phase that failed or ran out of time: " + s.getFailurePhase() + ".");
        }
      }
      case Completed -> {
        if (s.getOutcome() != null) {
          lines.add("Outcome " + s.getOutcome() + outcome(s.getOutcome()));
        }
      }
      default -> {
        // the message below says what it does now
      }
    }
    rollback.ifPresent(p -> lines.addAll(rollback(name, p, now)));
    if (s.getApproval() != null && s.getApproval().getDecision() != null) {
      lines.add("Approval: " + s.getApproval().getDecision() + " by " + s.getApproval().getDecidedBy()
          + (s.getApproval().getDecidedAt() == null ? "" : " at " + s.getApproval().getDecidedAt()) + ".");
    }
    if ("true".equalsIgnoreCase(ar.getMetadata().getAnnotations() == null ? null
        : ar.getMetadata().getAnnotations().get(KubernautLabels.CANCEL))) {
      lines.add("A cancel was requested (annotation kubernaut.io/cancel=true).");
    }
    if (s.getStorm() != null && s.getStorm().getThreshold() != null) {
      lines.add("An alert storm was detected on it (" + s.getStorm().getThreshold() + ", " + s.getStorm().getCount()
          + " signals).");
    }
    if (s.getDuplicates() != null && s.getDuplicates().getCount() != null && s.getDuplicates().getCount() > 0) {
      lines.add(s.getDuplicates().getCount() + " duplicate signals were folded into it.");
    }
    if (s.getResolvedAt() == null && s.getFiringAlerts() != null && s.getFiringAlerts().size() > 1) {
      lines.add(s.getFiringAlerts().size() + " alerts report its problem firing (Alertmanager fingerprints "
          + String.join(", ", s.getFiringAlerts()) + "); it is resolved when the last of them resolves.");
    }
    if (s.getResolvedAlerts() != null && !s.getResolvedAlerts().isEmpty()) {
      int n = s.getResolvedAlerts().size();
      lines.add(n + (n == 1 ? " alert episode was" : " alert episodes were") + " reported resolved on it; a firing of "
          + (n == 1 ? "it" : "one of them") + " that arrives within the late-firing window of its resolution "
          + "(KUBERNAUT_LATE_FIRING_WINDOW_SECONDS, 10 minutes by default: an Alertmanager HA twin or resend) is ignored "
          + "(ResolvedEpisode).");
    }
    for (Condition c : s.getConditions() == null ? List.<Condition>of() : s.getConditions()) {
      if ("False".equals(c.getStatus()) && !"Ready".equals(c.getType()) || "AlertStorm".equals(c.getType())
          || io.kubernaut.k8s.crd.AlertRemediationStatus.CREATE_FAILURE.equals(c.getType())) {
        lines.add("Condition " + c.getType() + "=" + c.getStatus() + " (" + c.getReason() + "): " + c.getMessage());
      }
    }
    if (s.getMessage() != null && !s.getMessage().isBlank()) {
      lines.add("Message: " + s.getMessage());
    }
    return lines;
  }

  /** What failed, until when a person may decide, and the commands that decide. */
  private static List<String> rollback(String name, RemediationRow.PendingRollback p, Instant now) {
    String failed = p.check().isEmpty() ? "its verification failed"
        : "its verification failed on check " + p.check() + (p.lastValue() == null ? "" : " (last value "
            + p.lastValue() + ")");
    String detail = p.detail().isEmpty() ? "" : ": " + p.detail().replaceAll("\\.$", "");
    String deadline = p.expiresAt() == null ? "" : " before " + p.expiresAt() + (p.expiresAt().isAfter(now)
        ? " (in " + RemediationTable.duration(Duration.between(now, p.expiresAt())) + ")" : " (already passed)");
    return List.of("It waits for a decision on rolling back its steps: " + failed + detail + ".",
        "Decide" + deadline + ": roll back with `kubectl kubernaut approve " + name + " [--reason \"...\"]`, or keep "
            + "the change with `kubectl kubernaut reject " + name + " --reason \"...\"`. Undecided, the steps stay in "
            + "effect and it ends NotRemediated.");
  }

  private static String outcome(String outcome) {
    return switch (outcome) {
      case "DryRun" -> ": the pipeline runs in dry-run mode (safety.yaml dryRun: true), so no step ran.";
      case "AutoResolved" -> ": the alert resolved before any step ran, so it did not act.";
      case "ManualReviewRequired" -> ": the analysis found no action it may take safely; a human must look.";
      case "NotRemediated" -> ": the steps ran but the alert did not clear within the monitoring window.";
      case "Remediated" -> ": the steps ran and the alert cleared.";
      default -> ".";
    };
  }


}
