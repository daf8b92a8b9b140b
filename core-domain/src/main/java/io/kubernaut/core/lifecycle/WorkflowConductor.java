package io.kubernaut.core.lifecycle;

import io.kubernaut.core.workflow.DagPlanner;
import io.kubernaut.core.verification.VerificationJudge.Judgement;
import io.kubernaut.core.workflow.RemediationAssessor;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.in.DecideWorkflow;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.VerificationRules;
import io.kubernaut.ports.workflow.MonitoringObservation;
import io.kubernaut.ports.workflow.MonitoringVerdict;
import io.kubernaut.ports.workflow.RollbackApproval;
import io.kubernaut.ports.workflow.RollbackStrategy;
import io.kubernaut.ports.workflow.StepExecution;
import io.kubernaut.ports.workflow.StepState;
import io.kubernaut.ports.workflow.WorkflowDecision;
import io.kubernaut.ports.workflow.WorkflowDecision.Call;
import io.kubernaut.ports.workflow.WorkflowDecision.Transition;
import io.kubernaut.ports.workflow.WorkflowPlan;
import io.kubernaut.ports.workflow.WorkflowSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a WorkflowExecution's next step: Planning → Validating → Executing → Monitoring →
 * Completed (or Failed, RolledBack). Ready steps start as their dependencies succeed; after a
 * failed critical step, once nothing runs any more, the completed steps are rolled back one
 * rollback execution at a time in reverse plan order (per the rollback strategy). The kill switch
 * stops new steps and new rollbacks. Pure: every transition is checked against {@link PhaseMachines}.
 */
public final class WorkflowConductor implements DecideWorkflow {

  private final DagPlanner planner = new DagPlanner();
  private final RemediationAssessor assessor = new RemediationAssessor();
  private final WorkflowVerifier verifier = new WorkflowVerifier();
  private static final java.time.Duration MIN_RECHECK = java.time.Duration.ofSeconds(1);

  @Override
  public WorkflowDecision decide(WorkflowSnapshot s) {
    WorkflowDecision decision = decideUnchecked(s);
    PhaseMachines.Verdict verdict = PhaseMachines.path(WorkflowPhase.class, s.phase(),
        decision.transitions().stream().map(Transition::phase).toList());
    if (!verdict.legal()) {
      return new WorkflowDecision(List.of(), "WorkflowExecution " + s.name() + " stays " + s.phase() + ": "
          + verdict.reason(), Call.NONE, List.of(), null, decision.steps(), null, null, null, null);
    }
    return decision;
  }

  private WorkflowDecision decideUnchecked(WorkflowSnapshot s) {
    WorkflowPhase phase = s.phase();
    WorkflowPlan plan = planner.plan(s.steps());
    if (phase != null && phase.isTerminal()) {
      return stay(s, "WorkflowExecution " + s.name() + " has ended (" + phase + ").", Call.NONE, states(s, plan), null);
    }
    if (phase == null || phase == WorkflowPhase.Planning) {
      return plan(s, plan);
    }
    if (phase == WorkflowPhase.Validating) {
      return validating(s, plan);
    }
    if (phase == WorkflowPhase.Executing) {
      return executing(s, plan);
    }
    return monitoring(s, plan);
  }

  /** Planning: an unplannable set of steps fails at once; a valid plan goes on to its checks. */
  private WorkflowDecision plan(WorkflowSnapshot s, WorkflowPlan plan) {
    List<Transition> path = new ArrayList<>();
    if (s.phase() == null) {
      path.add(new Transition(WorkflowPhase.Planning, ConditionReason.Planned, "Planning " + s.steps().size()
          + " steps of WorkflowExecution " + s.name() + "."));
    }
    if (!plan.valid()) {
      path.add(new Transition(WorkflowPhase.Failed, ConditionReason.InvalidPlan, "WorkflowExecution " + s.name()
          + " cannot run: " + plan.problem() + " The remediation fails; fix the recommendations."));
      return move(path, Call.NONE, List.of(), null, Map.of(), null);
    }
    path.add(new Transition(WorkflowPhase.Validating, ConditionReason.Planned, "Planned " + plan.order().size()
        + " steps in " + plan.groups().size() + " parallel groups; validating them."));
    return move(path, Call.VALIDATE, List.of(), null, states(s, plan), null);
  }

  /** Validating: every step must pass its checks before anything runs. */
  private WorkflowDecision validating(WorkflowSnapshot s, WorkflowPlan plan) {
    if (s.validation() == null) {
      return stay(s, "Validating the " + plan.order().size() + " steps of WorkflowExecution " + s.name() + ".",
          Call.VALIDATE, states(s, plan), null);
    }
    if (!s.validation().allowed()) {
      Transition failed = new Transition(WorkflowPhase.Failed, s.validation().reason(), "WorkflowExecution " + s.name()
          + " stopped before executing anything: " + s.validation().message());
      return new WorkflowDecision(List.of(failed), null, Call.NONE, List.of(), null, states(s, plan), null, null,
          s.validation().safety() ? s.validation().reason() : null, null);
    }
    return move(List.of(new Transition(WorkflowPhase.Executing, ConditionReason.Validated, "All " + plan.order().size()
        + " steps passed the safety policy, the access review and their dry runs; executing.")), Call.CONTINUE, List.of(),
        null, states(s, plan), null);
  }

  /** Executing: start what is ready; after a failed critical step, once nothing runs, undo per the strategy. */
  private WorkflowDecision executing(WorkflowSnapshot s, WorkflowPlan plan) {
    Map<String, StepState> states = states(s, plan);
    Optional<String> failedCritical = plan.order().stream()
        .filter(id -> states.get(id) == StepState.FAILED && s.critical().contains(id)).findFirst();
    boolean running = states.containsValue(StepState.RUNNING);
    if (failedCritical.isPresent()) {
      return running
          ? stay(s, "Step " + failedCritical.get() + " failed; waiting for the running steps to end before undoing anything.",
              Call.NONE, states, null)
          : undo(s, plan, failedCritical.get(), states);
    }
    List<String> ready = s.killSwitch() ? List.of() : planner.ready(plan, states);
    ready.forEach(id -> states.put(id, StepState.RUNNING));
    if (states.values().stream().allMatch(StepState::terminal)) {
      return move(List.of(new Transition(WorkflowPhase.Monitoring, ConditionReason.Monitoring, "All steps ended ("
          + succeeded(states) + "/" + plan.order().size() + " succeeded); watching for the alert to resolve or " + s.target()
          + " to turn healthy.")), Call.ASSESS, List.of(), null, states, null);
    }
    if (s.killSwitch() && !states.containsValue(StepState.RUNNING)) {
      List<String> pending = plan.order().stream().filter(id -> states.get(id) == StepState.PENDING).toList();
      return end(WorkflowPhase.Failed, ConditionReason.KillSwitch, "WorkflowExecution " + s.name()
          + " stopped: the global kill switch is on in kubernaut-config, so steps " + String.join(", ", pending)
          + " were not started; completed steps stay in effect.", states);
    }
    String message = ready.isEmpty() ? "WorkflowExecution " + s.name() + " waits for its running steps ("
        + succeeded(states) + "/" + plan.order().size() + " succeeded)."
        : "WorkflowExecution " + s.name() + " starts steps " + String.join(", ", ready) + ".";
    return new WorkflowDecision(List.of(), message, Call.NONE, ready, null, states, null, null, null, null);
  }

  /** A critical step failed and nothing runs: roll back, one execution at a time, or say what is left. */
  private WorkflowDecision undo(WorkflowSnapshot s, WorkflowPlan plan, String failed, Map<String, StepState> states) {
    Recommendation step = step(s, failed);
    StepExecution run = s.runs().get(failed);
    return rollBack(s, plan, "Step " + failed + " (" + step.action() + ") failed: " + (run == null || run.message().isEmpty()
        ? "no details" : run.message()), states);
  }

  /** Rolls back the completed steps one execution at a time in reverse plan order, for {@code cause}. */
  private WorkflowDecision rollBack(WorkflowSnapshot s, WorkflowPlan plan, String cause, Map<String, StepState> states) {
    List<String> completed = plan.order().stream().filter(id -> completed(s.runs().get(id))).toList();
    List<String> order = planner.rollbackOrder(plan, completed);
    if (order.isEmpty()) {
      return end(WorkflowPhase.Failed, ConditionReason.StepFailed, cause + " No step had completed, so nothing needs undoing.",
          states);
    }
    if (s.strategy() == RollbackStrategy.MANUAL) {
      return end(WorkflowPhase.Failed, ConditionReason.RollbackRequired, cause + " rollbackStrategy is manual: undo steps "
          + String.join(", ", order) + " in that order by hand, with the rollback data of their KubernetesExecutions.", states);
    }
    if (s.strategy() == RollbackStrategy.NONE) {
      return end(WorkflowPhase.Failed, ConditionReason.StepFailed, cause + " rollbackStrategy is none, so steps "
          + String.join(", ", order) + " stay in effect.", states);
    }
    for (String id : order) {
      StepExecution rollback = s.rollbacks().get(id);
      if (rollback != null && rollback.phase() == ExecutionPhase.Completed) {
        states.put(id, StepState.ROLLED_BACK);
        continue;
      }
      if (rollback != null && rollback.ended()) {
        return end(WorkflowPhase.Failed, ConditionReason.StepFailed, cause + " The rollback of step " + id + " ("
            + step(s, id).action() + ") failed: " + rollback.message(), states);
      }
      if (rollback != null) {
        return stay(s, cause + " Rolling back step " + id + " (" + rollback.name() + ").", Call.NONE, states, null);
      }
      if (s.killSwitch()) {
        return end(WorkflowPhase.Failed, ConditionReason.KillSwitch, cause + " The global kill switch is on, so steps "
            + String.join(", ", order.subList(order.indexOf(id), order.size())) + " were not rolled back; undo them by hand.",
            states);
      }
      return stay(s, cause + " Rolling back step " + id + ", then " + (order.size() - order.indexOf(id) - 1)
          + " more in reverse order.", Call.NONE, states, id);
    }
    return end(WorkflowPhase.RolledBack, ConditionReason.RolledBack, cause + " Rolled back steps " + String.join(", ", order)
        + " in reverse order.", states);
  }

  /** Monitoring: the assessor judges what was seen; the window's end comes back as a requeue. */
  private WorkflowDecision monitoring(WorkflowSnapshot s, WorkflowPlan plan) {
    Map<String, StepState> states = states(s, plan);
    List<WorkflowVerifier.Filled> checks = verifier.checks(s);
    if (!checks.isEmpty()) {
      return verifying(s, plan, states, checks);
    }
    if (s.health() == null) {
      return stay(s, "WorkflowExecution " + s.name() + " is monitoring.", Call.ASSESS, states, null);
    }
    MonitoringVerdict verdict = assessor.assess(new MonitoringObservation(plan.order().size(), (int) succeeded(states),
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
   * Monitoring with verification checks: measure what is due, then judge. A failed verification
   * rolls the completed steps back (per {@code rollbackOnFailedVerification}) and escalates at once,
   * naming the failed check and its last value; once a rollback exists, it goes on to the end.
   */
  private WorkflowDecision verifying(WorkflowSnapshot s, WorkflowPlan plan, Map<String, StepState> states,
      List<WorkflowVerifier.Filled> checks) {
    if (!s.rollbacks().isEmpty()) {
      return withOutcome(rollBack(s, plan, "Verification failed.", states));
    }
    if (s.rollbackApproval() != null && s.rollbackApproval().askedAt() != null) {
      return awaitingRollbackApproval(s, plan, states, s.rollbackApproval());
    }
    if (s.health() == null) {
      Judgement before = verifier.before(s, checks);
      return new WorkflowDecision(List.of(), "WorkflowExecution " + s.name() + " is verifying: " + before.message(),
          Call.ASSESS, List.of(), null, states, null, null, null, null, verifier.toMeasure(before, checks), List.of(), null);
    }
    Judgement j = verifier.after(s, checks);
    String head = "WorkflowExecution " + s.name();
    return switch (j.verdict()) {
      case MEASURING -> new WorkflowDecision(List.of(), head + " is verifying: " + j.message(), Call.NONE, List.of(), null,
          states, null, null, null, j.recheck().compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : j.recheck(), List.of(),
          j.measured(), null);
      case REMEDIATED -> completed(s, states, j, MonitoringVerdict.REMEDIATED, ConditionReason.Remediated, null, null);
      // Not a failed verification: the remediation asks for a manual review (MANUAL_REVIEW), nothing escalates FAILED.
      case INCONCLUSIVE -> completed(s, states, j, MonitoringVerdict.INCONCLUSIVE, ConditionReason.Inconclusive,
          head + " needs a manual review: " + j.message(), null);
      case NOT_REMEDIATED -> failedVerification(s, plan, states, j);
    };
  }

  /** Verification failed: roll back per the environment's rule, or leave the steps and say so; escalate either way. */
  private WorkflowDecision failedVerification(WorkflowSnapshot s, WorkflowPlan plan, Map<String, StepState> states,
      Judgement j) {
    List<String> completed = plan.order().stream().filter(id -> completed(s.runs().get(id))).toList();
    List<String> order = planner.rollbackOrder(plan, completed);
    VerificationRules.Rollback rule = s.verification().rules().rollbackIn(s.verification().environment());
    String head = "WorkflowExecution " + s.name() + " failed verification: " + j.failedCheck() + ".";
    if (order.isEmpty() || s.strategy() != RollbackStrategy.AUTOMATIC || rule == VerificationRules.Rollback.OFF) {
      String why = order.isEmpty() ? " No step had completed, so nothing needs undoing."
          : s.strategy() != RollbackStrategy.AUTOMATIC ? " rollbackStrategy is " + s.strategy().name().toLowerCase(
              java.util.Locale.ROOT) + ": steps " + String.join(", ", order) + " stay in effect; undo them by hand."
          : " rollbackOnFailedVerification is off: steps " + String.join(", ", order) + " stay in effect.";
      return completed(s, states, j, MonitoringVerdict.NOT_REMEDIATED, ConditionReason.NotRemediated, null, head + why);
    }
    if (s.killSwitch()) {
      return completed(s, states, j, MonitoringVerdict.NOT_REMEDIATED, ConditionReason.NotRemediated, null, head
          + " The global kill switch is on, so steps " + String.join(", ", order) + " were not rolled back; undo them by hand.");
    }
    if (rule == VerificationRules.Rollback.APPROVAL) {
      java.time.Duration timeout = s.rollbackApproval() == null ? java.time.Duration.ofMinutes(15)
          : s.rollbackApproval().timeout();
      String ask = head + " rollbackOnFailedVerification is approval in environment " + s.verification().environment()
          + ": approve rolling back steps " + String.join(", ", order) + " (in that order) within " + timeout
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
  private WorkflowDecision awaitingRollbackApproval(WorkflowSnapshot s, WorkflowPlan plan, Map<String, StepState> states,
      RollbackApproval approval) {
    List<String> completed = plan.order().stream().filter(id -> completed(s.runs().get(id))).toList();
    String steps = String.join(", ", planner.rollbackOrder(plan, completed));
    String head = "WorkflowExecution " + s.name() + " failed verification.";
    ApprovalDecision decision = approval.current();
    if (decision != null && decision.approved()) {
      return withOutcome(rollBack(s, plan, head + " The rollback was approved by " + decision.decidedBy() + ".", states));
    }
    if (decision != null) {
      return notRemediated(s, states, head + " The rollback was rejected by " + decision.decidedBy() + ": steps " + steps
          + " stay in effect; undo them by hand if needed.");
    }
    java.time.Instant deadline = approval.askedAt().plus(approval.timeout());
    if (!s.now().isBefore(deadline)) {
      return notRemediated(s, states, head + " No one decided on the rollback within " + approval.timeout() + ": steps "
          + steps + " stay in effect; undo them by hand if needed.");
    }
    java.time.Duration left = java.time.Duration.between(s.now(), deadline);
    return new WorkflowDecision(List.of(), head + " It waits for approval to roll back steps " + steps + " (" + left
        + " left).", Call.NONE, List.of(), null, states, null, null, null, left.compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK
        : left);
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

  /** A verification rollback's end carries its outcome: RolledBack when undone, NotRemediated when not. */
  private static WorkflowDecision withOutcome(WorkflowDecision d) {
    if (d.phase() == null) {
      return d;
    }
    String outcome = d.phase() == WorkflowPhase.RolledBack ? MonitoringVerdict.ROLLED_BACK : MonitoringVerdict.NOT_REMEDIATED;
    return new WorkflowDecision(d.transitions(), d.message(), d.call(), d.start(), d.rollBack(), d.steps(), outcome, 0.0,
        d.blocked(), d.requeue());
  }

  /** Each planned step's state from its executions: the run, then its rollback. */
  private Map<String, StepState> states(WorkflowSnapshot s, WorkflowPlan plan) {
    Map<String, StepState> states = new LinkedHashMap<>();
    for (String id : plan.order()) {
      StepExecution run = s.runs().get(id);
      StepExecution rollback = s.rollbacks().get(id);
      if (rollback != null && rollback.phase() == ExecutionPhase.Completed) {
        states.put(id, StepState.ROLLED_BACK);
      } else if (run == null) {
        states.put(id, StepState.PENDING);
      } else if (!run.ended()) {
        states.put(id, StepState.RUNNING);
      } else {
        states.put(id, switch (run.phase()) {
          case Completed -> StepState.SUCCEEDED;
          case RolledBack -> StepState.ROLLED_BACK;
          default -> StepState.FAILED;
        });
      }
    }
    planner.unreachable(plan, states).forEach(id -> states.put(id, StepState.SKIPPED));
    return states;
  }

  private static boolean completed(StepExecution run) {
    return run != null && (run.phase() == ExecutionPhase.Completed);
  }

  private static long succeeded(Map<String, StepState> states) {
    return states.values().stream().filter(st -> st == StepState.SUCCEEDED).count();
  }

  private static Recommendation step(WorkflowSnapshot s, String id) {
    return s.steps().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  private static WorkflowDecision stay(WorkflowSnapshot s, String message, Call call, Map<String, StepState> states,
      String rollBack) {
    return new WorkflowDecision(List.of(), message, call, List.of(), rollBack, states, null, null, null, null);
  }

  private static WorkflowDecision move(List<Transition> path, Call call, List<String> start, String rollBack,
      Map<String, StepState> states, String message) {
    return new WorkflowDecision(path, message, call, start, rollBack, states, null, null, null, null);
  }

  private static WorkflowDecision end(WorkflowPhase phase, ConditionReason reason, String message,
      Map<String, StepState> states) {
    return new WorkflowDecision(List.of(new Transition(phase, reason, message)), null, Call.NONE, List.of(), null, states,
        null, null, reason.blocks() ? reason : null, null);
  }
}
