package io.kubernaut.k8s.remediation;

import io.kubernaut.k8s.fakes.Resources;
import static io.kubernaut.k8s.fakes.Resources.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.ChildRef;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.StormStatus;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.ProcessingPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.remediation.RemediationDecision;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediationStatusWriterTest {

  private static final Instant NOW = Resources.RECEIVED.plusSeconds(30);
  private static final RemediationChildren NO_CHILDREN = new RemediationChildren(null, null, null);

  private final AlertRemediation ar = Resources.remediation();

  private static RemediationSnapshot snapshot(RemediationPhase phase, boolean auditPersisted, ApprovalDecision approval) {
    return new RemediationSnapshot(Resources.AR, phase, Resources.RECEIVED, null, null, "production", "critical", null,
        false, Map.of(), null, null, approval, null, null, auditPersisted, PipelinePolicy.defaults(), NOW);
  }

  /** As {@link #snapshot}, with the processing judged as it says: completed. */
  private static RemediationSnapshot processed(RemediationPhase phase) {
    return new RemediationSnapshot(Resources.AR, phase, Resources.RECEIVED, null, null, "production", "critical", null,
        false, Map.of(io.kubernaut.ports.pipeline.ChildKind.PROCESSING, new io.kubernaut.ports.pipeline.ChildState(
            io.kubernaut.ports.pipeline.ChildKind.PROCESSING, ProcessingPhase.Completed, "routed", null)),
        null, null, null, null, null, false, PipelinePolicy.defaults(), NOW);
  }

  /**
   * The controller writes when the approval expires as the remediation begins to await it, by its policy for the
   * remediation's environment and severity, and again when that policy changes; the approval API refuses from then on.
   */
  @Test
  void theApprovalsExpiryIsWrittenAsItBeginsToAwaitItAndFollowsAChangedPolicy() {
    RemediationDecision awaiting = RemediationDecision.stay(RemediationPhase.AwaitingApproval,
        ConditionReason.AwaitingApproval, "Awaiting approval.");
    AlertRemediationStatus analyzing = new AlertRemediationStatus();
    analyzing.setPhase(RemediationPhase.Analyzing);

    AlertRemediationStatus asked = desired(analyzing, NO_CHILDREN, snapshot(RemediationPhase.Analyzing, false, null),
        awaiting, true);

    assertThat(asked.getApprovalExpiresAt()).as("15 minutes from now, the default").isEqualTo(
        NOW.plus(java.time.Duration.ofMinutes(15)).toString());
    assertThat(RemediationStatusWriter.changed(analyzing, asked)).isTrue();

    RemediationSnapshot later = new RemediationSnapshot(Resources.AR, RemediationPhase.AwaitingApproval,
        Resources.RECEIVED, NOW, null, "production", "critical", null, false, Map.of(), null, null, null, null, null,
        false, PipelinePolicy.defaults(), NOW.plusSeconds(60));
    assertThat(desired(asked, NO_CHILDREN, later, awaiting, true).getApprovalExpiresAt())
        .as("from the time it began to wait, not from now").isEqualTo(asked.getApprovalExpiresAt());
    assertThat(RemediationStatusWriter.changed(asked, desired(asked, NO_CHILDREN, later, awaiting, true))).isFalse();

    PipelinePolicy critical2m = new PipelinePolicy(new io.kubernaut.ports.pipeline.TimeoutSettings(
        io.kubernaut.ports.pipeline.TimeoutSettings.standard().defaults(), Map.of(),
        Map.of("critical", Map.of("approval", java.time.Duration.ofMinutes(2)))), PipelinePolicy.defaults().retention(),
        false, false);
    RemediationSnapshot shortened = new RemediationSnapshot(Resources.AR, RemediationPhase.AwaitingApproval,
        Resources.RECEIVED, NOW, null, "production", "critical", null, false, Map.of(), null, null, null, null, null,
        false, critical2m, NOW.plusSeconds(60));
    AlertRemediationStatus rewritten = desired(asked, NO_CHILDREN, shortened, awaiting, true);
    assertThat(rewritten.getApprovalExpiresAt()).isEqualTo(NOW.plus(java.time.Duration.ofMinutes(2)).toString());
    assertThat(RemediationStatusWriter.changed(asked, rewritten)).as("a status write").isTrue();

    RemediationDecision executing = RemediationDecision.stay(RemediationPhase.Executing, ConditionReason.Executing,
        "Executing.");
    assertThat(desired(rewritten, NO_CHILDREN, shortened, executing, true).getApprovalExpiresAt())
        .as("kept once it moved on").isEqualTo(rewritten.getApprovalExpiresAt());
  }

  /**
   * A workflow the remediation had created and the API server no longer has keeps its entry: while the remediation
   * waits to learn whether it ran (the entry is the evidence that it was named, which decides whether it may be
   * created again), as it ends, and after the end (dropping it then would be a status write for nothing).
   */
  @Test
  void aGoneWorkflowKeepsItsEntryWhileItsRemediationWaitsAsItEndsAndAfter() {
    AlertRemediationStatus executing = new AlertRemediationStatus();
    executing.setPhase(RemediationPhase.Executing);
    executing.setChildren(List.of(new io.kubernaut.k8s.crd.ChildRef("WorkflowExecution", Resources.AR + "-workflow",
        "Pending")));
    RemediationSnapshot lost = snapshot(RemediationPhase.Executing, false, null).withLostChildren(
        Map.of(io.kubernaut.ports.pipeline.ChildKind.WORKFLOW, io.kubernaut.ports.pipeline.ChildLoss.UNTOLD));
    AlertRemediationStatus waits = desired(executing, NO_CHILDREN, lost,
        RemediationDecision.stay(RemediationPhase.Executing, ConditionReason.AuditPending, "Waits for the trail."), true);
    assertThat(waits.getChildren()).as("while it waits").isEqualTo(executing.getChildren());

    RemediationDecision failed = new RemediationDecision(RemediationPhase.Failed, "Failed", ConditionReason.ChildFailed,
        "Its workflow was deleted while it ran.", null, List.of(), null, "Executing", null, null, false);
    AlertRemediationStatus ended = desired(waits, NO_CHILDREN, lost, failed, true);
    assertThat(ended.getChildren()).as("as it ends").isEqualTo(executing.getChildren());

    AlertRemediationStatus after = desired(ended, NO_CHILDREN, snapshot(RemediationPhase.Failed, false, null),
        RemediationDecision.stay(RemediationPhase.Failed, ConditionReason.AuditPending, "Kept."), true);
    assertThat(after.getChildren()).as("after the end, no longer asked about").isEqualTo(executing.getChildren());
    assertThat(RemediationStatusWriter.changed(ended, after)).as("no status write for it").isFalse();

    AlertRemediationStatus dropped = desired(executing, NO_CHILDREN, snapshot(RemediationPhase.Executing, false, null),
        RemediationDecision.stay(RemediationPhase.Executing, ConditionReason.Executing, "Executes."), true);
    assertThat(dropped.getChildren()).as("a child neither found nor lost, under way: not listed").isEmpty();
  }

  /**
   * The approval recorded is the decision acted on, for good: annotations rewritten later (another reason, another
   * answer by someone else) are not read into it again. Before, the next status write showed them.
   */
  @Test
  void theApprovalRecordedStaysTheDecisionActedOnWhateverTheAnnotationsSayLater() {
    ApprovalDecision alice = new ApprovalDecision(true, "alice", NOW.minusSeconds(10), "api", "CHG-1");
    AlertRemediationStatus awaiting = new AlertRemediationStatus();
    awaiting.setPhase(RemediationPhase.AwaitingApproval);
    RemediationDecision executing = RemediationDecision.stay(RemediationPhase.Executing, ConditionReason.Executing,
        "Executes.");
    AlertRemediationStatus acted = desired(awaiting, NO_CHILDREN,
        snapshot(RemediationPhase.AwaitingApproval, false, alice), executing, true);
    assertThat(acted.getApproval().getDecidedBy()).isEqualTo("alice");
    assertThat(acted.getApproval().getReason()).isEqualTo("CHG-1");

    ApprovalDecision bob = new ApprovalDecision(false, "bob", NOW, "kubectl", "no ticket");
    AlertRemediationStatus later = desired(acted, NO_CHILDREN, snapshot(RemediationPhase.Executing, false, bob),
        executing, true);

    assertThat(later.getApproval().getDecision()).isEqualTo("approved");
    assertThat(later.getApproval().getDecidedBy()).isEqualTo("alice");
    assertThat(later.getApproval().getReason()).isEqualTo("CHG-1");
    assertThat(later.getApproval().getDecidedAt()).isEqualTo(acted.getApproval().getDecidedAt());
  }

  private AlertRemediationStatus desired(AlertRemediationStatus current, RemediationChildren children,
      RemediationSnapshot snapshot, RemediationDecision decision, boolean auditAccepted) {
    return RemediationStatusWriter.desired(ar, current, children, snapshot, decision, auditAccepted);
  }

  private static AlertProcessing completedProcessing() {
    AlertProcessing ap = Resources.processing();
    AlertProcessingStatus s = new AlertProcessingStatus();
    s.setPhase(ProcessingPhase.Completed);
    s.setPriority("P0");
    s.setPhaseHistory(List.of(new PhaseTransition("Completed", NOW.toString(), "routed")));
    ap.setStatus(s);
    return ap;
  }

  /**
   * The seal of each child's result is recorded as the remediation leaves the phase that judged it, and kept: a
   * result sealed later (its child's status cleared and its work done again) is not the one it judged.
   */
  @Test
  void theResultsJudgedAreRecordedByTheirSealsAsTheRemediationLeavesTheirPhasesAndKept() {
    AlertProcessing processing = completedProcessing();
    processing.getStatus().setSeal("v1:processing");
    AIAnalysis analysis = Resources.analysis();
    analysis.setStatus(new io.kubernaut.k8s.crd.AIAnalysisStatus());
    analysis.getStatus().setSeal("v1:analysis");
    RemediationChildren both = new RemediationChildren(processing, analysis, null);
    RemediationDecision stillProcessing = RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing,
        "Processing.");
    RemediationDecision analyzing = RemediationDecision.stay(RemediationPhase.Analyzing, ConditionReason.Analyzing,
        "Analyzing.");
    RemediationDecision awaiting = RemediationDecision.stay(RemediationPhase.AwaitingApproval,
        ConditionReason.AwaitingApproval, "Awaiting approval.");

    AlertRemediationStatus processingStatus = desired(new AlertRemediationStatus(), both,
        snapshot(RemediationPhase.Processing, false, null), stillProcessing, true);
    assertThat(processingStatus.getProcessingSeal()).as("not judged until it leaves Processing").isNull();
    AlertRemediationStatus analyzingStatus = desired(processingStatus, both, processed(RemediationPhase.Processing),
        analyzing, true);
    assertThat(analyzingStatus.getProcessingSeal()).isEqualTo("v1:processing");
    assertThat(analyzingStatus.getAnalysisSeal()).isNull();
    assertThat(RemediationStatusWriter.changed(processingStatus, analyzingStatus)).isTrue();

    processing.getStatus().setSeal("v1:processed-again");
    processing.getStatus().setPriority("P3");
    analysis.getStatus().setSeal("v1:analysed");
    AlertRemediationStatus awaitingStatus = desired(analyzingStatus, both,
        snapshot(RemediationPhase.Analyzing, false, null), awaiting, true);
    assertThat(awaitingStatus.getProcessingSeal()).as("kept").isEqualTo("v1:processing");
    assertThat(awaitingStatus.getPriority()).as("the priority judged with it, which routes notifications")
        .isEqualTo("P0");
    assertThat(awaitingStatus.getAnalysisSeal()).isEqualTo("v1:analysed");
    analysis.getStatus().setSeal("v1:analysed-again");
    assertThat(desired(awaitingStatus, both, snapshot(RemediationPhase.AwaitingApproval, false, null), awaiting, true)
        .getAnalysisSeal()).as("kept").isEqualTo("v1:analysed");

    // A processing the remediation refused ends it: nothing of it is recorded, its priority included.
    RemediationDecision failed = new RemediationDecision(RemediationPhase.Failed, "Failed", ConditionReason.ChildFailed,
        "AlertProcessing ar-1-processing's result is refused.", null, List.of(), null, "Processing", null, null, false);
    AlertRemediationStatus refused = desired(processingStatus, both, snapshot(RemediationPhase.Processing, false, null),
        failed, true);
    assertThat(refused.getProcessingSeal()).isNull();
    assertThat(refused.getPriority()).isNull();
    // One that ends from Processing with its processing judged (not managed, resolved): its priority, no seal.
    AlertRemediationStatus notManaged = desired(processingStatus, both, processed(RemediationPhase.Processing),
        new RemediationDecision(RemediationPhase.Completed, "NotManaged", ConditionReason.NotManaged, "Not managed.", null,
            List.of(), null, null, null, null, false), true);
    assertThat(notManaged.getPriority()).isEqualTo("P3");
    assertThat(notManaged.getProcessingSeal()).isNull();
  }

  @Test
  void theFirstStatusStartsNowWithTheDecidedPhaseItsHistoryAndAReadyConditionThatIsNotYetTrue() {
    RemediationDecision processing = RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing,
        "AlertRemediation ar-1 is being enriched and classified by ar-1-processing.");

    AlertRemediationStatus status = desired(new AlertRemediationStatus(), NO_CHILDREN, snapshot(null, false, null),
        processing, true);

    assertThat(status.getPhase()).isEqualTo(RemediationPhase.Processing);
    assertThat(status.getStartTime()).isEqualTo(NOW.toString());
    assertThat(status.getCompletionTime()).isNull();
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getEnvironment()).isEqualTo("production");
    assertThat(status.getSeverity()).as("the snapshot's, which later observes keep once the processing is judged")
        .isEqualTo("critical");
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase).containsExactly("Processing");
    assertThat(status.getProgress()).isEqualTo("0/3");
    assertThat(condition(status, "Ready")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("Processing");
    });
    assertThat(condition(status, "AuditPersisted")).as("only an ended remediation waits for its final record").isNull();
  }

  @Test
  void childrenAreListedWithTheirPhaseAndTheProcessingPriorityIsCopied() {
    RemediationDecision analyzing = RemediationDecision.stay(RemediationPhase.Analyzing, ConditionReason.Analyzing,
        "AlertRemediation ar-1 is being analysed by ar-1-analysis.");

    AlertRemediationStatus status = desired(new AlertRemediationStatus(),
        new RemediationChildren(completedProcessing(), Resources.analysis(), null), processed(RemediationPhase.Processing),
        analyzing, true);

    assertThat(status.getChildren()).extracting(ChildRef::getKind, ChildRef::getName, ChildRef::getPhase)
        .containsExactly(tuple("AlertProcessing", "ar-1-processing", "Completed"),
            tuple("AIAnalysis", "ar-1-analysis", "Pending"));
    assertThat(status.getProgress()).isEqualTo("1/3");
    assertThat(status.getPriority()).isEqualTo("P0");
  }

  @Test
  void aChildTheRemediationRefusedIsListedAsFailedWhateverItsOwnStatusSays() {
    AIAnalysis completed = Resources.analysis();
    completed.setStatus(new io.kubernaut.k8s.crd.AIAnalysisStatus());
    completed.getStatus().setPhase(io.kubernaut.ports.pipeline.AnalysisPhase.Completed);
    RemediationSnapshot judged = new RemediationSnapshot(Resources.AR, RemediationPhase.Analyzing, Resources.RECEIVED, null,
        null, "production", "critical", null, false, Map.of(io.kubernaut.ports.pipeline.ChildKind.ANALYSIS,
            new io.kubernaut.ports.pipeline.ChildState(io.kubernaut.ports.pipeline.ChildKind.ANALYSIS,
                io.kubernaut.ports.pipeline.AnalysisPhase.Failed, "AIAnalysis ar-1-analysis is not the one ...", null)),
        null, null, null, null, null, false, PipelinePolicy.defaults(), NOW);

    AlertRemediationStatus status = desired(new AlertRemediationStatus(),
        new RemediationChildren(completedProcessing(), completed, null), judged,
        RemediationDecision.stay(RemediationPhase.Analyzing, ConditionReason.Analyzing, "Analyzing."), true);

    assertThat(status.getChildren()).extracting(ChildRef::getKind, ChildRef::getPhase)
        .containsExactly(tuple("AlertProcessing", "Completed"), tuple("AIAnalysis", "Failed"));
    assertThat(status.getProgress()).as("the refused analysis is not done").isEqualTo("1/3");

    // It ends (the child failed), and a later write (its final record confirmed) no longer judges the child.
    AlertRemediationStatus ended = desired(status, new RemediationChildren(completedProcessing(), completed, null), judged,
        new RemediationDecision(RemediationPhase.Failed, "Failed", ConditionReason.ChildFailed, "AlertRemediation ar-1 "
            + "failed in Analyzing.", null, List.of(), null, "Analyzing", null, null, false), true);
    AlertRemediationStatus confirmed = desired(ended, new RemediationChildren(completedProcessing(), completed, null),
        snapshot(RemediationPhase.Failed, true, null),
        RemediationDecision.stay(RemediationPhase.Failed, ConditionReason.AuditConfirmed, "Confirmed."), true);

    assertThat(confirmed.getChildren()).extracting(ChildRef::getKind, ChildRef::getPhase)
        .containsExactly(tuple("AlertProcessing", "Completed"), tuple("AIAnalysis", "Failed"));
    assertThat(confirmed.getProgress()).isEqualTo("1/3");
  }

  @Test
  void anEndingDecisionSetsTheCompletionTimeOutcomeAndAnAuditPersistedConditionThatWaitsForTheFinalRecord() {
    AlertRemediationStatus current = desired(new AlertRemediationStatus(), NO_CHILDREN, snapshot(null, false, null),
        RemediationDecision.stay(RemediationPhase.Executing, ConditionReason.Executing, "Executing."), true);
    RemediationDecision completed = new RemediationDecision(RemediationPhase.Completed, "Remediated",
        ConditionReason.Remediated, "AlertRemediation ar-1 remediated the problem.", null, List.of(), null, null, null,
        null, false);

    AlertRemediationStatus status = desired(current, NO_CHILDREN, snapshot(RemediationPhase.Executing, false, null),
        completed, false);

    assertThat(status.getCompletionTime()).isEqualTo(NOW.toString());
    assertThat(status.getOutcome()).isEqualTo("Remediated");
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase).containsExactly("Executing", "Completed");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "AuditPersisted")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("AuditPending");
      assertThat(c.getMessage()).isEqualTo("Waiting for the audit store to confirm the final record of ar-1; the audit "
          + "queue is full and events will be re-derived from status.");
    });
  }

  @Test
  void aSettledRemediationKeepsItsMessageReadyConditionAndTimesAndConfirmsItsAudit() {
    AlertRemediationStatus settled = desired(new AlertRemediationStatus(), NO_CHILDREN, snapshot(null, false, null),
        new RemediationDecision(RemediationPhase.Failed, "Failed", ConditionReason.ChildFailed,
            "AlertRemediation ar-1 failed in Analyzing.", null, List.of(), null, "Analyzing", null, null, false), true);
    settled.setCompletionTime(Resources.RECEIVED.plusSeconds(5).toString());

    AlertRemediationStatus status = desired(settled, NO_CHILDREN, snapshot(RemediationPhase.Failed, true, null),
        RemediationDecision.stay(RemediationPhase.Failed, ConditionReason.AuditConfirmed, "A later sentence."), true);

    assertThat(status.getMessage()).isEqualTo("AlertRemediation ar-1 failed in Analyzing.");
    assertThat(status.getFailurePhase()).isEqualTo("Analyzing");
    assertThat(status.getStartTime()).isEqualTo(settled.getStartTime());
    assertThat(status.getCompletionTime()).isEqualTo(settled.getCompletionTime());
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ChildFailed");
    assertThat(condition(status, "AuditPersisted")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getMessage()).isEqualTo("The audit store holds the final record of ar-1.");
    });
  }

  @Test
  void aTimeBoundBlockWritesItsLiftTimeWithTheBlockedPhaseAndKeepsItAfterwards() {
    AlertRemediationStatus executing = desired(new AlertRemediationStatus(), NO_CHILDREN, snapshot(null, false, null),
        RemediationDecision.stay(RemediationPhase.Executing, ConditionReason.Executing, "Executing."), true);
    Instant lifts = NOW.plusSeconds(300);
    RemediationDecision blocked = new RemediationDecision(RemediationPhase.Blocked, "Blocked", ConditionReason.Cooldown,
        "AlertRemediation ar-1 was blocked by the safety envelope (Cooldown).", null, List.of(), null, null, null, null,
        false).withBlockedUntil(lifts);

    AlertRemediationStatus status = desired(executing, NO_CHILDREN, snapshot(RemediationPhase.Executing, false, null),
        blocked, true);
    AlertRemediationStatus later = desired(status, NO_CHILDREN, snapshot(RemediationPhase.Blocked, true, null),
        RemediationDecision.stay(RemediationPhase.Blocked, ConditionReason.AuditConfirmed, "Kept."), true);

    assertThat(executing.getBlockedUntil()).isNull();
    assertThat(status.getPhase()).isEqualTo(RemediationPhase.Blocked);
    assertThat(status.getBlockedUntil()).isEqualTo(lifts.toString());
    assertThat(RemediationStatusWriter.changed(executing, status)).isTrue();
    assertThat(later.getBlockedUntil()).isEqualTo(lifts.toString());
  }

  @Test
  void theGatewaysStormIsMirroredAsTheAlertStormCondition() {
    AlertRemediationStatus current = new AlertRemediationStatus();
    StormStatus storm = new StormStatus();
    storm.setCount(12L);
    storm.setThreshold("count");
    storm.setLimit(10L);
    storm.setWindow("5m");
    current.setStorm(storm);

    AlertRemediationStatus status = desired(current, NO_CHILDREN, snapshot(null, false, null),
        RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing, "Processing."), true);

    assertThat(condition(status, "AlertStorm")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getMessage()).isEqualTo("AlertRemediation ar-1 is in an alert storm: 12 duplicates crossed the "
          + "count threshold of 10 within 5m; one escalation was sent.");
    });
  }

  @Test
  void anApprovalIsRecordedWithWhoAndWhen() {
    Instant decided = NOW.minusSeconds(3);
    AlertRemediationStatus status = desired(new AlertRemediationStatus(), NO_CHILDREN,
        snapshot(RemediationPhase.AwaitingApproval, false, new ApprovalDecision(false, "alice", decided)),
        RemediationDecision.stay(RemediationPhase.Cancelled, ConditionReason.ApprovalRejected, "Rejected by alice."), true);

    assertThat(status.getApproval().getDecision()).isEqualTo("rejected");
    assertThat(status.getApproval().getDecidedBy()).isEqualTo("alice");
    assertThat(status.getApproval().getDecidedAt()).isEqualTo(decided.toString());
  }

  /**
   * An approval the remediation ended without acting on (it expired first, or a cancel or the alert's resolution came
   * with it) is not recorded: before, status read "approved by alice" on a remediation that failed ApprovalExpired.
   */
  @Test
  void anApprovalTheRemediationEndedWithoutActingOnIsNotRecorded() {
    RemediationSnapshot approved = snapshot(RemediationPhase.AwaitingApproval, false,
        new ApprovalDecision(true, "alice", NOW.minusSeconds(1)));
    for (ConditionReason reason : List.of(ConditionReason.ApprovalExpired, ConditionReason.Cancelled,
        ConditionReason.AutoResolved)) {
      AlertRemediationStatus status = desired(new AlertRemediationStatus(), NO_CHILDREN, approved,
          RemediationDecision.stay(RemediationPhase.Failed, reason, "Ended."), true);

      assertThat(status.getApproval()).as(reason.name()).isNull();
    }
  }

  @Test
  void theSameStatusRecomputedLaterIsNotAChangeButAnotherPhaseReasonOrConditionIs() {
    RemediationDecision processing = RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing,
        "Processing.");
    AlertRemediationStatus written = desired(new AlertRemediationStatus(), NO_CHILDREN, snapshot(null, false, null),
        processing, true);
    RemediationSnapshot later = new RemediationSnapshot(Resources.AR, RemediationPhase.Processing, Resources.RECEIVED,
        NOW, null, "production", "critical", null, false, Map.of(), null, null, null, null, null, false,
        PipelinePolicy.defaults(), NOW.plusSeconds(60));

    assertThat(RemediationStatusWriter.changed(written, desired(written, NO_CHILDREN, later, processing, true)))
        .as("a condition's transition time alone is no change").isFalse();
    assertThat(RemediationStatusWriter.changed(written, desired(written, NO_CHILDREN, later,
        RemediationDecision.stay(RemediationPhase.Analyzing, ConditionReason.Analyzing, "Analyzing."), true))).isTrue();
    assertThat(RemediationStatusWriter.changed(written, desired(written, NO_CHILDREN, later,
        RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing, "Still processing."), true)))
        .as("a new sentence in the same phase and reason alone is no change").isFalse();
    assertThat(RemediationStatusWriter.changed(written, desired(written, NO_CHILDREN, later,
        RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.InvalidTransition, "Refused."), true)))
        .as("another reason is a change").isTrue();
    assertThat(RemediationStatusWriter.changed(written, desired(written,
        new RemediationChildren(Resources.processing(), null, null), later, processing, true)))
        .as("a new child is a change").isTrue();
    AlertRemediationStatus withChild = desired(written, new RemediationChildren(Resources.processing(), null, null), later,
        processing, true);
    var completed = Resources.processing();
    completed.setStatus(new io.kubernaut.k8s.crd.AlertProcessingStatus());
    completed.getStatus().setPhase(io.kubernaut.ports.pipeline.ProcessingPhase.Completed);
    AlertRemediationStatus childCompleted = desired(withChild, new RemediationChildren(completed, null, null), later,
        processing, true);
    assertThat(childCompleted.getChildren()).extracting(c -> c.getPhase()).containsExactly("Completed");
    assertThat(RemediationStatusWriter.changed(withChild, childCompleted))
        .as("a child's own phase (and the progress count) alone is no change").isFalse();
  }
}
