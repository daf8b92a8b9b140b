package io.kubernaut.core.lifecycle;

import io.kubernaut.ports.pipeline.DurationFormatter;
import io.kubernaut.core.verification.VerificationJudge.Judgement;
import io.kubernaut.core.workflow.RemediationAssessor;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.VerificationRules;
import io.kubernaut.ports.workflow.MonitoringObservation;
import io.kubernaut.ports.workflow.MonitoringVerdict;
import io.kubernaut.ports.workflow.RollbackApproval;
import io.kubernaut.ports.workflow.RollbackStrategy;
import io.kubernaut.ports.workflow.StepState;
import io.kubernaut.ports.workflow.WorkflowDecision;
import io.kubernaut.ports.workflow.WorkflowDecision.Call;
import io.kubernaut.ports.workflow.WorkflowDecision.Transition;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.workflow.WorkflowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides the Monitoring phase for the {@link WorkflowConductor}: how long to watch and how the
 * workflow ends. Without verification checks the {@link RemediationAssessor} judges the alert and
 * the target over the window; with checks the {@link WorkflowVerifier} measures and judges them. A
 * failed verification starts the rollback per {@code rollbackOnFailedVerification} (or asks for its
 * approval, or leaves the steps in effect and says so) and escalates, naming the failed check and its
 * last value. Rolling back past the first step is the conductor's: the monitor says so with a
 * {@link Watch#rollBackFor() cause}.
 */
final class WorkflowMonitor {

  private static final Duration MIN_RECHECK = Duration.ofSeconds(1);

  private final RemediationAssessor assessor = new RemediationAssessor();
  private final WorkflowVerifier verifier = new WorkflowVerifier();

  /**
   * What monitoring decided: a decision, or to roll back the completed steps for a cause.
   *
   * @param decision the decision; null when rolling back
   * @param rollBackFor the cause the conductor rolls back for (a verification rollback); null otherwise
   */
  record Watch(WorkflowDecision decision, String rollBackFor) {

    static Watch decided(WorkflowDecision decision) {
      return new Watch(decision, null);
    }

    static Watch rollBack(String cause) {
      return new Watch(null, cause);
    }
  }

  /**
   * The next step of a monitored workflow of {@code planned} steps; {@code undoOrder} is its
   * completed steps in rollback order.
   */
  Watch watch(WorkflowSnapshot s, int planned, Map<String, StepState> states, List<String> undoOrder) {
    List<WorkflowVerifier.Filled> checks = verifier.checks(s);
    if (!checks.isEmpty()) {
      return verifying(s, states, checks, undoOrder);
    }
    return Watch.decided(assessing(s, planned, states));
  }

  /** Without verification checks: the assessor judges what was seen; the window's end comes back as a requeue. */
  private WorkflowDecision assessing(WorkflowSnapshot s, int planned, Map<String, StepState> states) {
    if (s.health() == null) {
      return new WorkflowDecision(List.of(), "WorkflowExecution " + s.name() + " is monitoring.", Call.ASSESS, List.of(),
          null, states, null, null, null, null);
    }
    int succeeded = (int) states.values().stream().filter(st -> st == StepState.SUCCEEDED).count();
    MonitoringVerdict verdict = assessor.assess(new MonitoringObservation(planned, succeeded,
        s.health().alertResolved(), s.health().alertResolved() ? null : s.health().targetHealthy(),
        s.phaseEnteredAt() == null ? s.now() : s.phaseEnteredAt(), s.monitoringWindow(), s.now()));
    if (!verdict.settled()) {
      return new WorkflowDecision(List.of(), "WorkflowExecution " + s.name() + " is monitoring: " + verdict.message(),
          Call.NONE, List.of(), null, states, null, null, null, verdict.recheckAfter());
    }
    boolean remediated = !MonitoringVerdict.NOT_REMEDIATED.equals(verdict.outcome());
    Transition done = new Transition(WorkflowPhase.Completed, remediated ? ConditionReason.Remediated
        : ConditionReason.NotRemediated, "WorkflowExecution " + s.name() + " completed as " + verdict.outcome()
        + " (effectiveness " + verdict.effectiveness() + "): " + verdict.message());
    return new WorkflowDecision(List.of(done), null, Call.NONE, List.of(), null, states, verdict.outcome(),
        verdict.effectiveness(), null, null);
  }

  /**
   * With verification checks: measure what is due, then judge. A failed verification rolls the
   * completed steps back (per {@code rollbackOnFailedVerification}) and escalates at once, naming the
   * failed check and its last value; once the workflow recorded a rollback, it goes on to the end (resumed after a
   * crash before its create; a rollback execution made by hand is no record of it).
   */
  private Watch verifying(WorkflowSnapshot s, Map<String, StepState> states, List<WorkflowVerifier.Filled> checks,
      List<String> undoOrder) {
    if (s.rollingBack()) {
      return Watch.rollBack("Verification failed.");
    }
    if (s.rollbackApproval() != null && s.rollbackApproval().askedAt() != null) {
      return awaitingRollbackApproval(s, states, s.rollbackApproval(), undoOrder);
    }
    if (s.health() == null) {
      Judgement before = verifier.before(s, checks);
      return Watch.decided(new WorkflowDecision(List.of(), "WorkflowExecution " + s.name() + " is verifying: "
          + before.message(), Call.ASSESS, List.of(), null, states, null, null, null, null,
          verifier.toMeasure(before, checks), List.of(), null));
    }
    Judgement j = verifier.after(s, checks);
    String head = "WorkflowExecution " + s.name();
    return Watch.decided(switch (j.verdict()) {
      case MEASURING -> new WorkflowDecision(List.of(), head + " is verifying: " + j.message(), Call.NONE, List.of(), null,
          states, null, null, null, j.recheck().compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : j.recheck(), List.of(),
          j.measured(), null);
      case REMEDIATED -> completed(s, states, j, MonitoringVerdict.REMEDIATED, ConditionReason.Remediated, null, null);
      // Not a failed verification: the remediation asks for a manual review (MANUAL_REVIEW), nothing escalates FAILED.
      case INCONCLUSIVE -> completed(s, states, j, MonitoringVerdict.INCONCLUSIVE, ConditionReason.Inconclusive,
          head + " needs a manual review: " + j.message(), null);
      case NOT_REMEDIATED -> failedVerification(s, states, j, undoOrder);
    });
  }

  /** Verification failed: roll back per the environment's rule, or leave the steps and say so; escalate either way. */
  private static WorkflowDecision failedVerification(WorkflowSnapshot s, Map<String, StepState> states, Judgement j,
      List<String> order) {
    VerificationRules.Rollback rule = s.verification().rules().rollbackIn(s.verification().environment());
    String head = "WorkflowExecution " + s.name() + " failed verification: " + j.failedCheck() + ".";
    if (order.isEmpty() || s.strategy() != RollbackStrategy.AUTOMATIC || rule == VerificationRules.Rollback.OFF) {
      String why = order.isEmpty() ? " No step had completed, so nothing needs undoing."
          : s.strategy() != RollbackStrategy.AUTOMATIC ? " rollbackStrategy is " + s.strategy().name().toLowerCase(
              Locale.ROOT) + ": steps " + String.join(", ", order) + " stay in effect; undo them by hand."
          : " rollbackOnFailedVerification is off: steps " + String.join(", ", order) + " stay in effect.";
      return completed(s, states, j, MonitoringVerdict.NOT_REMEDIATED, ConditionReason.NotRemediated, null, head + why);
    }
    if (s.killSwitch()) {
      return completed(s, states, j, MonitoringVerdict.NOT_REMEDIATED, ConditionReason.NotRemediated, null, head
          + " The global kill switch is on, so steps " + String.join(", ", order) + " were not rolled back; undo them by hand.");
    }
    if (rule == VerificationRules.Rollback.APPROVAL) {
      Duration timeout = s.rollbackApproval() == null ? Duration.ofMinutes(15) : s.rollbackApproval().timeout();
      String ask = head + " rollbackOnFailedVerification is approval in environment " + s.verification().environment()
          + ": approve rolling back steps " + String.join(", ", order) + " (in that order) within " + DurationFormatter.words(timeout)
          + ", or reject to leave them in effect.";
      return new WorkflowDecision(List.of(), ask, Call.NONE, List.of(), null, states, null, null, null, timeout, List.of(),
          j.measured(), null, ask);
    }
    String first = order.get(0);
    return new WorkflowDecision(List.of(), head + " Rolling back step " + first + ", then " + (order.size() - 1)
        + " more in reverse order.", Call.NONE, List.of(), first, states, null, null, null, null, List.of(), j.measured(),
        head + " Rolling back steps " + String.join(", ", order) + " in reverse order.");
  }

  /**
   * Verification failed and the rollback waits for a person: a decision given after the question
   * rolls back (approved) or ends NotRemediated (rejected); no decision by the timeout ends
   * NotRemediated. Either way without a rollback the steps stay in effect and it is escalated.
   */
  private static Watch awaitingRollbackApproval(WorkflowSnapshot s, Map<String, StepState> states,
      RollbackApproval approval, List<String> order) {
    String steps = String.join(", ", order);
    String head = "WorkflowExecution " + s.name() + " failed verification.";
    ApprovalDecision decision = approval.current();
    if (decision != null && decision.approved()) {
      return Watch.rollBack(head + " The rollback was approved by " + decision.decidedBy() + ".");
    }
    if (decision != null) {
      return Watch.decided(notRemediated(s, states, head + " The rollback was rejected by " + decision.decidedBy()
          + ": steps " + steps + " stay in effect; undo them by hand if needed."));
    }
    Instant deadline = approval.askedAt().plus(approval.timeout());
    if (!s.now().isBefore(deadline)) {
      return Watch.decided(notRemediated(s, states, head + " No one decided on the rollback within "
          + DurationFormatter.words(approval.timeout())
          + ": steps " + steps + " stay in effect; undo them by hand if needed."));
    }
    Duration left = Duration.between(s.now(), deadline);
    return Watch.decided(new WorkflowDecision(List.of(), head + " It waits for approval to roll back steps " + steps
        + " (" + DurationFormatter.words(left) + " left).", Call.NONE, List.of(), null, states, null, null, null,
        left.compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : left));
  }

  /** Monitoring ends Completed as NotRemediated with the steps in effect, escalating {@code escalation}. */
  private static WorkflowDecision notRemediated(WorkflowSnapshot s, Map<String, StepState> states, String escalation) {
    Transition done = new Transition(WorkflowPhase.Completed, ConditionReason.NotRemediated, "WorkflowExecution " + s.name()
        + " completed as " + MonitoringVerdict.NOT_REMEDIATED + " (effectiveness 0.0): " + escalation);
    return new WorkflowDecision(List.of(done), null, Call.NONE, List.of(), null, states, MonitoringVerdict.NOT_REMEDIATED,
        0.0, null, null, List.of(), List.of(), escalation);
  }

  /**
   * Monitoring ends Completed with a verified outcome, said with {@code message} (else the
   * judgement's); {@code escalation} is notified as a failed verification when given.
   */
  private static WorkflowDecision completed(WorkflowSnapshot s, Map<String, StepState> states, Judgement j, String outcome,
      ConditionReason reason, String message, String escalation) {
    String said = message != null ? message : escalation != null ? escalation : j.message();
    Transition done = new Transition(WorkflowPhase.Completed, reason, "WorkflowExecution " + s.name() + " completed as "
        + outcome + " (effectiveness " + j.effectiveness() + "): " + said);
    return new WorkflowDecision(List.of(done), null, Call.NONE, List.of(), null, states, outcome, j.effectiveness(), null,
        null, List.of(), j.measured(), escalation);
  }
}
