package io.kubernaut.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.pipeline.AnalysisVerdict;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.ChildLoss;
import io.kubernaut.ports.pipeline.ChildState;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.pipeline.TimeoutSettings;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.remediation.PipelinePlace;
import io.kubernaut.ports.remediation.RemediationDecision;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediationConductorTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private final RemediationConductor conductor = new RemediationConductor();

  /** A builder for snapshots, so each test states only what matters to it. */
  private static final class Snap {
    RemediationPhase phase;
    Instant entered = T0;
    Instant completed;
    Instant resolved;
    boolean cancel;
    Map<ChildKind, ChildState> children = new HashMap<>();
    RemediationPath path = RemediationPath.AUTOMATIC;
    AnalysisVerdict verdict;
    ApprovalDecision approval;
    String outcome;
    String blockedBy;
    Instant blockedUntil;
    boolean audit;
    PipelinePolicy policy = PipelinePolicy.defaults();
    Instant now = T0.plusSeconds(1);
    String environment = "production";
    PipelinePlace place = PipelinePlace.UNLIMITED;
    Instant decisionDue;
    Map<ChildKind, ChildLoss> lost = Map.of();

    Snap phase(RemediationPhase p) { phase = p; return this; }
    Snap place(PipelinePlace p) { place = p; return this; }
    Snap child(ChildKind kind, String childPhase) {
      children.put(kind, new ChildState(kind, kind.phase(childPhase), "child says " + childPhase, T0));
      return this;
    }
    Snap now(Instant n) { now = n; return this; }

    RemediationSnapshot build() {
      return new RemediationSnapshot("ar-1", phase, T0, entered, completed, environment, "warning", resolved, cancel,
          children, path, verdict, approval, outcome, blockedBy, blockedUntil, audit, policy, now, place)
          .withDecisionDue(decisionDue).withLostChildren(lost);
    }
  }

  /** A remediation in Executing whose workflow is gone, with what is known of whether it ran. */
  private static Snap executingWithout(ChildLoss loss) {
    Snap s = new Snap().phase(RemediationPhase.Executing);
    s.lost = Map.of(ChildKind.WORKFLOW, loss);
    return s;
  }

  private RemediationDecision decide(Snap s) {
    return conductor.decide(s.build());
  }

  @Test
  void newRemediationMovesToProcessingAndCreatesItsAlertProcessing() {
    RemediationDecision d = decide(new Snap());
    assertThat(d.phase()).isEqualTo(RemediationPhase.Processing);
    assertThat(d.createChild()).isEqualTo(ChildKind.PROCESSING);
    assertThat(d.requeue()).isPresent();
  }

  @Test
  void aNewRemediationWithoutAPlaceWaitsInPendingUntilItsProcessingDeadlineAndCreatesNothing() {
    PipelinePlace full = new PipelinePlace(false, 25, 25, 3);
    for (RemediationPhase phase : new RemediationPhase[] {null, RemediationPhase.Pending}) {
      RemediationDecision d = decide(new Snap().phase(phase).place(full));
      assertThat(d.phase()).isEqualTo(RemediationPhase.Pending);
      assertThat(d.reason()).isEqualTo(ConditionReason.Queued);
      assertThat(d.createChild()).isNull();
      assertThat(d.escalation()).isNull();
      assertThat(d.message()).isEqualTo("AlertRemediation ar-1 waits for a place in the pipeline: 25 remediations are "
          + "working and 25 may at once (KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT); 3 wait ahead of it. It starts when one "
          + "of them ends, awaits approval or monitors its workflow.");
      // No polling: the next look is the phase's deadline (5 min processing timeout, entered at T0, now T0 + 1 s).
      assertThat(d.requeue()).hasValueSatisfying(after -> assertThat(after)
          .isBetween(Duration.ofMinutes(5).minusSeconds(1), Duration.ofMinutes(5)));
    }
    assertThat(decide(new Snap().place(new PipelinePlace(false, 2, 2, 0))).message()).contains("; it is next.");
    assertThat(decide(new Snap().place(new PipelinePlace(false, 2, 2, 1))).message()).contains("; 1 waits ahead of it.");
  }

  @Test
  void aQueuedRemediationStillEndsOnCancelResolutionOrTimeout() {
    PipelinePlace full = new PipelinePlace(false, 1, 1, 0);
    Snap cancelled = new Snap().phase(RemediationPhase.Pending).place(full);
    cancelled.cancel = true;
    assertThat(decide(cancelled).phase()).isEqualTo(RemediationPhase.Cancelled);
    Snap resolved = new Snap().phase(RemediationPhase.Pending).place(full);
    resolved.resolved = T0;
    assertThat(decide(resolved).reason()).isEqualTo(ConditionReason.AutoResolved);
    RemediationDecision late = decide(new Snap().phase(RemediationPhase.Pending).place(full).now(T0.plus(Duration.ofMinutes(6))));
    assertThat(late.phase()).isEqualTo(RemediationPhase.TimedOut);
    assertThat(late.escalation()).isNotNull();
    assertThat(late.failurePhase()).isEqualTo("Pending");
    assertThat(late.message()).as("the page says it was the line, not the remediation").isEqualTo("AlertRemediation ar-1 "
        + "timed out in Pending: it waited 5 min (the processing timeout) for a place in the pipeline and got none; 1 of 1 "
        + "places (KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT) were taken and 0 remediations waited ahead of it. Nothing was "
        + "done for it. Look at what holds the places (kubectl get ar), or raise the limit or the processing timeout.");
    assertThat(decide(new Snap().phase(RemediationPhase.Pending).place(new PipelinePlace(false, 2, 2, 1))
        .now(T0.plus(Duration.ofMinutes(6)))).message()).contains("2 of 2 places").contains("1 remediation waited ahead");
    RemediationDecision heldLate = decide(new Snap().phase(RemediationPhase.Pending).place(new PipelinePlace(true, 1, 1, 0))
        .now(T0.plus(Duration.ofMinutes(6))));
    assertThat(heldLate.phase()).isEqualTo(RemediationPhase.TimedOut);
    assertThat(heldLate.message()).as("one that held a place timed out for its own reasons").contains("the Pending timeout of 5 min")
        .doesNotContain("place in the pipeline");
  }

  @Test
  void aPlaceHeldLetsThePendingRemediationStart() {
    RemediationDecision d = decide(new Snap().phase(RemediationPhase.Pending).place(new PipelinePlace(true, 25, 25, 0)));
    assertThat(d.phase()).isEqualTo(RemediationPhase.Processing);
    assertThat(d.createChild()).isEqualTo(ChildKind.PROCESSING);
  }

  @Test
  void processingWaitsForItsChildAndRecreatesItWhenMissing() {
    assertThat(decide(new Snap().phase(RemediationPhase.Processing)).createChild()).isEqualTo(ChildKind.PROCESSING);
    RemediationDecision waiting = decide(new Snap().phase(RemediationPhase.Processing).child(ChildKind.PROCESSING, "Enriching"));
    assertThat(waiting.phase()).isEqualTo(RemediationPhase.Processing);
    assertThat(waiting.createChild()).isNull();
  }

  @Test
  void completedProcessingStartsTheAnalysis() {
    RemediationDecision d = decide(new Snap().phase(RemediationPhase.Processing).child(ChildKind.PROCESSING, "Completed"));
    assertThat(d.phase()).isEqualTo(RemediationPhase.Analyzing);
    assertThat(d.createChild()).isEqualTo(ChildKind.ANALYSIS);
  }

  @Test
  void skippedRouteEndsTheRemediationAsNotManaged() {
    Snap s = new Snap().phase(RemediationPhase.Processing).child(ChildKind.PROCESSING, "Completed");
    s.path = RemediationPath.SKIPPED;
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.Completed);
    assertThat(d.outcome()).isEqualTo("NotManaged");
  }

  @Test
  void failedChildFailsTheRemediationNamingThePhase() {
    RemediationDecision d = decide(new Snap().phase(RemediationPhase.Processing).child(ChildKind.PROCESSING, "Failed"));
    assertThat(d.phase()).isEqualTo(RemediationPhase.Failed);
    assertThat(d.failurePhase()).isEqualTo("Processing");
    assertThat(d.escalation()).isEqualTo(NotificationType.FAILED);
    assertThat(d.message()).contains("child says Failed");
  }

  @Test
  void confidentAnalysisExecutesTheWorkflow() {
    Snap s = new Snap().phase(RemediationPhase.Analyzing).child(ChildKind.ANALYSIS, "Completed");
    s.verdict = new AnalysisVerdict(0.9, false, false, 1);
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.Executing);
    assertThat(d.createChild()).isEqualTo(ChildKind.WORKFLOW);
  }

  @Test
  void lowConfidenceAnalysisEndsAsManualReviewWithANotification() {
    Snap s = new Snap().phase(RemediationPhase.Analyzing).child(ChildKind.ANALYSIS, "Completed");
    s.verdict = new AnalysisVerdict(0.5, false, true, 1);
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.Completed);
    assertThat(d.outcome()).isEqualTo("ManualReviewRequired");
    assertThat(d.escalation()).isEqualTo(NotificationType.MANUAL_REVIEW);
  }

  @Test
  void approvalRequiredWaitsThenExecutesWhenApprovedOrCancelsWhenRejected() {
    Snap s = new Snap().phase(RemediationPhase.Analyzing).child(ChildKind.ANALYSIS, "Completed");
    s.verdict = new AnalysisVerdict(0.75, true, false, 1);
    RemediationDecision waiting = decide(s);
    assertThat(waiting.phase()).isEqualTo(RemediationPhase.AwaitingApproval);
    assertThat(waiting.escalation()).isEqualTo(NotificationType.APPROVAL_NEEDED);
    assertThat(waiting.message()).contains("kubectl kubernaut approve ar-1 (or kubectl kubernaut reject ar-1 --reason TEXT)");

    Snap approved = new Snap().phase(RemediationPhase.AwaitingApproval);
    approved.approval = new ApprovalDecision(true, "alice", T0);
    assertThat(decide(approved).createChild()).isEqualTo(ChildKind.WORKFLOW);

    Snap rejected = new Snap().phase(RemediationPhase.AwaitingApproval);
    rejected.approval = new ApprovalDecision(false, "bob", T0);
    RemediationDecision no = decide(rejected);
    assertThat(no.phase()).isEqualTo(RemediationPhase.Cancelled);
    assertThat(no.message()).contains("bob");
  }

  @Test
  void theApprovalHintNamesTheRemediationsNamespaceWhenTheConductorKnowsIt() {
    Snap s = new Snap().phase(RemediationPhase.Analyzing).child(ChildKind.ANALYSIS, "Completed");
    s.verdict = new AnalysisVerdict(0.75, true, false, 1);

    RemediationDecision waiting = new RemediationConductor("kubernaut-system").decide(s.build());

    assertThat(waiting.message()).contains("kubectl kubernaut approve ar-1 -n kubernaut-system "
        + "(or kubectl kubernaut reject ar-1 -n kubernaut-system --reason TEXT)");
  }

  @Test
  void anApprovalGivenBeforeTheRemediationAwaitedApprovalIsIgnoredAndTheRemediationStillWaits() {
    Snap s = new Snap().phase(RemediationPhase.Analyzing).child(ChildKind.ANALYSIS, "Completed");
    s.verdict = new AnalysisVerdict(0.75, true, false, 1);
    s.approval = new ApprovalDecision(true, "mallory", T0);

    RemediationDecision d = decide(s);

    assertThat(d.phase()).isEqualTo(RemediationPhase.AwaitingApproval);
    assertThat(d.reason()).isEqualTo(ConditionReason.StaleApprovalIgnored);
    assertThat(d.createChild()).as("nothing runs on the early approval").isNull();
    assertThat(d.escalation()).isEqualTo(NotificationType.APPROVAL_NEEDED);
    assertThat(d.message()).contains("'approved' by mallory").contains("ignored and removed")
        .contains("kubectl kubernaut approve ar-1 (or kubectl kubernaut reject ar-1 --reason TEXT)");
  }

  @Test
  void approvalThatExpiresFailsAndEscalates() {
    Snap s = new Snap().phase(RemediationPhase.AwaitingApproval).now(T0.plus(Duration.ofMinutes(15)));
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.Failed);
    assertThat(d.reason()).isEqualTo(ConditionReason.ApprovalExpired);
    assertThat(d.escalation()).isEqualTo(NotificationType.TIMED_OUT);
  }

  @Test
  void dryRunModeStopsBeforeExecutionAndKillSwitchBlocks() {
    Snap dry = new Snap().phase(RemediationPhase.Analyzing).child(ChildKind.ANALYSIS, "Completed");
    dry.verdict = new AnalysisVerdict(0.9, false, false, 1);
    dry.policy = new PipelinePolicy(TimeoutSettings.standard(), Duration.ofHours(24), true, false);
    assertThat(decide(dry).outcome()).isEqualTo("DryRun");

    Snap kill = new Snap().phase(RemediationPhase.Analyzing).child(ChildKind.ANALYSIS, "Completed");
    kill.verdict = new AnalysisVerdict(0.9, false, false, 1);
    kill.policy = new PipelinePolicy(TimeoutSettings.standard(), Duration.ofHours(24), false, true);
    assertThat(decide(kill).phase()).isEqualTo(RemediationPhase.Blocked);
  }

  @Test
  void phaseTimeoutEndsTimedOutRecordingThePhaseAndStoppingActiveChildren() {
    Snap s = new Snap().phase(RemediationPhase.Processing).child(ChildKind.PROCESSING, "Enriching")
        .now(T0.plus(Duration.ofMinutes(5)));
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.TimedOut);
    assertThat(d.failurePhase()).isEqualTo("Processing");
    assertThat(d.stopChildren()).containsExactly(ChildKind.PROCESSING);
    assertThat(d.stopReason()).isEqualTo(ConditionReason.ParentTimedOut);
    assertThat(d.escalation()).isEqualTo(NotificationType.TIMED_OUT);
  }

  /**
   * A workflow that asked a person to decide on rolling back holds the remediation's timeouts until
   * the decision is due (and a minute more, for the workflow to end it NotRemediated itself).
   */
  @Test
  void aRollbackDecisionDueLaterHoldsTheRemediationsTimeoutsUntilThen() {
    Snap s = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "Monitoring")
        .now(T0.plus(Duration.ofMinutes(25)));
    assertThat(decide(s).phase()).as("past the workflow timeout, nothing due").isEqualTo(RemediationPhase.TimedOut);

    s.decisionDue = T0.plus(Duration.ofMinutes(30));
    RemediationDecision waiting = decide(s);
    assertThat(waiting.phase()).as("the approver's promised time").isEqualTo(RemediationPhase.Executing);
    assertThat(waiting.requeue()).hasValueSatisfying(r -> assertThat(r)
        .isGreaterThan(Duration.ofMinutes(5)).isLessThanOrEqualTo(Duration.ofMinutes(6).plusSeconds(1)));

    s.now = T0.plus(Duration.ofMinutes(31).plusSeconds(1));
    assertThat(decide(s).phase()).as("the workflow did not end it in time").isEqualTo(RemediationPhase.TimedOut);

    Snap expired = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "Completed")
        .now(T0.plus(Duration.ofMinutes(29)));
    expired.outcome = "NotRemediated";
    expired.decisionDue = T0.plus(Duration.ofMinutes(30));
    RemediationDecision ended = decide(expired);
    assertThat(ended.phase()).as("no one decided: the workflow's outcome ends it, not a timeout that passed meanwhile")
        .isEqualTo(RemediationPhase.Completed);
    assertThat(ended.reason()).isEqualTo(ConditionReason.NotRemediated);
  }

  @Test
  void aWorkflowDeletedWhileItRanIsNotCreatedAgainAndTheRemediationFails() {
    Snap notYet = new Snap().phase(RemediationPhase.Executing);
    assertThat(decide(notYet).createChild()).as("never seen: created (again, by its name)").isEqualTo(ChildKind.WORKFLOW);

    RemediationDecision d = decide(executingWithout(ChildLoss.RAN));

    assertThat(d.createChild()).as("its steps would run once more").isNull();
    assertThat(d.phase()).isEqualTo(RemediationPhase.Failed);
    assertThat(d.escalation()).isEqualTo(NotificationType.FAILED);
    assertThat(d.message()).contains("was deleted while it ran").contains("check the target by hand");
  }

  @Test
  void aWorkflowGoneWhileNoOperatorWatchedWaitsForTheAuditStoreAndIsNeverCreatedAgainWithoutOne() {
    Snap untold = executingWithout(ChildLoss.UNTOLD);
    RemediationDecision waits = decide(untold);
    assertThat(waits.createChild()).as("not created while it cannot be told whether it ran").isNull();
    assertThat(waits.phase()).isEqualTo(RemediationPhase.Executing);
    assertThat(waits.reason()).isEqualTo(ConditionReason.AuditPending);
    assertThat(waits.requeue()).contains(RemediationConductor.UNTOLD_RETRY);
    assertThat(waits.message()).contains("audit database").contains("not created again until it does");

    untold.now = T0.plus(Duration.ofHours(2));
    RemediationDecision timedOut = decide(untold);
    assertThat(timedOut.phase()).as("its timeouts still end it").isEqualTo(RemediationPhase.TimedOut);
    assertThat(timedOut.message()).as("saying that the workflow may have run").contains("may have run its steps")
        .contains("check the target by hand");

    RemediationDecision ends = decide(executingWithout(ChildLoss.UNKNOWABLE));
    assertThat(ends.createChild()).isNull();
    assertThat(ends.phase()).isEqualTo(RemediationPhase.Failed);
    assertThat(ends.escalation()).isEqualTo(NotificationType.FAILED);
    assertThat(ends.message()).contains("without an audit database").contains("check the target by hand");
  }

  @Test
  void severityOverrideOfTheTimeoutWinsOverTheEnvironmentOverride() {
    TimeoutSettings settings = new TimeoutSettings(TimeoutSettings.standard().defaults(),
        Map.of("production", Map.of("processing", Duration.ofMinutes(2))),
        Map.of("warning", Map.of("processing", Duration.ofMinutes(1))));
    assertThat(Timeouts.effective(settings, "processing", "production", "warning")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Timeouts.effective(settings, "processing", "production", "critical")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Timeouts.effective(settings, "processing", "staging", "critical")).isEqualTo(Duration.ofMinutes(5));
    Snap s = new Snap().phase(RemediationPhase.Processing).child(ChildKind.PROCESSING, "Enriching")
        .now(T0.plus(Duration.ofSeconds(61)));
    s.policy = new PipelinePolicy(settings, Duration.ofHours(24), false, false);
    assertThat(decide(s).phase()).isEqualTo(RemediationPhase.TimedOut);
  }

  @Test
  void waitingRequeuesAtTheNextDeadlineInsteadOfPolling() {
    RemediationDecision d = decide(new Snap().phase(RemediationPhase.Analyzing).child(ChildKind.ANALYSIS, "Investigating"));
    assertThat(d.requeue()).hasValueSatisfying(r -> assertThat(r).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10).plusSeconds(1)));
  }

  @Test
  void resolutionBeforeExecutionCompletesAsAutoResolved() {
    Snap s = new Snap().phase(RemediationPhase.Analyzing).child(ChildKind.ANALYSIS, "Investigating");
    s.resolved = T0;
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.Completed);
    assertThat(d.outcome()).isEqualTo("AutoResolved");
    assertThat(d.stopChildren()).containsExactly(ChildKind.ANALYSIS);
  }

  @Test
  void resolutionDuringExecutionDoesNotEndTheRemediation() {
    Snap s = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "Executing");
    s.resolved = T0;
    assertThat(decide(s).phase()).isEqualTo(RemediationPhase.Executing);
  }

  @Test
  void cancelAnnotationCancelsAndStopsChildren() {
    Snap s = new Snap().phase(RemediationPhase.Processing).child(ChildKind.PROCESSING, "Enriching");
    s.cancel = true;
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.Cancelled);
    assertThat(d.stopReason()).isEqualTo(ConditionReason.ParentCancelled);
  }

  @Test
  void workflowOutcomeBecomesTheRemediationOutcome() {
    Snap s = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "Completed");
    s.outcome = "PartiallyRemediated";
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.Completed);
    assertThat(d.outcome()).isEqualTo("PartiallyRemediated");
    assertThat(d.reason()).isEqualTo(ConditionReason.Remediated);
    assertThat(d.escalation()).isEqualTo(NotificationType.COMPLETED);
  }

  @Test
  void aWorkflowThatDidNotRemediateEndsCompletedWithReasonNotRemediated() {
    Snap s = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "Completed");
    s.outcome = "NotRemediated";
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.Completed);
    assertThat(d.outcome()).isEqualTo("NotRemediated");
    assertThat(d.reason()).isEqualTo(ConditionReason.NotRemediated);
    assertThat(d.escalation()).as("the problem is still there: an escalation, not 'completed' (which resolves a page)")
        .isEqualTo(NotificationType.FAILED);
  }

  @Test
  void aWorkflowRolledBackAfterFailedVerificationCompletesTheRemediationAsRolledBackNotFailed() {
    Snap s = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "RolledBack");
    s.outcome = "RolledBack";
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.Completed);
    assertThat(d.outcome()).isEqualTo("RolledBack");
    assertThat(d.reason()).isEqualTo(ConditionReason.RolledBack);
    assertThat(d.escalation()).isEqualTo(NotificationType.FAILED);
  }

  @Test
  void aWorkflowRolledBackAfterAFailedStepStillFailsTheRemediation() {
    Snap s = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "RolledBack");
    assertThat(decide(s).phase()).isEqualTo(RemediationPhase.Failed);
  }

  @Test
  void anInconclusiveVerificationCompletesTheRemediationAskingForAManualReview() {
    Snap s = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "Completed");
    s.outcome = "Inconclusive";
    RemediationDecision d = decide(s);
    assertThat(d.outcome()).isEqualTo("Inconclusive");
    assertThat(d.reason()).isEqualTo(ConditionReason.Inconclusive);
    assertThat(d.escalation()).isEqualTo(io.kubernaut.ports.notification.NotificationType.MANUAL_REVIEW);
  }

  @Test
  void endedRemediationWaitsForTheAuditBeforeRetentionAndIsDeletedAfterIt() {
    Snap pending = new Snap().phase(RemediationPhase.Completed).now(T0.plus(Duration.ofDays(2)));
    pending.completed = T0;
    RemediationDecision waiting = decide(pending);
    assertThat(waiting.delete()).isFalse();
    assertThat(waiting.reason()).isEqualTo(ConditionReason.AuditPending);
    assertThat(waiting.requeue()).as("two days unconfirmed: asked again at most once a minute").contains(Duration.ofMinutes(1));

    Snap confirmedEarly = new Snap().phase(RemediationPhase.Completed).now(T0.plus(Duration.ofHours(1)));
    confirmedEarly.completed = T0;
    confirmedEarly.audit = true;
    RemediationDecision kept = decide(confirmedEarly);
    assertThat(kept.delete()).isFalse();
    assertThat(kept.requeue()).contains(Duration.ofHours(23));

    Snap expired = new Snap().phase(RemediationPhase.Completed).now(T0.plus(Duration.ofHours(24)));
    expired.completed = T0;
    expired.audit = true;
    assertThat(decide(expired).delete()).isTrue();
  }

  @Test
  void anUnconfirmedAuditIsAskedAgainEvery5SecondsAtFirstAndLessOftenAsTheWaitLasts() {
    java.util.function.Function<Duration, java.util.Optional<Duration>> after = ended -> {
      Snap s = new Snap().phase(RemediationPhase.Failed).now(T0.plus(ended));
      s.completed = T0;
      return decide(s).requeue();
    };
    assertThat(after.apply(Duration.ZERO)).contains(Duration.ofSeconds(5));
    assertThat(after.apply(Duration.ofSeconds(20))).contains(Duration.ofSeconds(5));
    assertThat(after.apply(Duration.ofSeconds(40))).contains(Duration.ofSeconds(10));
    assertThat(after.apply(Duration.ofMinutes(2))).contains(Duration.ofSeconds(30));
    assertThat(after.apply(Duration.ofMinutes(10))).contains(Duration.ofMinutes(1));
    Snap noEnd = new Snap().phase(RemediationPhase.Failed).now(T0.plus(Duration.ofHours(1)));
    assertThat(decide(noEnd).requeue()).as("no completion time recorded: as just ended").contains(Duration.ofSeconds(5));
  }

  @Test
  void everyDecisionIsALegalTransitionOfThePhaseMachine() {
    for (RemediationPhase phase : RemediationPhase.values()) {
      for (ChildKind kind : ChildKind.values()) {
        for (String childPhase : new String[] {"Enriching", "Completed", "Failed"}) {
          Snap s = new Snap().phase(phase).child(kind, childPhase);
          s.verdict = new AnalysisVerdict(0.9, false, false, 1);
          RemediationDecision d = decide(s);
          assertThat(PhaseMachines.remediation(phase, d.phase()).legal())
              .as("%s with %s %s → %s", phase, kind, childPhase, d.phase()).isTrue();
        }
      }
    }
  }

  @Test
  void workflowStoppedByASafetyRuleBlocksTheRemediationInsteadOfFailingIt() {
    Snap s = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "Failed");
    s.blockedBy = "RepeatedFailures";
    RemediationDecision d = decide(s);
    assertThat(d.phase()).isEqualTo(RemediationPhase.Blocked);
    assertThat(d.reason()).isEqualTo(ConditionReason.RepeatedFailures);
    assertThat(d.message()).contains("RepeatedFailures");
    assertThat(d.blockedUntil()).as("no lift time was recorded").isNull();
  }

  @Test
  void aTimeBoundBlockCarriesItsLiftTimeIntoTheDecisionSoStatusRecordsIt() {
    Snap s = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "Failed");
    s.blockedBy = "Cooldown";
    s.blockedUntil = T0.plusSeconds(300);

    RemediationDecision d = decide(s);

    assertThat(d.phase()).isEqualTo(RemediationPhase.Blocked);
    assertThat(d.reason()).isEqualTo(ConditionReason.Cooldown);
    assertThat(d.blockedUntil()).isEqualTo(T0.plusSeconds(300));
    assertThat(d.message()).contains("until " + T0.plusSeconds(300));
  }

  @Test
  void aFailedWorkflowThatNoSafetyRuleStoppedRecordsNoLiftTime() {
    Snap s = new Snap().phase(RemediationPhase.Executing).child(ChildKind.WORKFLOW, "Failed");
    s.blockedUntil = T0.plusSeconds(300);

    RemediationDecision d = decide(s);

    assertThat(d.phase()).isEqualTo(RemediationPhase.Failed);
    assertThat(d.blockedUntil()).isNull();
  }
}
