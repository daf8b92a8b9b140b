package io.kubernaut.core.lifecycle;

import io.kubernaut.core.workflow.DagPlanner;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.in.DecideWorkflow;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.workflow.MonitoringVerdict;
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
 * rollback execution at a time in reverse plan order (per the rollback strategy). Monitoring is
 * judged by the {@link WorkflowMonitor}; a rollback after a failed verification goes the same way.
 * The kill switch stops new steps and new rollbacks. Pure: every transition is checked against
 * {@link PhaseMachines}.
 */
public final class WorkflowConductor implements DecideWorkflow {

  private final DagPlanner planner = new DagPlanner();
  private final WorkflowMonitor monitor = new WorkflowMonitor();

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
    if (s.validation() != null && !s.validation().allowed()) {
      // A check made again before more steps start (the workflow's origin) refused it: nothing more starts.
      List<String> pending = plan.order().stream().filter(id -> states.get(id) == StepState.PENDING).toList();
      return end(WorkflowPhase.Failed, s.validation().reason(), "WorkflowExecution " + s.name() + " stopped before "
          + "starting steps " + String.join(", ", pending) + ": " + s.validation().message(), states);
    }
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

  /** Monitoring: the monitor watches and judges; a verification rollback it asks for is rolled back here. */
  private WorkflowDecision monitoring(WorkflowSnapshot s, WorkflowPlan plan) {
    Map<String, StepState> states = states(s, plan);
    WorkflowMonitor.Watch watch = monitor.watch(s, plan.order().size(), states, undoOrder(s, plan));
    return watch.rollBackFor() == null ? watch.decision() : withOutcome(rollBack(s, plan, watch.rollBackFor(), states));
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
    List<String> order = undoOrder(s, plan);
    if (order.isEmpty()) {
      // Only completed steps are rolled back; a failed step's attempts may still have changed its target in part
      // (drain_node cordons, then fails on the evictions a disruption budget refuses).
      return end(WorkflowPhase.Failed, ConditionReason.StepFailed, cause + " No step had completed, so none is rolled"
          + " back; the failed step's attempts may have changed " + (s.target() == null ? "its target" : s.target())
          + " in part: check it by hand.", states);
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

  /** The completed steps, in the order to roll them back. */
  private List<String> undoOrder(WorkflowSnapshot s, WorkflowPlan plan) {
    List<String> completed = plan.order().stream().filter(id -> completed(s.runs().get(id))).toList();
    return planner.rollbackOrder(plan, completed);
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
