package io.kubernaut.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.ports.action.Verification;
import io.kubernaut.ports.execution.ExecutionDecision;
import io.kubernaut.ports.execution.ExecutionDecision.Call;
import io.kubernaut.ports.execution.ExecutionMode;
import io.kubernaut.ports.execution.ExecutionOwner;
import io.kubernaut.ports.execution.ExecutionSnapshot;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.SafetyVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionConductorTest {

  private static final Instant T0 = Instant.parse("2025-01-31T08:00:00Z");
  private final ExecutionConductor conductor = new ExecutionConductor();

  private static ExecutionSnapshot snapshot(ExecutionMode mode, ExecutionPhase phase, int attempts, Instant mark) {
    return new ExecutionSnapshot("ar-1-workflow-a", "scale_deployment", "Deployment shop/api", mode, phase, attempts, 3,
        mark, T0.plus(Duration.ofMinutes(10)), ExecutionOwner.admitting("ar-1-workflow"), false, Map.of(), false, null, T0.plusSeconds(30),
        null, null);
  }

  private static ExecutionSnapshot at(ExecutionSnapshot s, Instant now) {
    return new ExecutionSnapshot(s.name(), s.action(), s.target(), s.mode(), s.phase(), s.attempts(), s.maxAttempts(),
        s.actionStartedAt(), s.deadline(), s.owner(), s.protectedTarget(), s.targetNamespaceLabels(), s.killSwitch(), s.budget(), now, s.outcome(), s.verification());
  }

  private static ExecutionSnapshot killed(ExecutionSnapshot s) {
    return new ExecutionSnapshot(s.name(), s.action(), s.target(), s.mode(), s.phase(), s.attempts(), s.maxAttempts(),
        s.actionStartedAt(), s.deadline(), s.owner(), s.protectedTarget(), s.targetNamespaceLabels(), true, s.budget(), s.now(), s.outcome(), s.verification());
  }

  private static ExecutionSnapshot owned(ExecutionSnapshot s, ExecutionOwner owner, boolean protectedTarget) {
    return new ExecutionSnapshot(s.name(), s.action(), s.target(), s.mode(), s.phase(), s.attempts(), s.maxAttempts(),
        s.actionStartedAt(), s.deadline(), owner, protectedTarget, s.targetNamespaceLabels(), s.killSwitch(), s.budget(), s.now(), s.outcome(), s.verification());
  }

  @Test
  void aNewExecutionEntersValidatingThenExecutingThenMarksAndRunsItsFirstAttempt() {
    ExecutionDecision first = conductor.decide(snapshot(ExecutionMode.EXECUTE, null, 0, null));
    assertThat(first.phase()).isEqualTo(ExecutionPhase.Validating);
    assertThat(first.call()).isEqualTo(Call.CONTINUE);

    ExecutionDecision second = conductor.decide(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Validating, 0, null));
    assertThat(second.phase()).isEqualTo(ExecutionPhase.Executing);
    assertThat(second.call()).isEqualTo(Call.CONTINUE);

    ExecutionDecision run = conductor.decide(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 0, null));
    assertThat(run.call()).isEqualTo(Call.RUN);
    assertThat(run.attempt()).isEqualTo(1);
    assertThat(run.message()).contains("Attempt 1 of scale_deployment on Deployment shop/api");
  }

  @Test
  void aSuccessfulCallIsAuditedAndVerifiedAndAHoldingPostconditionCompletesIt() {
    ExecutionSnapshot ran = snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 1, T0)
        .withOutcome(ActionOutcome.of(ActionStatus.SUCCEEDED, "Scaled to 4."));
    ExecutionDecision verify = conductor.decide(ran);
    assertThat(verify.phase()).isEqualTo(ExecutionPhase.Verifying);
    assertThat(verify.call()).isEqualTo(Call.VERIFY);
    assertThat(verify.audit()).isEqualTo(new ExecutionDecision.AttemptRecord(1, "SUCCEEDED", "Scaled to 4."));

    ExecutionDecision done = conductor.decide(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Verifying, 1, T0)
        .withVerification(new Verification(Verification.Verdict.HOLDS, "4 replicas.")));
    assertThat(done.phase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(done.reason()).isEqualTo(ConditionReason.Verified);
    assertThat(done.ends()).isTrue();
  }

  @Test
  void aPostconditionThatDoesNotHoldFailsAndAnUnknownOneIsCheckedAgainSoon() {
    ExecutionSnapshot verifying = snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Verifying, 1, T0);
    ExecutionDecision failed = conductor.decide(verifying.withVerification(
        new Verification(Verification.Verdict.DOES_NOT_HOLD, "Still 3 replicas.")));
    assertThat(failed.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(failed.message()).contains("postcondition does not hold").contains("Still 3 replicas.");

    ExecutionDecision again = conductor.decide(verifying.withVerification(
        new Verification(Verification.Verdict.UNKNOWN, "API timeout.")));
    assertThat(again.phase()).isEqualTo(ExecutionPhase.Verifying);
    assertThat(again.call()).isEqualTo(Call.NONE);
    assertThat(again.requeue()).isEqualTo(ExecutionConductor.RECHECK);
  }

  @Test
  void afterARestartPastTheStartMarkVerificationDecidesBeforeAnythingRunsAgain() {
    ExecutionSnapshot restarted = snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 1, T0);
    assertThat(conductor.decide(restarted).call()).as("verify first, never run blind").isEqualTo(Call.VERIFY);

    ExecutionDecision inEffect = conductor.decide(restarted.withVerification(
        new Verification(Verification.Verdict.HOLDS, "4 replicas.")));
    assertThat(inEffect.phase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(inEffect.message()).contains("already in effect").contains("not run again");
    assertThat(inEffect.audit().outcome()).isEqualTo("verified-after-restart");

    ExecutionDecision notYet = conductor.decide(restarted.withVerification(
        new Verification(Verification.Verdict.DOES_NOT_HOLD, "3 replicas.")));
    assertThat(notYet.call()).isEqualTo(Call.RUN);
    assertThat(notYet.attempt()).as("the re-run is the next attempt").isEqualTo(2);

    ExecutionDecision unknown = conductor.decide(restarted.withVerification(
        new Verification(Verification.Verdict.UNKNOWN, "API timeout.")));
    assertThat(unknown.call()).isEqualTo(Call.NONE);
    assertThat(unknown.requeue()).isPositive();
  }

  /**
   * Cancel, a timeout or the end of its remediation ends the workflow of a step under way: its last
   * attempt is still verified, but a step that has not taken effect makes no further attempt.
   */
  @Test
  void aStepUnderWayWhoseWorkflowHasEndedIsVerifiedButNotRetried() {
    ExecutionOwner ended = new ExecutionOwner("ar-1-workflow", true, true, true, false);
    ExecutionSnapshot underWay = owned(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 1, T0), ended, false);
    assertThat(conductor.decide(underWay).call()).as("the attempt made is verified first").isEqualTo(Call.VERIFY);

    ExecutionDecision notInEffect = conductor.decide(underWay.withVerification(
        new Verification(Verification.Verdict.DOES_NOT_HOLD, "3 replicas.")));
    assertThat(notInEffect.call()).as("no retry").isEqualTo(Call.NONE);
    assertThat(notInEffect.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(notInEffect.reason()).isEqualTo(ConditionReason.ParentEnded);
    assertThat(notInEffect.message()).contains("stopped after 1 attempt").contains("has ended")
        .contains("check Deployment shop/api by hand");

    ExecutionDecision inEffect = conductor.decide(underWay.withVerification(
        new Verification(Verification.Verdict.HOLDS, "4 replicas.")));
    assertThat(inEffect.phase()).as("an attempt that took effect is still recorded as such")
        .isEqualTo(ExecutionPhase.Completed);

    ExecutionDecision afterBackoff = conductor.decide(owned(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 2,
        null), ended, false));
    assertThat(afterBackoff.call()).as("a retry due after a turned-away call").isEqualTo(Call.NONE);
    assertThat(afterBackoff.reason()).isEqualTo(ConditionReason.ParentEnded);

    ExecutionDecision notStarted = conductor.decide(owned(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Validating, 0,
        null), ended, false));
    assertThat(notStarted.reason()).isEqualTo(ConditionReason.Rejected);
    assertThat(notStarted.message()).contains("has ended and starts no more steps").contains("Nothing was run");
  }

  @Test
  void aRollbackTheActionCannotMakeSaysNothingWasUndone() {
    ExecutionDecision d = conductor.decide(snapshot(ExecutionMode.ROLLBACK, ExecutionPhase.Executing, 1, T0)
        .withOutcome(ActionOutcome.of(ActionStatus.SKIPPED, "scale_deployment cannot be rolled back.")));

    assertThat(d.phase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(d.message()).contains("did not undo scale_deployment").contains("What it did stays").doesNotContain("undid");
    assertThat(d.audit().outcome()).isEqualTo("rollback-SKIPPED");
  }

  @Test
  void retryableFailuresBackOffAndThePermanentOrLastOneFails() {
    ExecutionDecision retry = conductor.decide(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 1, T0)
        .withOutcome(ActionOutcome.of(ActionStatus.FAILED_RETRYABLE, "Busy.")));
    assertThat(retry.phase()).isEqualTo(ExecutionPhase.Executing);
    assertThat(retry.requeue()).isEqualTo(Duration.ofSeconds(2));
    assertThat(retry.audit().outcome()).isEqualTo("FAILED_RETRYABLE");
    assertThat(retry.message()).contains("verified and retried");

    ExecutionDecision permanent = conductor.decide(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 1, T0)
        .withOutcome(ActionOutcome.of(ActionStatus.FAILED_PERMANENT, "Forbidden.")));
    assertThat(permanent.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(permanent.reason()).isEqualTo(ConditionReason.ActionFailed);

    ExecutionDecision last = conductor.decide(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 3, T0)
        .withOutcome(ActionOutcome.of(ActionStatus.TIMED_OUT, "Hung.")));
    assertThat(last.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(last.message()).contains("attempt 3 of 3");

    ExecutionDecision spent = conductor.decide(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 3, T0)
        .withVerification(new Verification(Verification.Verdict.DOES_NOT_HOLD, "3 replicas.")));
    assertThat(spent.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(spent.message()).contains("made all 3 attempts");
  }

  @Test
  void aCallTheHostDidNotStartSpendsNoAttemptAndIsTriedAgainInTheSamePhase() {
    // The controller has taken back the mark of attempt 3: the snapshot counts the 2 made before it.
    ActionOutcome busy = ActionOutcome.of(ActionStatus.NOT_STARTED,
        "The execute of scale_deployment on Deployment shop/api was not started: all 8 threads are busy.");
    ExecutionDecision wait = conductor.decide(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 2, null)
        .withOutcome(busy));
    assertThat(wait.phase()).isEqualTo(ExecutionPhase.Executing);
    assertThat(wait.reason()).isEqualTo(ConditionReason.ActionNotStarted);
    assertThat(wait.call()).isEqualTo(Call.NONE);
    assertThat(wait.audit()).as("nothing ran, so nothing to audit as an attempt").isNull();
    assertThat(wait.requeue()).isEqualTo(io.kubernaut.ports.out.ActionRunner.turnedAwayWait("ar-1-workflow-a"))
        .isBetween(Duration.ofSeconds(2), Duration.ofMillis(3999));
    assertThat(wait.message()).startsWith(busy.message()).contains("Attempt 3 counts as no attempt");

    ExecutionDecision again = conductor.decide(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 2, null));
    assertThat(again.call()).as("the third attempt is still to be made").isEqualTo(Call.RUN);
    assertThat(again.attempt()).isEqualTo(3);

    ExecutionDecision dryRun = conductor.decide(snapshot(ExecutionMode.DRY_RUN, ExecutionPhase.Validating, 0, null)
        .withOutcome(busy));
    assertThat(dryRun.phase()).as("a dry run the host did not start has not failed").isEqualTo(ExecutionPhase.Validating);
    assertThat(dryRun.message()).contains("The dry run counts as no attempt");

    ExecutionDecision nearDeadline = conductor.decide(at(snapshot(ExecutionMode.ROLLBACK, ExecutionPhase.Executing, 0, null),
        T0.plus(Duration.ofMinutes(10)).minusSeconds(1)).withOutcome(busy));
    assertThat(nearDeadline.requeue()).isEqualTo(Duration.ofSeconds(1));
    assertThat(nearDeadline.phase()).isEqualTo(ExecutionPhase.Executing);
  }

  @Test
  void theWaitAfterACallTheHostDidNotStartIsSpreadOverTwoSecondsByName() {
    java.util.Set<Duration> waits = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) {
      Duration w = io.kubernaut.ports.out.ActionRunner.turnedAwayWait("ar-" + i + "-workflow-a");
      assertThat(w).isBetween(Duration.ofSeconds(2), Duration.ofMillis(3999));
      waits.add(w);
    }
    assertThat(waits).as("fifty executions turned away together come back at different times").hasSizeGreaterThan(40);
  }

  @Test
  void backoffDoublesToAMinuteAndNeverWaitsPastTheDeadline() {
    assertThat(ExecutionConductor.backoff(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(ExecutionConductor.backoff(3)).isEqualTo(Duration.ofSeconds(8));
    assertThat(ExecutionConductor.backoff(9)).isEqualTo(Duration.ofSeconds(60));
    ExecutionSnapshot nearDeadline = at(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 2, T0),
        T0.plus(Duration.ofMinutes(10)).minusSeconds(1)).withOutcome(ActionOutcome.of(ActionStatus.FAILED_RETRYABLE, "Busy."));
    assertThat(conductor.decide(nearDeadline).requeue()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void pastTheDeadlineTheExecutionTimesOutWithoutAnotherAttempt() {
    ExecutionDecision d = conductor.decide(at(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 1, T0),
        T0.plus(Duration.ofMinutes(11))));
    assertThat(d.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(d.reason()).isEqualTo(ConditionReason.TimedOut);
    assertThat(d.call()).isEqualTo(Call.NONE);
  }

  @Test
  void theKillSwitchStopsANewAttemptButNotTheVerificationOfOneInFlight() {
    ExecutionDecision before = conductor.decide(killed(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Validating, 0, null)));
    assertThat(before.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(before.reason()).isEqualTo(ConditionReason.KillSwitch);

    ExecutionDecision retry = conductor.decide(killed(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 1, T0))
        .withVerification(new Verification(Verification.Verdict.DOES_NOT_HOLD, "3 replicas.")));
    assertThat(retry.reason()).as("no retry while the kill switch is on").isEqualTo(ConditionReason.KillSwitch);
    assertThat(retry.message()).contains("check Deployment shop/api by hand");

    ExecutionDecision verifying = conductor.decide(killed(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Verifying, 1, T0)));
    assertThat(verifying.call()).isEqualTo(Call.VERIFY);
  }

  @Test
  void anExecutionNoAdmittedWorkflowPlannedIsRejectedBeforeAnythingRuns() {
    ExecutionSnapshot fresh = snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Validating, 0, null);
    for (ExecutionOwner owner : new ExecutionOwner[] {ExecutionOwner.none(),
        new ExecutionOwner("wf", false, false, false), new ExecutionOwner("wf", true, false, true),
        new ExecutionOwner("wf", true, true, false)}) {
      ExecutionDecision d = conductor.decide(owned(fresh, owner, false));
      assertThat(d.phase()).as(owner.toString()).isEqualTo(ExecutionPhase.Failed);
      assertThat(d.reason()).isEqualTo(ConditionReason.Rejected);
      assertThat(d.message()).contains("was refused").contains("Nothing was run.");
      assertThat(d.call()).isEqualTo(Call.NONE);
    }
    ExecutionDecision dryRun = conductor.decide(owned(snapshot(ExecutionMode.DRY_RUN, ExecutionPhase.Validating, 0, null),
        ExecutionOwner.none(), false));
    assertThat(dryRun.reason()).as("a hand-made dry run is refused too").isEqualTo(ConditionReason.Rejected);
    ExecutionDecision retry = conductor.decide(owned(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 1, T0),
        new ExecutionOwner("wf", false, false, false), false)
        .withVerification(new Verification(Verification.Verdict.DOES_NOT_HOLD, "3 replicas.")));
    assertThat(retry.reason()).as("re-checked before a retry").isEqualTo(ConditionReason.Rejected);
  }

  @Test
  void aProtectedNamespaceIsReCheckedBeforeEveryAttemptButAnAttemptInFlightIsStillVerified() {
    ExecutionDecision first = conductor.decide(owned(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Validating, 0, null),
        ExecutionOwner.admitting("wf"), true));
    assertThat(first.reason()).isEqualTo(ConditionReason.ProtectedNamespace);
    assertThat(first.phase()).isEqualTo(ExecutionPhase.Failed);

    ExecutionSnapshot inFlight = owned(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 1, T0),
        ExecutionOwner.admitting("wf"), true);
    assertThat(conductor.decide(inFlight).call()).isEqualTo(Call.VERIFY);
    ExecutionDecision retry = conductor.decide(inFlight.withVerification(
        new Verification(Verification.Verdict.DOES_NOT_HOLD, "3 replicas.")));
    assertThat(retry.reason()).isEqualTo(ConditionReason.ProtectedNamespace);
    assertThat(retry.message()).contains("check Deployment shop/api by hand");
  }

  @Test
  void anExecutionInANamespaceOutsideTheManagedScopeIsRefusedBeforeEveryAttempt() {
    ExecutionConductor optIn = new ExecutionConductor(io.kubernaut.core.scope.ManagedScope.of("kubernaut.io/managed=true"));
    ExecutionSnapshot s = snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Validating, 0, null);
    ExecutionDecision refused = optIn.decide(new ExecutionSnapshot(s.name(), s.action(), s.target(), s.mode(), s.phase(),
        0, 3, null, s.deadline(), s.owner(), false, Map.of("team", "b"), false, null, s.now(), null, null));
    assertThat(refused.reason()).isEqualTo(ConditionReason.NotManaged);
    assertThat(refused.message()).contains("outside the managed scope (kubernaut.io/managed=true)");
    ExecutionDecision managed = optIn.decide(new ExecutionSnapshot(s.name(), s.action(), s.target(), s.mode(), s.phase(),
        0, 3, null, s.deadline(), s.owner(), false, Map.of("kubernaut.io/managed", "true"), false, null, s.now(), null, null));
    assertThat(managed.phase()).isEqualTo(ExecutionPhase.Executing);
    ExecutionDecision clusterScoped = optIn.decide(new ExecutionSnapshot(s.name(), s.action(), s.target(), s.mode(),
        s.phase(), 0, 3, null, s.deadline(), s.owner(), false, null, false, null, s.now(), null, null));
    assertThat(clusterScoped.phase()).as("a node has no namespace to label").isEqualTo(ExecutionPhase.Executing);
  }

  /**
   * A namespace that opts out ({@code kubernaut.io/managed=false}) after its remediation was routed, while it waits for
   * approval or runs, gets no further attempt, whatever the managed scope: with every namespace in scope too.
   */
  @Test
  void anExecutionInANamespaceThatOptedOutSinceItWasRoutedIsRefusedWhateverTheScope() {
    ExecutionConductor everything = new ExecutionConductor(io.kubernaut.core.scope.ManagedScope.everything());
    for (ExecutionMode mode : ExecutionMode.values()) {
      for (int attempts : new int[] {0, 1}) {
        ExecutionSnapshot s = snapshot(mode, attempts == 0 ? ExecutionPhase.Validating : ExecutionPhase.Executing,
            attempts, null);
        ExecutionDecision refused = everything.decide(new ExecutionSnapshot(s.name(), s.action(), s.target(), s.mode(),
            s.phase(), attempts, 3, null, s.deadline(), s.owner(), false, Map.of("kubernaut.io/managed", "False"), false,
            null, s.now(), null, null));
        assertThat(refused.phase()).as(mode + " after " + attempts).isEqualTo(ExecutionPhase.Failed);
        assertThat(refused.reason()).isEqualTo(ConditionReason.NotManaged);
        assertThat(refused.call()).isEqualTo(ExecutionDecision.Call.NONE);
        assertThat(refused.message()).contains("opted out with kubernaut.io/managed=false");
      }
    }
  }

  @Test
  void aBudgetWithNoRoomLeftStopsTheNextAttemptAndARollbackThatDisruptsANodeButNoOtherRollback() {
    SafetyVerdict full = SafetyVerdict.deny(ConditionReason.DisruptionBudget,
        "it would be action 121 within the hour, more than maxActionsPerHour 120.");
    ExecutionSnapshot retry = budgeted(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 1, null), full);

    ExecutionDecision refused = conductor.decide(retry);
    assertThat(refused.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(refused.reason()).isEqualTo(ConditionReason.DisruptionBudget);
    assertThat(refused.call()).isEqualTo(Call.NONE);
    assertThat(refused.message()).contains("maxActionsPerHour 120").contains("Earlier attempts may have taken effect");

    ExecutionSnapshot disrupting = budgeted(snapshot(ExecutionMode.ROLLBACK, ExecutionPhase.Executing, 0, null), full);
    ExecutionDecision waits = conductor.decide(disrupting);
    assertThat(waits.phase()).as("a rollback that cordons or taints a node again waits for room")
        .isEqualTo(ExecutionPhase.Executing);
    assertThat(waits.reason()).isEqualTo(ConditionReason.DisruptionBudget);
    assertThat(waits.call()).isEqualTo(Call.NONE);
    assertThat(waits.requeue()).isEqualTo(ExecutionConductor.BUDGET_RECHECK);
    assertThat(waits.message()).contains("waits to run").contains("maxActionsPerHour 120");
    SafetyVerdict freesAt = SafetyVerdict.deny(ConditionReason.DisruptionBudget, "full.", disrupting.now().plusSeconds(7));
    assertThat(conductor.decide(budgeted(disrupting, freesAt)).requeue()).as("when the budget says a slot frees")
        .isEqualTo(java.time.Duration.ofSeconds(7));
    ExecutionDecision late = conductor.decide(at(disrupting, disrupting.deadline()));
    assertThat(late.phase()).as("at its deadline it fails, the steps in effect").isEqualTo(ExecutionPhase.Failed);
    assertThat(late.reason()).isEqualTo(ConditionReason.TimedOut);
    ExecutionSnapshot validating = budgeted(snapshot(ExecutionMode.ROLLBACK, ExecutionPhase.Validating, 0, null), full);
    assertThat(conductor.decide(validating).phase()).as("held back from its first look: waits in Validating")
        .isEqualTo(ExecutionPhase.Validating);
    ExecutionDecision lateInValidating = conductor.decide(at(validating, validating.deadline()));
    assertThat(lateInValidating.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(lateInValidating.reason()).as("a timeout there too, not a refusal").isEqualTo(ConditionReason.TimedOut);
    assertThat(lateInValidating.message()).contains("waiting for room").contains("maxActionsPerHour 120");
    ExecutionDecision rollback = conductor.decide(budgeted(snapshot(ExecutionMode.ROLLBACK, ExecutionPhase.Executing, 0,
        null), null));
    assertThat(rollback.call()).as("undoing a change that gives capacity back is not checked").isEqualTo(Call.ROLLBACK);
    ExecutionDecision room = conductor.decide(budgeted(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Executing, 0, null),
        SafetyVerdict.allow("within the disruption budget.")));
    assertThat(room.call()).isEqualTo(Call.RUN);
  }

  private static ExecutionSnapshot budgeted(ExecutionSnapshot s, SafetyVerdict budget) {
    return new ExecutionSnapshot(s.name(), s.action(), s.target(), s.mode(), s.phase(), s.attempts(), s.maxAttempts(),
        s.actionStartedAt(), s.deadline(), s.owner(), s.protectedTarget(), s.targetNamespaceLabels(), s.killSwitch(), budget,
        s.now(), s.outcome(), s.verification());
  }

  @Test
  void aDryRunRunsInValidatingAndEndsThere() {
    ExecutionDecision call = conductor.decide(snapshot(ExecutionMode.DRY_RUN, ExecutionPhase.Validating, 0, null));
    assertThat(call.call()).isEqualTo(Call.DRY_RUN);
    ExecutionDecision passed = conductor.decide(snapshot(ExecutionMode.DRY_RUN, ExecutionPhase.Validating, 0, null)
        .withOutcome(ActionOutcome.of(ActionStatus.SUCCEEDED, "Would scale.")));
    assertThat(passed.phase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(passed.audit().outcome()).isEqualTo("dry-run-SUCCEEDED");
    ExecutionDecision failed = conductor.decide(snapshot(ExecutionMode.DRY_RUN, ExecutionPhase.Validating, 0, null)
        .withOutcome(ActionOutcome.of(ActionStatus.FAILED_PERMANENT, "Invalid.")));
    assertThat(failed.reason()).isEqualTo(ConditionReason.DryRunFailed);
  }

  @Test
  void aRollbackIsMarkedAndCalledLikeAnyActionAndAfterARestartAGoneEffectMeansItIsDone() {
    ExecutionDecision call = conductor.decide(snapshot(ExecutionMode.ROLLBACK, ExecutionPhase.Executing, 0, null));
    assertThat(call.call()).isEqualTo(Call.ROLLBACK);
    assertThat(call.attempt()).isEqualTo(1);

    ExecutionDecision undone = conductor.decide(snapshot(ExecutionMode.ROLLBACK, ExecutionPhase.Executing, 1, T0)
        .withOutcome(ActionOutcome.of(ActionStatus.SUCCEEDED, "Back to 3.")));
    assertThat(undone.phase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(undone.reason()).isEqualTo(ConditionReason.RolledBack);
    assertThat(undone.audit().outcome()).isEqualTo("rollback-SUCCEEDED");

    ExecutionSnapshot restarted = snapshot(ExecutionMode.ROLLBACK, ExecutionPhase.Executing, 1, T0);
    assertThat(conductor.decide(restarted).call()).isEqualTo(Call.VERIFY);
    ExecutionDecision gone = conductor.decide(restarted.withVerification(
        new Verification(Verification.Verdict.DOES_NOT_HOLD, "3 replicas.")));
    assertThat(gone.phase()).as("the effect is gone: the rollback took effect before the restart").isEqualTo(ExecutionPhase.Completed);
    assertThat(gone.audit().outcome()).isEqualTo("rollback-verified-after-restart");
    ExecutionDecision still = conductor.decide(restarted.withVerification(
        new Verification(Verification.Verdict.HOLDS, "4 replicas.")));
    assertThat(still.call()).isEqualTo(Call.ROLLBACK);
    assertThat(still.attempt()).isEqualTo(2);

    ExecutionDecision failed = conductor.decide(snapshot(ExecutionMode.ROLLBACK, ExecutionPhase.Executing, 1, T0)
        .withOutcome(ActionOutcome.of(ActionStatus.FAILED_PERMANENT, "Gone.")));
    assertThat(failed.phase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(failed.message()).contains("Undo it by hand").contains("kubectl get kex ar-1-workflow-a");
  }

  @Test
  void anEndedExecutionStaysEndedAndEveryDecisionFollowsThePhaseMachine() {
    ExecutionDecision ended = conductor.decide(snapshot(ExecutionMode.EXECUTE, ExecutionPhase.Completed, 1, T0)
        .withOutcome(ActionOutcome.of(ActionStatus.SUCCEEDED, "again")));
    assertThat(ended.phase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(ended.call()).isEqualTo(Call.NONE);
    assertThat(ended.audit()).as("nothing is recorded twice").isNull();

    for (ExecutionMode mode : ExecutionMode.values()) {
      for (ExecutionPhase phase : new ExecutionPhase[] {null, ExecutionPhase.Validating, ExecutionPhase.Executing,
          ExecutionPhase.Verifying}) {
        for (int attempts = 0; attempts <= 3; attempts++) {
          ExecutionSnapshot s = snapshot(mode, phase, attempts, attempts == 0 ? null : T0);
          java.util.List<ExecutionSnapshot> variants = new java.util.ArrayList<>(java.util.List.of(s, killed(s)));
          // A call's answer exists only in the phase that made the call; a verification only once executing.
          boolean callPhase = mode == ExecutionMode.DRY_RUN ? phase == ExecutionPhase.Validating : phase == ExecutionPhase.Executing;
          if (callPhase && attempts > 0) {
            variants.add(s.withOutcome(ActionOutcome.of(ActionStatus.SUCCEEDED, "ok")));
            variants.add(s.withOutcome(ActionOutcome.of(ActionStatus.FAILED_RETRYABLE, "busy")));
          }
          if (phase == ExecutionPhase.Executing || phase == ExecutionPhase.Verifying) {
            variants.add(s.withVerification(new Verification(Verification.Verdict.HOLDS, "yes")));
            variants.add(s.withVerification(new Verification(Verification.Verdict.DOES_NOT_HOLD, "no")));
          }
          for (ExecutionSnapshot variant : variants) {
            ExecutionDecision d = conductor.decide(variant);
            assertThat(d.reason()).as(mode + " " + phase + " → " + d.phase() + ": " + d.message())
                .isNotEqualTo(ConditionReason.InvalidTransition);
          }
        }
      }
    }
  }
}
