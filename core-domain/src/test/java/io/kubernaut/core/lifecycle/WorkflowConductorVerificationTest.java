package io.kubernaut.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.VerificationRules;
import io.kubernaut.ports.signal.TargetRef;
import io.kubernaut.ports.verification.Measurement;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.Sample;
import io.kubernaut.ports.verification.SuccessCondition;
import io.kubernaut.ports.verification.VerificationCheck;
import io.kubernaut.ports.verification.VerificationPolicy;
import io.kubernaut.ports.workflow.RollbackApproval;
import io.kubernaut.ports.workflow.RollbackStrategy;
import io.kubernaut.ports.workflow.StepExecution;
import io.kubernaut.ports.workflow.Verification;
import io.kubernaut.ports.workflow.WorkflowDecision;
import io.kubernaut.ports.workflow.WorkflowDecision.Call;
import io.kubernaut.ports.workflow.WorkflowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkflowConductorVerificationTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final VerificationCheck RESTARTS = new VerificationCheck("restarts-stopped",
      "sum(increase(restarts{namespace=\"${namespace}\",pod=~\"${workload}-.*\"}[2m]))", SuccessCondition.parse("== 0"),
      Duration.ofSeconds(30), 2, 1, 1);
  private final WorkflowConductor conductor = new WorkflowConductor();

  private static Recommendation step(String id, String... dependsOn) {
    return new Recommendation(id, "act_" + id, new TargetRef("Deployment", "shop", "api"), Map.of(), 0.9, "MEDIUM", "",
        List.of(dependsOn));
  }

  private WorkflowSnapshot monitoring(Instant now, List<Measurement> history, Map<String, StepExecution> rollbacks,
      VerificationRules rules, String env, boolean metrics) {
    Map<String, StepExecution> runs = new HashMap<>();
    runs.put("a", new StepExecution("wf-a", ExecutionPhase.Completed, ""));
    runs.put("b", new StepExecution("wf-b", ExecutionPhase.Completed, ""));
    Verification v = new Verification(new VerificationPolicy(Map.of("KubePodCrashLooping", List.of(RESTARTS)), true),
        "KubePodCrashLooping", new TargetRef("Deployment", "shop", "api"), Map.of(), env, rules, metrics, history, Map.of(),
        null);
    return new WorkflowSnapshot("wf", "Deployment/shop/api", WorkflowPhase.Monitoring, T0, List.of(step("a"), step("b", "a")),
        Set.of("a", "b"), runs, rollbacks, RollbackStrategy.AUTOMATIC, false, Duration.ofMinutes(1), now, null, null, v);
  }

  private static QueryAnswer value(double v) {
    return QueryAnswer.answered(List.of(new Sample(Map.of(), v)));
  }

  /** One reconcile as the controller runs it: ask, measure what is asked, answer, decide. */
  private WorkflowDecision reconcile(WorkflowSnapshot s, double measured, boolean resolved) {
    WorkflowDecision ask = conductor.decide(s);
    assertThat(ask.call()).isEqualTo(Call.ASSESS);
    Map<String, QueryAnswer> answers = new HashMap<>();
    ask.measure().forEach(c -> answers.put(c.name(), value(measured)));
    return conductor.decide(s.withHealth(new WorkflowSnapshot.Health(resolved, null))
        .withVerification(s.verification().withAnswers(answers, null)));
  }

  @Test
  void monitoringAsksForTheAlertsChecksWithTheirPlaceholdersFilledFromTheTarget() {
    WorkflowDecision d = conductor.decide(monitoring(T0.plusSeconds(30), List.of(), Map.of(), null, "staging", true));
    assertThat(d.call()).isEqualTo(Call.ASSESS);
    assertThat(d.measure()).singleElement().extracting(VerificationCheck::query)
        .isEqualTo("sum(increase(restarts{namespace=\"shop\",pod=~\"api-.*\"}[2m]))");
  }

  @Test
  void withoutAMetricsSourceMonitoringWorksAsWithoutChecks() {
    WorkflowDecision d = conductor.decide(monitoring(T0.plusSeconds(30), List.of(), Map.of(), null, "staging", false)
        .withHealth(new WorkflowSnapshot.Health(true, null)));
    assertThat(d.phase()).isEqualTo(WorkflowPhase.Completed);
    assertThat(d.outcome()).isEqualTo("Remediated");
    assertThat(d.measure()).isEmpty();
  }

  @Test
  void checksPassingTheirCountWithTheAlertResolvedCompleteRemediatedRecordingEachMeasurement() {
    List<Measurement> history = new ArrayList<>();
    WorkflowDecision first = reconcile(monitoring(T0.plusSeconds(30), history, Map.of(), null, "staging", true), 0, true);
    assertThat(first.phase()).isNull();
    assertThat(first.measured()).hasSize(1);
    assertThat(first.requeue()).isEqualTo(Duration.ofSeconds(30));
    history.addAll(first.measured());
    WorkflowDecision second = reconcile(monitoring(T0.plusSeconds(60), history, Map.of(), null, "staging", true), 0, true);
    assertThat(second.phase()).isEqualTo(WorkflowPhase.Completed);
    assertThat(second.outcome()).isEqualTo("Remediated");
    assertThat(second.measured()).hasSize(1);
  }

  @Test
  void aFailedVerificationRollsBackTheLastCompletedStepFirstAndEscalatesNamingTheCheckAndItsValue() {
    List<Measurement> history = new ArrayList<>(List.of(new Measurement("restarts-stopped", T0.plusSeconds(30),
        Measurement.Result.FAILED, 3.0, "Value 3.0")));
    WorkflowDecision d = reconcile(monitoring(T0.plusSeconds(60), history, Map.of(), null, "staging", true), 5, false);
    assertThat(d.rollBack()).isEqualTo("b");
    assertThat(d.phase()).isNull();
    assertThat(d.escalation()).contains("restarts-stopped").contains("5.0").contains("Rolling back steps b, a");
  }

  @Test
  void onceEveryStepIsRolledBackTheWorkflowEndsRolledBackWithThatOutcome() {
    Map<String, StepExecution> rollbacks = Map.of(
        "b", new StepExecution("wf-b-rollback", ExecutionPhase.Completed, ""),
        "a", new StepExecution("wf-a-rollback", ExecutionPhase.Completed, ""));
    WorkflowDecision d = conductor.decide(monitoring(T0.plusSeconds(90), List.of(), rollbacks, null, "staging", true));
    assertThat(d.phase()).isEqualTo(WorkflowPhase.RolledBack);
    assertThat(d.outcome()).isEqualTo("RolledBack");
  }

  /**
   * The workflow recorded its rollback (named in its status) and stopped before creating it (a crash): the rollback
   * resumes with the step it names first, whatever a new measurement would say, and whatever the environment's rule
   * (the decision was taken already).
   */
  @Test
  void aRecordedRollbackNotCreatedYetResumesWithoutJudgingAgain() {
    WorkflowSnapshot s = monitoring(T0.plusSeconds(90), List.of(), Map.of(), null, "production", true);
    WorkflowSnapshot recorded = new WorkflowSnapshot(s.name(), s.target(), s.phase(), s.phaseEnteredAt(), s.steps(),
        s.critical(), s.runs(), s.rollbacks(), s.strategy(), s.killSwitch(), s.monitoringWindow(), s.now(), null, null,
        s.verification(), null, true);

    WorkflowDecision d = conductor.decide(recorded);

    assertThat(d.rollBack()).isEqualTo("b");
    assertThat(d.askApproval()).isNull();
    assertThat(conductor.decide(s).rollBack()).as("without the record, nothing is rolled back unjudged").isNull();
  }

  @Test
  void inProductionAFailedVerificationAsksForApprovalToRollBackNamingTheCheckItsValueAndTheSteps() {
    List<Measurement> history = new ArrayList<>(List.of(new Measurement("restarts-stopped", T0.plusSeconds(30),
        Measurement.Result.FAILED, 3.0, "Value 3.0")));
    WorkflowDecision d = reconcile(monitoring(T0.plusSeconds(60), history, Map.of(), null, "production", true), 5, false);
    assertThat(d.rollBack()).isNull();
    assertThat(d.phase()).as("it waits").isNull();
    assertThat(d.outcome()).isNull();
    assertThat(d.askApproval()).contains("restarts-stopped").contains("5.0").contains("b, a").contains("production");
    assertThat(d.escalation()).isNull();
    assertThat(d.requeue()).as("looked at again when the approval times out").isEqualTo(Duration.ofMinutes(15));
  }

  private WorkflowSnapshot awaiting(Instant now, ApprovalDecision decision, Map<String, StepExecution> rollbacks) {
    return monitoring(now, List.of(), rollbacks, null, "production", true)
        .withRollbackApproval(new RollbackApproval(T0.plusSeconds(60), decision, Duration.ofMinutes(15)));
  }

  @Test
  void anApprovalGivenAfterTheRequestRollsBackTheLastCompletedStepFirst() {
    WorkflowDecision d = conductor.decide(awaiting(T0.plusSeconds(120),
        new ApprovalDecision(true, "alice", T0.plusSeconds(100)), Map.of()));
    assertThat(d.rollBack()).isEqualTo("b");
    assertThat(d.phase()).isNull();
    assertThat(d.message()).contains("approved by alice");
  }

  @Test
  void anApprovedRollbackEndsRolledBackOnceEveryStepIsUndone() {
    Map<String, StepExecution> rollbacks = Map.of(
        "b", new StepExecution("wf-b-rollback", ExecutionPhase.Completed, ""),
        "a", new StepExecution("wf-a-rollback", ExecutionPhase.Completed, ""));
    WorkflowDecision d = conductor.decide(awaiting(T0.plusSeconds(200),
        new ApprovalDecision(true, "alice", T0.plusSeconds(100)), rollbacks));
    assertThat(d.phase()).isEqualTo(WorkflowPhase.RolledBack);
    assertThat(d.outcome()).isEqualTo("RolledBack");
  }

  @Test
  void aRejectedRollbackEndsNotRemediatedWithTheStepsInEffectAndEscalates() {
    WorkflowDecision d = conductor.decide(awaiting(T0.plusSeconds(120),
        new ApprovalDecision(false, "bob", T0.plusSeconds(100)), Map.of()));
    assertThat(d.rollBack()).isNull();
    assertThat(d.phase()).isEqualTo(WorkflowPhase.Completed);
    assertThat(d.outcome()).isEqualTo("NotRemediated");
    assertThat(d.transitions().get(0).reason()).isEqualTo(ConditionReason.NotRemediated);
    assertThat(d.escalation()).contains("rejected by bob").contains("b, a");
  }

  @Test
  void anApprovalGivenBeforeTheRequestIsIgnoredAndTheWorkflowKeepsWaiting() {
    WorkflowDecision d = conductor.decide(awaiting(T0.plusSeconds(120),
        new ApprovalDecision(true, "alice", T0.plusSeconds(60)), Map.of()));
    assertThat(d.rollBack()).isNull();
    assertThat(d.phase()).isNull();
    assertThat(d.message()).contains("waits for approval");
    assertThat(d.requeue()).isEqualTo(Duration.ofMinutes(15).minusSeconds(60));
  }

  @Test
  void noDecisionWithinTheApprovalTimeoutEndsNotRemediatedWithTheStepsInEffect() {
    WorkflowDecision d = conductor.decide(awaiting(T0.plusSeconds(60).plus(Duration.ofMinutes(15)), null, Map.of()));
    assertThat(d.rollBack()).isNull();
    assertThat(d.outcome()).isEqualTo("NotRemediated");
    assertThat(d.escalation()).contains("No one decided").contains("b, a");
  }

  @Test
  void withTheKillSwitchOnAFailedVerificationInProductionAsksNothingAndEndsNotRemediated() {
    List<Measurement> history = new ArrayList<>(List.of(new Measurement("restarts-stopped", T0.plusSeconds(30),
        Measurement.Result.FAILED, 3.0, "Value 3.0")));
    WorkflowSnapshot s = monitoring(T0.plusSeconds(60), history, Map.of(), null, "production", true);
    WorkflowSnapshot killed = new WorkflowSnapshot(s.name(), s.target(), s.phase(), s.phaseEnteredAt(), s.steps(),
        s.critical(), s.runs(), s.rollbacks(), s.strategy(), true, s.monitoringWindow(), s.now(), null, null,
        s.verification());
    WorkflowDecision d = reconcile(killed, 5, false);
    assertThat(d.askApproval()).isNull();
    assertThat(d.outcome()).isEqualTo("NotRemediated");
    assertThat(d.escalation()).contains("kill switch");
  }

  @Test
  void rollbackOnFailedVerificationFalseLeavesTheStepsInEffect() {
    List<Measurement> history = new ArrayList<>(List.of(new Measurement("restarts-stopped", T0.plusSeconds(30),
        Measurement.Result.FAILED, 3.0, "Value 3.0")));
    VerificationRules off = new VerificationRules(VerificationRules.Rollback.OFF, 3, Duration.ofHours(4));
    WorkflowDecision d = reconcile(monitoring(T0.plusSeconds(60), history, Map.of(), off, "staging", true), 5, false);
    assertThat(d.rollBack()).isNull();
    assertThat(d.escalation()).contains("is off");
  }

  @Test
  void missingDataPastTheLimitCompletesInconclusiveAskingForAReviewWithoutEscalatingAFailedVerification() {
    List<Measurement> history = new ArrayList<>(List.of(new Measurement("restarts-stopped", T0.plusSeconds(30),
        Measurement.Result.MISSING, null, "The metrics source was unreachable: refused")));
    WorkflowSnapshot s = monitoring(T0.plusSeconds(60), history, Map.of(), null, "staging", true);
    WorkflowDecision d = conductor.decide(s.withHealth(new WorkflowSnapshot.Health(false, null)).withVerification(
        s.verification().withAnswers(Map.of("restarts-stopped", QueryAnswer.unreachable("refused")), null)));
    assertThat(d.phase()).isEqualTo(WorkflowPhase.Completed);
    assertThat(d.outcome()).isEqualTo("Inconclusive");
    assertThat(d.transitions().get(0).reason()).isEqualTo(ConditionReason.Inconclusive);
    assertThat(d.transitions().get(0).message()).contains("needs a manual review").contains("refused");
    assertThat(d.escalation()).as("not a failed verification: no FAILED notification").isNull();
  }
}
