package io.kubernaut.k8s.remediation;

import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.k8s.status.StatusSealer;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.ApprovalStatus;
import io.kubernaut.k8s.crd.ChildRef;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.remediation.RemediationDecision;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.pipeline.Phase;

/**
 * Computes the AlertRemediation status the central controller owns: everything but the gateway's
 * counters ({@code duplicates}, {@code resolvedAt}, {@code firingAlerts}, {@code storm}), which a merge patch leaves alone.
 */
final class RemediationStatusWriter {

  /** The condition that says whether the audit store holds the final record of an ended remediation. */
  static final String AUDIT_PERSISTED = "AuditPersisted";
  /**
   * The condition that says a child could not be created just now (reason {@code FailedCreate}), while the
   * controller tries again; the next status write, which follows a create that succeeded, removes it (the workflow's
   * create follows its write: {@code AlertRemediationReconciler} removes it after that create).
   */
  static final String CREATE_FAILURE = AlertRemediationStatus.CREATE_FAILURE;

  /** Reasons of decisions that end or keep a remediation without acting on the approval it carries. */
  private static final java.util.Set<ConditionReason> NOT_ACTED_ON = java.util.EnumSet.of(
      ConditionReason.StaleApprovalIgnored, ConditionReason.ApprovalExpired, ConditionReason.Cancelled,
      ConditionReason.AutoResolved);

  private RemediationStatusWriter() {}

  static AlertRemediationStatus desired(AlertRemediation ar, AlertRemediationStatus current, RemediationChildren children,
      RemediationSnapshot snapshot, RemediationDecision decision, boolean auditAccepted) {
    AlertRemediationStatus s = new AlertRemediationStatus();
    String now = snapshot.now().toString();
    Long generation = ar.getMetadata().getGeneration();
    boolean settled = current.getPhase() != null && current.getPhase().isTerminal();
    s.setPhase(decision.phase());
    s.setObservedGeneration(generation);
    s.setMessage(settled ? current.getMessage() : decision.message());
    s.setStartTime(current.getStartTime() == null ? now : current.getStartTime());
    s.setOutcome(decision.outcome() != null ? decision.outcome() : current.getOutcome());
    s.setFailurePhase(decision.failurePhase() != null ? decision.failurePhase() : current.getFailurePhase());
    s.setBlockedUntil(decision.blockedUntil() != null ? decision.blockedUntil().toString() : current.getBlockedUntil());
    s.setEnvironment(snapshot.environment());
    s.setSeverity(snapshot.severity());
    s.setApprovalExpiresAt(decision.phase() == RemediationPhase.AwaitingApproval
        ? approvalExpiry(current, snapshot).toString() : current.getApprovalExpiresAt());
    var processing = children.processing() == null ? null : children.processing().getStatus();
    // Copied as the remediation leaves Processing with its processing judged (to go on, or to end: not managed,
    // resolved, cancelled), and kept from then on: never from a processing it refused.
    boolean classified = snapshot.phase() == RemediationPhase.Processing && decision.phase() != RemediationPhase.Processing
        && snapshot.child(ChildKind.PROCESSING).map(io.kubernaut.ports.pipeline.ChildState::succeeded).orElse(false);
    s.setPriority(current.getPriority() == null && classified && processing != null ? processing.getPriority()
        : current.getPriority());
    s.setPhaseHistory(StatusPatches.withTransition(current, decision.phase().name(), snapshot.now(), decision.message()));
    // The results this decision leaves behind were judged in this snapshot (RemediationObserver.notBuilt): their seals
    // are kept, so that later phases and the workflow act on those results only, not on another sealed one.
    s.setProcessingSeal(current.getProcessingSeal() != null ? current.getProcessingSeal()
        : leaves(snapshot, decision, RemediationPhase.Processing) ? StatusSealer.sealOn(children.processing()) : null);
    s.setAnalysisSeal(current.getAnalysisSeal() != null ? current.getAnalysisSeal()
        : leaves(snapshot, decision, RemediationPhase.Analyzing) ? StatusSealer.sealOn(children.analysis()) : null);
    boolean ended = decision.phase().isTerminal();
    s.setCompletionTime(current.getCompletionTime() != null ? current.getCompletionTime() : ended ? now : null);
    s.setChildren(childRefs(children, snapshot, current, settled ? current : null));
    s.setProgress(progress(children, snapshot, settled ? current : null));
    // Only a decision observed while the remediation awaited approval is one; an earlier one is discarded, and so is
    // one the remediation ended without acting on (its approval expired first, it was cancelled, or its alert
    // resolved): recorded, it read "approved by alice" on a remediation that ran nothing.
    // The decision recorded is the one acted on, for good: the annotations it was read from stay editable (a reason
    // rewritten, another answer by someone else), and read again they made the record show a decision that was not
    // the one acted on.
    boolean notActedOn = NOT_ACTED_ON.contains(decision.reason());
    if (current.getApproval() != null) {
      s.setApproval(current.getApproval());
    } else if (snapshot.approval() != null && snapshot.phase() == RemediationPhase.AwaitingApproval && !notActedOn) {
      s.setApproval(new ApprovalStatus(ApprovalDecision.wireValue(snapshot.approval().approved()),
          snapshot.approval().decidedBy(), snapshot.approval().decidedAt().toString(), snapshot.approval().reason()));
    }
    // Written after a create that succeeded, but before the workflow's (which follows its record): kept for that.
    var kept = decision.createChild() == ChildKind.WORKFLOW ? current.getConditions()
        : StatusPatches.withoutCondition(current.getConditions(), CREATE_FAILURE);
    var conditions = settled ? kept : StatusPatches.withCondition(kept, "Ready",
        decision.phase() == RemediationPhase.Completed, decision.reason().name(), decision.message(), generation, snapshot.now());
    if (decision.reason() == ConditionReason.StaleApprovalIgnored) {
      conditions = StatusPatches.withCondition(conditions, "ApprovalIgnored", true,
          ConditionReason.StaleApprovalIgnored.name(), decision.message(), generation, snapshot.now());
    }
    if (current.getStorm() != null) {
      var storm = current.getStorm();
      conditions = StatusPatches.withCondition(conditions, "AlertStorm", true, ConditionReason.AlertStorm.name(),
          "AlertRemediation " + ar.getMetadata().getName() + " is in an alert storm: " + storm.getCount()
              + " duplicates crossed the " + storm.getThreshold() + " threshold of " + storm.getLimit()
              + (storm.getWindow() == null ? "" : " within " + storm.getWindow()) + "; one escalation was sent.",
          generation, snapshot.now());
    }
    if (ended) {
      boolean persisted = snapshot.auditPersisted();
      conditions = StatusPatches.withCondition(conditions, AUDIT_PERSISTED, persisted,
          (persisted ? ConditionReason.AuditConfirmed : ConditionReason.AuditPending).name(),
          persisted ? "The audit store holds the final record of " + ar.getMetadata().getName() + "."
              : "Waiting for the audit store to confirm the final record of " + ar.getMetadata().getName()
                  + (auditAccepted ? "" : "; the audit queue is full and events will be re-derived from status") + ".",
          generation, snapshot.now());
    }
    s.setConditions(conditions);
    return s;
  }

  /**
   * When the approval of a remediation that awaits it expires, as the conductor judges it: by the policy, environment
   * and severity of {@code snapshot}, from the moment it began to await approval (now, when it begins now). Written to
   * status, so that the approval API and kubectl refuse a decision from then on by this controller's policy and clock.
   */
  private static java.time.Instant approvalExpiry(AlertRemediationStatus current, RemediationSnapshot snapshot) {
    java.time.Instant since = current.getPhase() == RemediationPhase.AwaitingApproval
        && StatusPatches.enteredAt(current) != null ? StatusPatches.enteredAt(current) : snapshot.now();
    return snapshot.policy().timeouts().approvalExpiry(snapshot.createdAt() == null ? since : snapshot.createdAt(),
        since, snapshot.environment(), snapshot.severity());
  }

  /**
   * Whether {@code decision} moves the remediation on from {@code phase}, in which {@code snapshot} observed it and
   * judged that phase's child (RemediationObserver.notBuilt), to a phase that uses its result: not to an end.
   */
  private static boolean leaves(RemediationSnapshot snapshot, RemediationDecision decision, RemediationPhase phase) {
    return snapshot.phase() == phase && decision.phase() != phase && !decision.phase().isTerminal();
  }

  /**
   * Whether status must be written. Within one phase and reason a new sentence alone is no change
   * (the sentence a transition wrote stays true while the remediation waits, e.g. "is executing
   * workflow X"), nor is a child's own phase or the progress count: nothing decides on them (the
   * controller reads the children themselves), each child shows its own phase, and they are
   * written with the remediation's next change, at the latest its final phase. That spares the
   * status write per child phase ("waits for X (Validating)") that used to follow every transition.
   */
  static boolean changed(AlertRemediationStatus a, AlertRemediationStatus b) {
    boolean sameStep = a.getPhase() == b.getPhase() && Objects.equals(readyReason(a), readyReason(b));
    return a.getPhase() != b.getPhase()
        || !Objects.equals(a.getOutcome(), b.getOutcome())
        || !Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
        || !sameStep && !Objects.equals(a.getMessage(), b.getMessage())
        || !Objects.equals(a.getEnvironment(), b.getEnvironment())
        || !Objects.equals(a.getPriority(), b.getPriority())
        || !Objects.equals(a.getFailurePhase(), b.getFailurePhase())
        || !Objects.equals(a.getBlockedUntil(), b.getBlockedUntil())
        || !Objects.equals(a.getApprovalExpiresAt(), b.getApprovalExpiresAt())
        || !childNames(a).equals(childNames(b))
        || (a.getApproval() == null) != (b.getApproval() == null)
        || !Objects.equals(a.getProcessingSeal(), b.getProcessingSeal())
        || !Objects.equals(a.getAnalysisSeal(), b.getAnalysisSeal())
        || !StatusPatches.sameConditions(sentenceless(a, sameStep), sentenceless(b, sameStep));
  }

  /** The reason of the Ready condition, or null. */
  static String readyReason(AlertRemediationStatus s) {
    return s.getConditions() == null ? null : s.getConditions().stream().filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getReason()).findFirst().orElse(null);
  }

  /** The conditions, the Ready condition without its sentence when the step is the same. */
  private static List<io.fabric8.kubernetes.api.model.Condition> sentenceless(AlertRemediationStatus s, boolean sameStep) {
    if (s.getConditions() == null || !sameStep) {
      return s.getConditions();
    }
    return s.getConditions().stream().map(c -> "Ready".equals(c.getType())
        ? new io.fabric8.kubernetes.api.model.ConditionBuilder(c).withMessage(null).build() : c).toList();
  }

  private static List<String> childNames(AlertRemediationStatus s) {
    return s.getChildren() == null ? List.of()
        : s.getChildren().stream().map(c -> c.getKind() + "/" + c.getName()).toList();
  }

  /**
   * Each child with its phase as the remediation judged it: a processing or analysis refused as not
   * the one the remediation built shows Failed (its own status may say Completed), as the snapshot has
   * it, and keeps showing it once the remediation has ended ({@code settled}, its status before this
   * write), when the child is no longer judged. A child it had created that is gone ({@link
   * RemediationSnapshot#lostChildren}) keeps its entry from {@code current}: the entry is what shows it
   * was named, which decides whether it may be created again; so does one gone after the end (nothing
   * reads it then, and dropping it would be a status write for nothing).
   */
  private static List<ChildRef> childRefs(RemediationChildren children, RemediationSnapshot snapshot,
      AlertRemediationStatus current, AlertRemediationStatus settled) {
    List<ChildRef> refs = new ArrayList<>();
    for (ChildKind kind : ChildKind.values()) {
      Optional<io.fabric8.kubernetes.api.model.HasMetadata> found = children.get(kind);
      if (found.isPresent()) {
        refs.add(new ChildRef(kind.kind(), found.get().getMetadata().getName(),
            Optional.ofNullable(judged(kind, found.get(), snapshot, settled)).map(Phase::name)
                .orElse(RemediationPhase.Pending.name())));
      } else if ((snapshot.lostChildren().containsKey(kind) || settled != null) && current.getChildren() != null) {
        current.getChildren().stream().filter(ref -> kind.kind().equals(ref.getKind())).findFirst().ifPresent(refs::add);
      }
    }
    return refs;
  }

  private static String progress(RemediationChildren children, RemediationSnapshot snapshot,
      AlertRemediationStatus settled) {
    long done = 0;
    for (ChildKind kind : ChildKind.values()) {
      done += children.get(kind).map(c -> judged(kind, c, snapshot, settled)).filter(Phase::isSuccessful).isPresent()
          ? 1 : 0;
    }
    return done + "/" + ChildKind.values().length;
  }

  /**
   * The phase of {@code child} as the snapshot judged it; once the remediation has settled, Failed if its
   * status already listed the child so (a refusal); else the child's own.
   */
  private static Phase judged(ChildKind kind, io.fabric8.kubernetes.api.model.HasMetadata child,
      RemediationSnapshot snapshot, AlertRemediationStatus settled) {
    io.kubernaut.ports.pipeline.ChildState state = snapshot.children() == null ? null : snapshot.children().get(kind);
    Phase own = RemediationChildren.phaseOf(kind, child);
    Phase judged = state != null && state.phase() != null ? state.phase() : own;
    Phase failed = kind == ChildKind.PROCESSING ? io.kubernaut.ports.pipeline.ProcessingPhase.Failed
        : kind == ChildKind.ANALYSIS ? io.kubernaut.ports.pipeline.AnalysisPhase.Failed : null;
    boolean listedFailed = settled != null && settled.getChildren() != null && settled.getChildren().stream()
        .anyMatch(c -> kind.kind().equals(c.getKind()) && child.getMetadata().getName().equals(c.getName())
            && failed != null && failed.name().equals(c.getPhase()));
    return listedFailed ? failed : judged;
  }

}
