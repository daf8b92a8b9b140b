package io.kubernaut.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.signal.TargetRef;
import io.kubernaut.ports.workflow.MonitoringVerdict;
import io.kubernaut.ports.workflow.RollbackStrategy;
import io.kubernaut.ports.workflow.StepExecution;
import io.kubernaut.ports.workflow.StepState;
import io.kubernaut.ports.workflow.ValidationResult;
import io.kubernaut.ports.workflow.WorkflowDecision;
import io.kubernaut.ports.workflow.WorkflowDecision.Call;
import io.kubernaut.ports.workflow.WorkflowDecision.Transition;
import io.kubernaut.ports.workflow.WorkflowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowConductorTest {

  private static final Instant T0 = Instant.parse("2025-01-31T08:00:00Z");
  private final WorkflowConductor conductor = new WorkflowConductor();

  /** A workflow a → b → c (c depends on b, b on a), all critical unless said otherwise. */
  private static final class Wf {
    WorkflowPhase phase;
    Instant entered = T0;
    List<Recommendation> steps = List.of(step("a"), step("b", "a"), step("c", "b"));
    Set<String> critical = Set.of("a", "b", "c");
    Map<String, StepExecution> runs = new HashMap<>();
    Map<String, StepExecution> rollbacks = new HashMap<>();
    RollbackStrategy strategy = RollbackStrategy.AUTOMATIC;
    boolean kill;
    Instant now = T0.plusSeconds(10);

    Wf in(WorkflowPhase p) { phase = p; return this; }
    Wf run(String id, ExecutionPhase p) { runs.put(id, new StepExecution("wf-" + id, p, id + " is " + p)); return this; }
    Wf undo(String id, ExecutionPhase p) {
      rollbacks.put(id, new StepExecution("wf-" + id + "-rollback", p, "undo " + id + " is " + p));
      return this;
    }

    WorkflowSnapshot build() {
      return new WorkflowSnapshot("wf", "Deployment shop/api", phase, entered, steps, critical, runs, rollbacks, strategy,
          kill, Duration.ofMinutes(5), now, null, null);
    }
  }

  private static Recommendation step(String id, String... dependsOn) {
    return new Recommendation(id, "act_" + id, new TargetRef("Deployment", "shop", "api"), Map.of(), 0.9, "MEDIUM", "",
        List.of(dependsOn));
  }

  private static List<WorkflowPhase> phases(WorkflowDecision d) {
    return d.transitions().stream().map(Transition::phase).toList();
  }

  @Test
  void aNewWorkflowIsPlannedAndAsksForItsValidation() {
    WorkflowDecision d = conductor.decide(new Wf().build());
    assertThat(phases(d)).containsExactly(WorkflowPhase.Planning, WorkflowPhase.Validating);
    assertThat(d.call()).isEqualTo(Call.VALIDATE);
    assertThat(d.steps()).containsOnlyKeys("a", "b", "c").allSatisfy((id, st) -> assertThat(st).isEqualTo(StepState.PENDING));
  }

  @Test
  void aCycleFailsThePlanAndStartsNothing() {
    Wf wf = new Wf();
    wf.steps = List.of(step("a", "b"), step("b", "a"));
    WorkflowDecision d = conductor.decide(wf.build());
    assertThat(phases(d)).containsExactly(WorkflowPhase.Planning, WorkflowPhase.Failed);
    assertThat(d.transitions().get(1).reason()).isEqualTo(ConditionReason.InvalidPlan);
    assertThat(d.start()).isEmpty();
  }

  @Test
  void anAdmittedPlanExecutesAndADeniedOneFailsWithTheDenialAndABlockForSafety() {
    WorkflowSnapshot validating = new Wf().in(WorkflowPhase.Validating).build();
    WorkflowDecision admitted = conductor.decide(validating.withValidation(ValidationResult.admitted()));
    assertThat(phases(admitted)).containsExactly(WorkflowPhase.Executing);
    assertThat(admitted.call()).isEqualTo(Call.CONTINUE);

    WorkflowDecision denied = conductor.decide(validating.withValidation(
        ValidationResult.denied("a", ConditionReason.Cooldown, "Deployment shop/api was changed 2 minutes ago.", true)));
    assertThat(phases(denied)).containsExactly(WorkflowPhase.Failed);
    assertThat(denied.transitions().get(0).reason()).isEqualTo(ConditionReason.Cooldown);
    assertThat(denied.transitions().get(0).message()).contains("stopped before executing anything");
    assertThat(denied.blocked()).isEqualTo(ConditionReason.Cooldown);

    WorkflowDecision missing = conductor.decide(validating.withValidation(
        ValidationResult.denied("a", ConditionReason.TargetMissing, "gone", false)));
    assertThat(missing.blocked()).as("only safety denials block").isNull();
  }

  @Test
  void readyStepsStartAsTheirDependenciesSucceed() {
    WorkflowDecision first = conductor.decide(new Wf().in(WorkflowPhase.Executing).build());
    assertThat(first.start()).containsExactly("a");
    assertThat(first.transitions()).isEmpty();

    WorkflowDecision waiting = conductor.decide(new Wf().in(WorkflowPhase.Executing).run("a", ExecutionPhase.Executing).build());
    assertThat(waiting.start()).isEmpty();
    assertThat(waiting.steps()).containsEntry("a", StepState.RUNNING);

    WorkflowDecision next = conductor.decide(new Wf().in(WorkflowPhase.Executing).run("a", ExecutionPhase.Completed).build());
    assertThat(next.start()).containsExactly("b");
  }

  @Test
  void whenEveryStepEndedTheWorkflowMonitorsAndTheAlertsResolutionCompletesIt() {
    Wf wf = new Wf().in(WorkflowPhase.Executing).run("a", ExecutionPhase.Completed).run("b", ExecutionPhase.Completed)
        .run("c", ExecutionPhase.Completed);
    WorkflowDecision monitor = conductor.decide(wf.build());
    assertThat(phases(monitor)).containsExactly(WorkflowPhase.Monitoring);
    assertThat(monitor.call()).isEqualTo(Call.ASSESS);

    WorkflowSnapshot monitoring = wf.in(WorkflowPhase.Monitoring).build();
    WorkflowDecision watching = conductor.decide(monitoring.withHealth(new WorkflowSnapshot.Health(false, false)));
    assertThat(watching.transitions()).isEmpty();
    assertThat(watching.requeue()).isPositive();

    WorkflowDecision resolved = conductor.decide(monitoring.withHealth(new WorkflowSnapshot.Health(true, null)));
    assertThat(phases(resolved)).containsExactly(WorkflowPhase.Completed);
    assertThat(resolved.outcome()).isEqualTo(MonitoringVerdict.REMEDIATED);
    assertThat(resolved.effectiveness()).isEqualTo(1.0);
  }

  @Test
  void theWindowRunningOutWithTheProblemStillThereIsNotRemediated() {
    Wf wf = new Wf().in(WorkflowPhase.Monitoring).run("a", ExecutionPhase.Completed).run("b", ExecutionPhase.Completed)
        .run("c", ExecutionPhase.Completed);
    wf.now = T0.plus(Duration.ofMinutes(6));
    WorkflowDecision d = conductor.decide(wf.build().withHealth(new WorkflowSnapshot.Health(false, false)));
    assertThat(d.outcome()).isEqualTo(MonitoringVerdict.NOT_REMEDIATED);
    assertThat(d.transitions().get(0).reason()).isEqualTo(ConditionReason.NotRemediated);
  }

  @Test
  void aFailedCriticalStepWaitsForRunningStepsThenRollsBackOneAtATimeInReverseOrder() {
    Wf wf = new Wf();
    wf.steps = List.of(step("a"), step("b", "a"), step("c", "b"), step("d", "a"));
    wf.critical = Set.of("a", "b", "c");
    wf.in(WorkflowPhase.Executing).run("a", ExecutionPhase.Completed).run("b", ExecutionPhase.Completed)
        .run("c", ExecutionPhase.Failed).run("d", ExecutionPhase.Executing);
    WorkflowDecision waiting = conductor.decide(wf.build());
    assertThat(waiting.rollBack()).as("d still runs").isNull();
    assertThat(waiting.transitions()).isEmpty();

    wf.run("d", ExecutionPhase.Completed);
    WorkflowDecision undoLast = conductor.decide(wf.build());
    assertThat(undoLast.rollBack()).as("d and b completed last; the reverse plan order starts with them").isIn("d", "b");
    String first = undoLast.rollBack();

    wf.undo(first, ExecutionPhase.Executing);
    assertThat(conductor.decide(wf.build()).rollBack()).as("one rollback at a time").isNull();

    wf.undo(first, ExecutionPhase.Completed);
    String second = conductor.decide(wf.build()).rollBack();
    assertThat(second).isNotNull().isNotEqualTo(first);
    wf.undo(second, ExecutionPhase.Completed);
    String third = conductor.decide(wf.build()).rollBack();
    assertThat(third).isEqualTo("a");
    wf.undo("a", ExecutionPhase.Completed);

    WorkflowDecision done = conductor.decide(wf.build());
    assertThat(phases(done)).containsExactly(WorkflowPhase.RolledBack);
    assertThat(done.transitions().get(0).message()).contains("Step c").contains("Rolled back steps");
    assertThat(done.steps()).containsEntry("a", StepState.ROLLED_BACK).containsEntry("c", StepState.FAILED);
  }

  @Test
  void aFailedRollbackFailsTheWorkflowAndLeavesTheRestAlone() {
    Wf wf = new Wf().in(WorkflowPhase.Executing).run("a", ExecutionPhase.Completed).run("b", ExecutionPhase.Completed)
        .run("c", ExecutionPhase.Failed).undo("b", ExecutionPhase.Failed);
    WorkflowDecision d = conductor.decide(wf.build());
    assertThat(phases(d)).containsExactly(WorkflowPhase.Failed);
    assertThat(d.transitions().get(0).reason()).isEqualTo(ConditionReason.StepFailed);
    assertThat(d.transitions().get(0).message()).contains("The rollback of step b (act_b) failed");
    assertThat(d.rollBack()).isNull();
  }

  @Test
  void manualAndNoneStrategiesNameTheStepsAndUndoNothing() {
    Wf wf = new Wf().in(WorkflowPhase.Executing).run("a", ExecutionPhase.Completed).run("b", ExecutionPhase.Failed);
    wf.strategy = RollbackStrategy.MANUAL;
    WorkflowDecision manual = conductor.decide(wf.build());
    assertThat(manual.transitions().get(0).reason()).isEqualTo(ConditionReason.RollbackRequired);
    assertThat(manual.transitions().get(0).message()).contains("undo steps a");
    assertThat(manual.rollBack()).isNull();

    wf.strategy = RollbackStrategy.NONE;
    WorkflowDecision none = conductor.decide(wf.build());
    assertThat(none.transitions().get(0).reason()).isEqualTo(ConditionReason.StepFailed);
    assertThat(none.transitions().get(0).message()).contains("stay in effect");
  }

  @Test
  void aFirstStepFailingNeedsNoRollbackAndALowRiskFailureDoesNotStopTheWorkflow() {
    WorkflowDecision first = conductor.decide(new Wf().in(WorkflowPhase.Executing).run("a", ExecutionPhase.Failed).build());
    assertThat(phases(first)).containsExactly(WorkflowPhase.Failed);
    assertThat(first.transitions().get(0).message()).contains("none is rolled back")
        .contains("may have changed").contains("check it by hand");

    Wf lowRisk = new Wf();
    lowRisk.steps = List.of(step("a"), step("n"));
    lowRisk.critical = Set.of("a");
    WorkflowDecision d = conductor.decide(lowRisk.in(WorkflowPhase.Executing).run("a", ExecutionPhase.Completed)
        .run("n", ExecutionPhase.Failed).build());
    assertThat(phases(d)).containsExactly(WorkflowPhase.Monitoring);
  }

  @Test
  void stepsBehindAFailedStepAreSkipped() {
    Wf wf = new Wf();
    wf.critical = Set.of();
    WorkflowDecision d = conductor.decide(wf.in(WorkflowPhase.Executing).run("a", ExecutionPhase.Failed).build());
    assertThat(d.steps()).containsEntry("b", StepState.SKIPPED).containsEntry("c", StepState.SKIPPED);
    assertThat(phases(d)).containsExactly(WorkflowPhase.Monitoring);
  }

  @Test
  void theKillSwitchStartsNoStepAndNoRollbackAndEndsTheWorkflowOnceNothingRuns() {
    Wf running = new Wf().in(WorkflowPhase.Executing).run("a", ExecutionPhase.Executing);
    running.kill = true;
    WorkflowDecision waits = conductor.decide(running.build());
    assertThat(waits.start()).isEmpty();
    assertThat(waits.transitions()).isEmpty();

    running.run("a", ExecutionPhase.Completed);
    WorkflowDecision stopped = conductor.decide(running.build());
    assertThat(stopped.start()).isEmpty();
    assertThat(phases(stopped)).containsExactly(WorkflowPhase.Failed);
    assertThat(stopped.transitions().get(0).reason()).isEqualTo(ConditionReason.KillSwitch);
    assertThat(stopped.transitions().get(0).message()).contains("steps b, c were not started");

    Wf failing = new Wf().in(WorkflowPhase.Executing).run("a", ExecutionPhase.Completed).run("b", ExecutionPhase.Failed);
    failing.kill = true;
    WorkflowDecision noUndo = conductor.decide(failing.build());
    assertThat(noUndo.rollBack()).isNull();
    assertThat(noUndo.transitions().get(0).reason()).isEqualTo(ConditionReason.KillSwitch);
    assertThat(noUndo.transitions().get(0).message()).contains("were not rolled back");
  }

  @Test
  void aRefusalFoundBeforeMoreStepsStartEndsAnExecutingWorkflowWithNothingMoreStarted() {
    Wf wf = new Wf().in(WorkflowPhase.Executing).run("a", ExecutionPhase.Completed);
    assertThat(conductor.decide(wf.build()).start()).as("without a refusal, b is ready").containsExactly("b");

    WorkflowDecision refused = conductor.decide(wf.build().withValidation(ValidationResult.denied("b",
        ConditionReason.Rejected, "it was refused as not the workflow its remediation built.", false)));

    assertThat(refused.start()).isEmpty();
    assertThat(refused.rollBack()).isNull();
    assertThat(phases(refused)).containsExactly(WorkflowPhase.Failed);
    assertThat(refused.transitions().get(0).reason()).isEqualTo(ConditionReason.Rejected);
    assertThat(refused.transitions().get(0).message()).isEqualTo("WorkflowExecution wf stopped before starting steps b, c: "
        + "it was refused as not the workflow its remediation built.");
  }

  @Test
  void anEndedWorkflowStaysEndedAndNoDecisionBreaksThePhaseMachine() {
    WorkflowDecision ended = conductor.decide(new Wf().in(WorkflowPhase.RolledBack).run("a", ExecutionPhase.Failed).build());
    assertThat(ended.transitions()).isEmpty();
    assertThat(ended.start()).isEmpty();
    assertThat(ended.rollBack()).isNull();

    for (WorkflowPhase phase : new WorkflowPhase[] {null, WorkflowPhase.Planning, WorkflowPhase.Validating,
        WorkflowPhase.Executing, WorkflowPhase.Monitoring}) {
      for (ExecutionPhase a : new ExecutionPhase[] {null, ExecutionPhase.Executing, ExecutionPhase.Completed, ExecutionPhase.Failed}) {
        Wf wf = new Wf().in(phase);
        if (a != null) {
          wf.run("a", a);
        }
        WorkflowSnapshot s = wf.build();
        for (WorkflowSnapshot variant : List.of(s, s.withValidation(ValidationResult.admitted()),
            s.withValidation(ValidationResult.denied("a", ConditionReason.Rejected, "it is forged.", false)),
            s.withHealth(new WorkflowSnapshot.Health(true, null)))) {
          WorkflowDecision d = conductor.decide(variant);
          assertThat(PhaseMachines.path(WorkflowPhase.class, phase, phases(d)).legal())
              .as(phase + " → " + phases(d) + ": " + d.message()).isTrue();
          assertThat(d.message() == null || !d.message().contains(" stays ")).as(String.valueOf(d.message())).isTrue();
        }
      }
    }
  }
}
