package io.kubernaut.core.lifecycle;

import io.kubernaut.ports.pipeline.DurationFormatter;
import io.kubernaut.ports.in.DecideRemediation;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.ChildLoss;
import io.kubernaut.ports.pipeline.ChildState;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.pipeline.TimeoutSettings;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.workflow.MonitoringVerdict;
import io.kubernaut.ports.remediation.PipelinePlace;
import io.kubernaut.ports.remediation.RemediationDecision;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides where an AlertRemediation goes next: the pipeline order, timeouts, cancellation,
 * auto-resolution and audit-gated retention. Pure: the same snapshot gives the same decision, so
 * a replayed reconcile changes nothing.
 */
public final class RemediationConductor implements DecideRemediation {

  /** How long to wait before asking the audit store again while it has not confirmed, at first. */
  static final Duration AUDIT_RETRY = Duration.ofSeconds(5);
  /** The longest wait between two questions to an audit store that has not confirmed (an outage). */
  static final Duration AUDIT_RETRY_MAX = Duration.ofMinutes(1);
  /** How long after a person's decision is due the remediation waits for the child to end itself. */
  static final Duration DECISION_GRACE = Duration.ofMinutes(1);
  /** How long a remediation whose workflow is gone waits before asking the audit store again whether it ran. */
  static final Duration UNTOLD_RETRY = Duration.ofSeconds(10);

  /** The namespace of the AlertRemediations, named in the kubectl hints; empty leaves {@code -n} out. */
  private final String namespace;

  /** A conductor whose hints name no namespace (the kubectl context's is used). */
  public RemediationConductor() {
    this("");
  }

  /** @param namespace the AlertRemediations' namespace (the operator's), named in the kubectl hints with {@code -n} */
  public RemediationConductor(String namespace) {
    this.namespace = namespace == null ? "" : namespace;
  }

  @Override
  public RemediationDecision decide(RemediationSnapshot s) {
    RemediationDecision decision = decideUnchecked(s);
    PhaseMachines.Verdict verdict = PhaseMachines.remediation(s.phase(), decision.phase());
    if (!verdict.legal()) {
      return RemediationDecision.stay(s.currentPhase(), ConditionReason.InvalidTransition,
          "AlertRemediation " + s.name() + " stays " + s.currentPhase() + ": " + verdict.reason());
    }
    return decision;
  }

  private RemediationDecision decideUnchecked(RemediationSnapshot s) {
    RemediationPhase phase = s.currentPhase();
    if (phase.isTerminal()) {
      return retain(s, phase);
    }
    if (s.cancelRequested()) {
      return end(s, RemediationPhase.Cancelled, "Cancelled", ConditionReason.Cancelled, ConditionReason.ParentCancelled,
          null, null, "AlertRemediation " + s.name() + " was cancelled by request; its active children were stopped.");
    }
    Optional<RemediationDecision> timedOut = timeout(s, phase);
    if (timedOut.isPresent()) {
      return timedOut.get();
    }
    if (s.resolvedAt() != null && !phase.hasStartedExecuting()) {
      return end(s, RemediationPhase.Completed, "AutoResolved", ConditionReason.AutoResolved, ConditionReason.ParentEnded,
          null, NotificationType.COMPLETED, "The alert of AlertRemediation " + s.name()
              + " resolved before execution; nothing was changed.");
    }
    RemediationDecision decision = advance(s, phase);
    Duration deadline = nextDeadline(s, phase);
    // A wait of its own (asking again soon) comes first when it is due before the deadline.
    return decision.withRequeue(decision.requeue().filter(own -> own.compareTo(deadline) < 0).orElse(deadline));
  }

  /** Moves the pipeline forward by the state of the current phase's child. */
  private RemediationDecision advance(RemediationSnapshot s, RemediationPhase phase) {
    return switch (phase) {
      case Pending -> s.place().held() ? start(s, RemediationPhase.Processing, ChildKind.PROCESSING,
          ConditionReason.Processing, "AlertRemediation " + s.name() + " is being enriched and classified by "
              + ChildKind.PROCESSING.childName(s.name()) + ".") : queued(s);
      case Processing -> afterProcessing(s);
      case Analyzing -> afterAnalysis(s);
      case AwaitingApproval -> afterApproval(s);
      case Executing -> afterWorkflow(s);
      default -> RemediationDecision.stay(phase, ConditionReason.Accepted, "AlertRemediation " + s.name() + " is " + phase + ".");
    };
  }

  /** Waits in Pending for a place in the pipeline; a cancel, a resolution or the timeout still ends it meanwhile. */
  private static RemediationDecision queued(RemediationSnapshot s) {
    PipelinePlace place = s.place();
    return RemediationDecision.stay(RemediationPhase.Pending, ConditionReason.Queued, "AlertRemediation " + s.name()
        + " waits for a place in the pipeline: " + place.working() + " remediations are working and "
        + place.limit() + " may at once (KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT); " + (place.ahead() == 0
            ? "it is next." : place.ahead() + (place.ahead() == 1 ? " waits" : " wait") + " ahead of it.")
        + " It starts when one of them ends, awaits approval or monitors its workflow.");
  }

  private RemediationDecision afterProcessing(RemediationSnapshot s) {
    Optional<ChildState> child = s.child(ChildKind.PROCESSING);
    if (child.isEmpty() || !child.get().terminal()) {
      return waitFor(s, RemediationPhase.Processing, ChildKind.PROCESSING, child.isEmpty());
    }
    if (child.get().failed()) {
      return childFailed(s, RemediationPhase.Processing, child.get());
    }
    if (s.path() == RemediationPath.SKIPPED) {
      return end(s, RemediationPhase.Completed, "NotManaged", ConditionReason.NotManaged, null, null, null,
          "AlertRemediation " + s.name() + " was not remediated: " + child.get().message());
    }
    return start(s, RemediationPhase.Analyzing, ChildKind.ANALYSIS, ConditionReason.Analyzing,
        "AlertRemediation " + s.name() + " is being analysed by " + ChildKind.ANALYSIS.childName(s.name()) + ".");
  }

  private RemediationDecision afterAnalysis(RemediationSnapshot s) {
    Optional<ChildState> child = s.child(ChildKind.ANALYSIS);
    if (child.isEmpty() || !child.get().terminal()) {
      return waitFor(s, RemediationPhase.Analyzing, ChildKind.ANALYSIS, child.isEmpty());
    }
    if (child.get().failed()) {
      return childFailed(s, RemediationPhase.Analyzing, child.get());
    }
    boolean recommendOnly = s.path() == RemediationPath.RECOMMEND_ONLY
        || (s.verdict() != null && (s.verdict().recommendOnly() || s.verdict().recommendations() == 0));
    if (recommendOnly) {
      return end(s, RemediationPhase.Completed, "ManualReviewRequired", ConditionReason.ManualReviewRequired, null, null,
          NotificationType.MANUAL_REVIEW, "AlertRemediation " + s.name() + " needs a human: the analysis is recommend-only; "
              + "read the recommendations with kubectl describe aia " + ChildKind.ANALYSIS.childName(s.name()) + ".");
    }
    boolean approval = s.path() == RemediationPath.APPROVAL_REQUIRED || (s.verdict() != null && s.verdict().approvalRequired());
    if (approval && s.approval() != null) {
      return new RemediationDecision(RemediationPhase.AwaitingApproval, null, ConditionReason.StaleApprovalIgnored,
          "AlertRemediation " + s.name() + " waits for approval; the decision '"
              + (s.approval().approved() ? "approved" : "rejected") + "' by " + s.approval().decidedBy()
              + " was given before it awaited approval, so it is ignored and removed. Decide again now: "
              + decide(s.name()) + ".",
          null, List.of(), null, null, NotificationType.APPROVAL_NEEDED, null, false);
    }
    if (approval) {
      return new RemediationDecision(RemediationPhase.AwaitingApproval, null, ConditionReason.AwaitingApproval,
          "AlertRemediation " + s.name() + " waits for approval: " + decide(s.name()) + ".",
          null, List.of(), null, null, NotificationType.APPROVAL_NEEDED, null, false);
    }
    return execute(s);
  }

  /**
   * How a person decides: the kubectl plugin, which names the decider in {@code kubernaut.io/approval-by}
   * as the chart's admission policy requires of a kubectl approval (a bare {@code kubectl annotate} is refused).
   */
  String decide(String name) {
    String in = namespace.isEmpty() ? "" : " -n " + namespace;
    return "kubectl kubernaut approve " + name + in + " (or kubectl kubernaut reject " + name + in + " --reason TEXT)";
  }

  private RemediationDecision afterApproval(RemediationSnapshot s) {
    if (s.approval() == null) {
      return RemediationDecision.stay(RemediationPhase.AwaitingApproval, ConditionReason.AwaitingApproval,
          "AlertRemediation " + s.name() + " waits for approval: " + decide(s.name()) + ".");
    }
    if (!s.approval().approved()) {
      return end(s, RemediationPhase.Cancelled, "Rejected", ConditionReason.ApprovalRejected, null, null, null,
          "AlertRemediation " + s.name() + " was rejected by " + s.approval().decidedBy() + "; nothing was executed.");
    }
    return execute(s);
  }

  /** Executes, unless the kill switch or dry-run mode stops it first. */
  private RemediationDecision execute(RemediationSnapshot s) {
    if (s.policy().killSwitch()) {
      return end(s, RemediationPhase.Blocked, "KillSwitch", ConditionReason.KillSwitch, null, null, NotificationType.BLOCKED,
          "AlertRemediation " + s.name() + " was blocked: the global kill switch is on in kubernaut-config.");
    }
    if (s.policy().dryRun()) {
      return end(s, RemediationPhase.Completed, "DryRun", ConditionReason.DryRun, null, null, null,
          "AlertRemediation " + s.name() + " stopped before execution because dry-run mode is on; nothing was changed.");
    }
    return start(s, RemediationPhase.Executing, ChildKind.WORKFLOW, ConditionReason.Executing,
        "AlertRemediation " + s.name() + " is executing workflow " + ChildKind.WORKFLOW.childName(s.name()) + ".");
  }

  private RemediationDecision afterWorkflow(RemediationSnapshot s) {
    Optional<ChildState> child = s.child(ChildKind.WORKFLOW);
    ChildLoss loss = child.isEmpty() ? s.lostChildren().get(ChildKind.WORKFLOW) : null;
    if (loss != null) {
      return lostWorkflow(s, loss);
    }
    if (child.isEmpty() || !child.get().terminal()) {
      return waitFor(s, RemediationPhase.Executing, ChildKind.WORKFLOW, child.isEmpty());
    }
    if (child.get().failed() && s.blockedBy() != null) {
      return end(s, RemediationPhase.Blocked, "Blocked", ConditionReason.valueOf(s.blockedBy()), null, null, null,
          "AlertRemediation " + s.name() + " was blocked by the safety envelope (" + s.blockedBy() + "): "
              + child.get().message()
              + (s.blockedUntil() == null ? "" : " It holds this problem until " + s.blockedUntil()
                  + "; the alert's deliveries until then are counted on it."))
          .withBlockedUntil(s.blockedUntil());
    }
    if (child.get().failed() && !MonitoringVerdict.ROLLED_BACK.equals(s.workflowOutcome())) {
      return childFailed(s, RemediationPhase.Executing, child.get());
    }
    String outcome = s.workflowOutcome() == null ? "Remediated" : s.workflowOutcome();
    ConditionReason reason = switch (outcome) {
      case MonitoringVerdict.INCONCLUSIVE -> ConditionReason.Inconclusive;
      case MonitoringVerdict.ROLLED_BACK -> ConditionReason.RolledBack;
      case MonitoringVerdict.NOT_REMEDIATED -> ConditionReason.NotRemediated;
      default -> ConditionReason.Remediated;
    };
    String how = switch (reason) {
      case Inconclusive -> ": verification could not tell whether it worked; review it by hand.";
      case RolledBack -> ": verification failed and the steps were rolled back; the problem is still there.";
      case NotRemediated -> ": the problem is still there.";
      default -> ".";
    };
    return end(s, RemediationPhase.Completed, outcome, reason, null, null,
        reason == ConditionReason.Inconclusive ? NotificationType.MANUAL_REVIEW
            : reason == ConditionReason.Remediated ? NotificationType.COMPLETED
            // The problem is still there: an escalation, never "completed" (which resolves a PagerDuty incident).
            : NotificationType.FAILED,
        "AlertRemediation " + s.name() + " completed with outcome " + outcome + how + " See kubectl describe wfe "
            + ChildKind.WORKFLOW.childName(s.name()) + ".");
  }

  private static RemediationDecision start(RemediationSnapshot s, RemediationPhase phase, ChildKind child,
      ConditionReason reason, String message) {
    return new RemediationDecision(phase, null, reason, message, child, List.of(), null, null, null, null, false);
  }

  /**
   * A workflow it had created that the API server no longer has. One that may have run is not created again: its
   * steps would run once more. While the audit store, which would tell, does not answer, it waits (its timeouts
   * still end it); a workflow never admitted is created again ({@link #waitFor}).
   */
  private static RemediationDecision lostWorkflow(RemediationSnapshot s, ChildLoss loss) {
    String workflow = "WorkflowExecution " + ChildKind.WORKFLOW.childName(s.name()) + " of AlertRemediation " + s.name();
    String startAgain = " Steps it ran may have taken effect: check the target by hand, and re-send the alert to start again.";
    if (loss == ChildLoss.UNTOLD) {
      return RemediationDecision.stay(RemediationPhase.Executing, ConditionReason.AuditPending, workflow
          + " is gone, deleted while no operator watched it; whether its steps had started is told by the audit"
          + " database, which does not answer now, so it is not created again until it does.")
          .withRequeue(UNTOLD_RETRY);
    }
    // Deleted by hand after its admission, or without an audit database to say: a workflow created again would
    // validate and run every step once more.
    String why = loss == ChildLoss.RAN ? " was deleted while it ran; it is not created again, because its steps would"
        + " run once more." : " is gone, deleted while no operator watched it, and without an audit database it cannot be"
        + " told whether its steps had started; it is not created again, because they would run once more.";
    return end(s, RemediationPhase.Failed, "Failed", ConditionReason.ChildFailed, null,
        RemediationPhase.Executing.name(), NotificationType.FAILED, workflow + why + startAgain);
  }

  /** Stays in the phase; re-creates the child if it is missing (idempotent by its deterministic name). */
  private static RemediationDecision waitFor(RemediationSnapshot s, RemediationPhase phase, ChildKind child, boolean missing) {
    String state = s.child(child).map(c -> c.phase() == null ? "new" : c.phase().name()).orElse("not created yet");
    return new RemediationDecision(phase, null, ConditionReason.valueOf(phase.name()),
        "AlertRemediation " + s.name() + " waits for " + child.childName(s.name()) + " (" + state + ").",
        missing ? child : null, List.of(), null, null, null, null, false);
  }

  private RemediationDecision childFailed(RemediationSnapshot s, RemediationPhase phase, ChildState child) {
    return end(s, RemediationPhase.Failed, "Failed", ConditionReason.ChildFailed, null, phase.name(), NotificationType.FAILED,
        child.kind().kind() + " " + child.kind().childName(s.name()) + " failed during " + phase + ": "
            + child.message() + " See kubectl describe ar " + s.name() + ".");
  }

  /** The overall deadline first, then the current phase's own. */
  private Optional<RemediationDecision> timeout(RemediationSnapshot s, RemediationPhase phase) {
    Duration overall = Timeouts.effective(s.policy().timeouts(), TimeoutSettings.OVERALL, s.environment(), s.severity());
    if (!s.now().isBefore(heldFor(s, s.createdAt().plus(overall)))) {
      return Optional.of(timedOut(s, phase, after(s, phase, "the overall timeout of " + DurationFormatter.words(overall))));
    }
    Optional<String> key = Timeouts.keyOf(phase);
    if (key.isPresent() && s.phaseEnteredAt() != null) {
      Duration limit = Timeouts.effective(s.policy().timeouts(), key.get(), s.environment(), s.severity());
      if (!s.now().isBefore(heldFor(s, s.phaseEnteredAt().plus(limit)))) {
        boolean approval = phase == RemediationPhase.AwaitingApproval;
        if (approval) {
          return Optional.of(end(s, RemediationPhase.Failed, "ApprovalExpired", ConditionReason.ApprovalExpired,
              ConditionReason.ParentTimedOut, phase.name(), NotificationType.TIMED_OUT, "The approval of AlertRemediation "
                  + s.name() + " expired after " + DurationFormatter.words(limit) + "; nothing was executed. Re-send the alert to start again."));
        }
        if (phase == RemediationPhase.Pending && !s.place().held()) {
          // Said as it is: the line did not drain, which is the operator's load, not this remediation's problem.
          PipelinePlace place = s.place();
          return Optional.of(timedOut(s, phase, "AlertRemediation " + s.name() + " timed out in Pending: it waited "
              + DurationFormatter.words(limit) + " (the processing timeout) for a place in the pipeline and got none; " + place.working() + " of "
              + place.limit() + " places (KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT) were taken and " + place.ahead()
              + (place.ahead() == 1 ? " remediation" : " remediations") + " waited ahead of it. Nothing was done for it. "
              + "Look at what holds the places (kubectl get ar), or raise the limit or the processing timeout."));
        }
        return Optional.of(timedOut(s, phase, after(s, phase, "the " + phase + " timeout of " + DurationFormatter.words(limit))));
      }
    }
    return Optional.empty();
  }

  /** Ends the remediation TimedOut in {@code phase}, stopping its active children, with the message given. */
  private static RemediationDecision timedOut(RemediationSnapshot s, RemediationPhase phase, String message) {
    return end(s, RemediationPhase.TimedOut, "TimedOut", ConditionReason.TimedOut, ConditionReason.ParentTimedOut,
        phase.name(), NotificationType.TIMED_OUT, message);
  }

  /** The message of a remediation that ran out of {@code what} (a timeout and its length) in {@code phase}. */
  private static String after(RemediationSnapshot s, RemediationPhase phase, String what) {
    return "AlertRemediation " + s.name() + " timed out in " + phase + " after " + what
        + "; its active children were stopped." + (s.lostChildren().containsKey(ChildKind.WORKFLOW)
            ? " Its WorkflowExecution " + ChildKind.WORKFLOW.childName(s.name()) + " was gone (deleted by hand) and may"
                + " have run its steps: check the target by hand." : "")
        + " Inspect it with kubectl describe ar " + s.name() + ".";
  }

  /** Ends the remediation, stopping every child that is still active. */
  private static RemediationDecision end(RemediationSnapshot s, RemediationPhase phase, String outcome, ConditionReason reason,
      ConditionReason stopReason, String failurePhase, NotificationType escalation, String message) {
    List<ChildKind> active = new ArrayList<>();
    s.children().values().stream().filter(c -> !c.terminal()).forEach(c -> active.add(c.kind()));
    return new RemediationDecision(phase, outcome, reason, message, null, active,
        stopReason == null ? ConditionReason.ParentEnded : stopReason, failurePhase, escalation, null, false);
  }

  /** After the end: wait for the audit store's confirmation, then for the retention period, then delete. */
  private RemediationDecision retain(RemediationSnapshot s, RemediationPhase phase) {
    if (!s.auditPersisted()) {
      return RemediationDecision.stay(phase, ConditionReason.AuditPending, "AlertRemediation " + s.name()
          + " has ended; it is kept until the audit store confirms its final record.").withRequeue(auditRetry(s));
    }
    Instant completed = s.completedAt() == null ? s.now() : s.completedAt();
    Instant expiry = completed.plus(s.policy().retention());
    if (!s.now().isBefore(expiry)) {
      return new RemediationDecision(phase, null, ConditionReason.RetentionExpired, "AlertRemediation " + s.name()
          + " is past its retention of " + DurationFormatter.words(s.policy().retention())
          + " and its audit is confirmed; it is deleted with its children.",
          null, List.of(), null, null, null, null, true);
    }
    return RemediationDecision.stay(phase, ConditionReason.AuditConfirmed, "AlertRemediation " + s.name()
        + " has ended and its audit is confirmed; it is deleted at " + expiry + ".").withRequeue(Duration.between(s.now(), expiry));
  }

  /**
   * When to ask the audit store again: {@link #AUDIT_RETRY} in the first 20 s after the end (the usual
   * wait for the writer), then a quarter of the time since the end, at most {@link #AUDIT_RETRY_MAX}.
   * During a database outage every ended remediation waits so, and the questions of many of them
   * thin out as it lasts instead of coming every 5 s each.
   */
  static Duration auditRetry(RemediationSnapshot s) {
    Duration ended = s.completedAt() == null || s.now().isBefore(s.completedAt()) ? Duration.ZERO
        : Duration.between(s.completedAt(), s.now());
    Duration quarter = ended.dividedBy(4);
    return quarter.compareTo(AUDIT_RETRY) < 0 ? AUDIT_RETRY
        : quarter.compareTo(AUDIT_RETRY_MAX) > 0 ? AUDIT_RETRY_MAX : quarter;
  }

  /**
   * A deadline, moved past the time a child waits for a person's decision until (plus
   * {@link #DECISION_GRACE}): the rollback approval after a failed verification promises the
   * approver its own timeout, and the workflow ends the remediation NotRemediated when no one decides.
   * A remediation timeout shorter than monitoring and that approval would otherwise end it TimedOut
   * first and refuse an approval given in the promised time.
   */
  private static Instant heldFor(RemediationSnapshot s, Instant deadline) {
    if (s.decisionDue() == null) {
      return deadline;
    }
    Instant held = s.decisionDue().plus(DECISION_GRACE);
    return held.isAfter(deadline) ? held : deadline;
  }

  /** The earliest of the overall and the phase deadline, so a scheduled reconcile enforces it. */
  private static Duration nextDeadline(RemediationSnapshot s, RemediationPhase phase) {
    Instant deadline = heldFor(s, s.createdAt().plus(Timeouts.effective(s.policy().timeouts(), TimeoutSettings.OVERALL,
        s.environment(), s.severity())));
    Instant entered = s.phaseEnteredAt() == null ? s.now() : s.phaseEnteredAt();
    Optional<String> key = Timeouts.keyOf(phase);
    if (key.isPresent()) {
      Instant phaseDeadline = heldFor(s, entered.plus(Timeouts.effective(s.policy().timeouts(), key.get(),
          s.environment(), s.severity())));
      deadline = phaseDeadline.isBefore(deadline) ? phaseDeadline : deadline;
    }
    Duration wait = Duration.between(s.now(), deadline);
    return wait.isNegative() ? Duration.ofSeconds(1) : wait.plusMillis(50);
  }
}
