package io.kubernaut.ports.remediation;

import io.kubernaut.ports.pipeline.AnalysisVerdict;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.ChildState;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.RemediationPath;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the central controller observed of one AlertRemediation and its children, as the core
 * needs it to decide. Everything here comes from the API server (status, children) or the policy,
 * so a replayed reconcile sees the same snapshot.
 *
 * @param name the resource name
 * @param phase the phase in status, or {@code null} before the first reconcile
 * @param createdAt the creation time
 * @param phaseEnteredAt when the current phase was entered, or {@code null}
 * @param completedAt when it reached a terminal phase, or {@code null}
 * @param environment the environment wire name
 * @param severity the severity wire name
 * @param resolvedAt when the source resolved the alert, or {@code null}
 * @param cancelRequested whether a user asked to cancel (annotation {@code kubernaut.io/cancel=true})
 * @param children the children that exist, by kind
 * @param path the route AlertProcessing chose, once it completed
 * @param verdict the gates' verdict on the analysis, once it completed
 * @param approval a human's approval decision, if any
 * @param workflowOutcome the WorkflowExecution's outcome, once it ended
 * @param blockedBy the safety rule that stopped the WorkflowExecution (its condition reason), or {@code null}
 * @param blockedUntil when that rule would lift, for a time-bound rule (as the WorkflowExecution recorded it), or
 *     {@code null}
 * @param auditPersisted whether the audit store confirmed the final record
 * @param policy the current pipeline policy
 * @param now the reconcile time, from the injected clock
 * @param place its place in the pipeline ({@link PipelinePlace#UNLIMITED} when there is no limit)
 * @param decisionDue until when a child waits for a person's decision, or {@code null}
 * @param lostChildren the children it had created that the API server no longer has, with what is known of
 *     whether their work ran
 */
public record RemediationSnapshot(
    String name,
    RemediationPhase phase,
    Instant createdAt,
    Instant phaseEnteredAt,
    Instant completedAt,
    String environment,
    String severity,
    Instant resolvedAt,
    boolean cancelRequested,
    Map<ChildKind, ChildState> children,
    RemediationPath path,
    AnalysisVerdict verdict,
    ApprovalDecision approval,
    String workflowOutcome,
    String blockedBy,
    Instant blockedUntil,
    boolean auditPersisted,
    PipelinePolicy policy,
    Instant now,
    PipelinePlace place,
    Instant decisionDue,
    Map<ChildKind, io.kubernaut.ports.pipeline.ChildLoss> lostChildren) {

  /** A snapshot with its place in the pipeline and no child awaiting a person's decision. */
  public RemediationSnapshot(String name, RemediationPhase phase, Instant createdAt, Instant phaseEnteredAt,
      Instant completedAt, String environment, String severity, Instant resolvedAt, boolean cancelRequested,
      Map<ChildKind, ChildState> children, RemediationPath path, AnalysisVerdict verdict, ApprovalDecision approval,
      String workflowOutcome, String blockedBy, Instant blockedUntil, boolean auditPersisted, PipelinePolicy policy,
      Instant now, PipelinePlace place) {
    this(name, phase, createdAt, phaseEnteredAt, completedAt, environment, severity, resolvedAt, cancelRequested,
        children, path, verdict, approval, workflowOutcome, blockedBy, blockedUntil, auditPersisted, policy, now, place,
        null, Map.of());
  }

  /** A snapshot of a remediation with no limit on the pipeline's places. */
  public RemediationSnapshot(String name, RemediationPhase phase, Instant createdAt, Instant phaseEnteredAt,
      Instant completedAt, String environment, String severity, Instant resolvedAt, boolean cancelRequested,
      Map<ChildKind, ChildState> children, RemediationPath path, AnalysisVerdict verdict, ApprovalDecision approval,
      String workflowOutcome, String blockedBy, Instant blockedUntil, boolean auditPersisted, PipelinePolicy policy,
      Instant now) {
    this(name, phase, createdAt, phaseEnteredAt, completedAt, environment, severity, resolvedAt, cancelRequested,
        children, path, verdict, approval, workflowOutcome, blockedBy, blockedUntil, auditPersisted, policy, now,
        PipelinePlace.UNLIMITED);
  }

  /** A snapshot of a remediation whose workflow recorded no time-bound block. */
  public RemediationSnapshot(String name, RemediationPhase phase, Instant createdAt, Instant phaseEnteredAt,
      Instant completedAt, String environment, String severity, Instant resolvedAt, boolean cancelRequested,
      Map<ChildKind, ChildState> children, RemediationPath path, AnalysisVerdict verdict, ApprovalDecision approval,
      String workflowOutcome, String blockedBy, boolean auditPersisted, PipelinePolicy policy, Instant now) {
    this(name, phase, createdAt, phaseEnteredAt, completedAt, environment, severity, resolvedAt, cancelRequested,
        children, path, verdict, approval, workflowOutcome, blockedBy, null, auditPersisted, policy, now);
  }

  /** The canonical constructor. */
  public RemediationSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(policy, "policy");
    children = Map.copyOf(children == null ? Map.of() : children);
    environment = environment == null ? "unknown" : environment;
    severity = severity == null ? "warning" : severity;
    place = place == null ? PipelinePlace.UNLIMITED : place;
    lostChildren = Map.copyOf(lostChildren == null ? Map.of() : lostChildren);
  }

  /** This snapshot with the remediation's place in the pipeline. */
  public RemediationSnapshot withPlace(PipelinePlace place) {
    return new RemediationSnapshot(name, phase, createdAt, phaseEnteredAt, completedAt, environment, severity, resolvedAt,
        cancelRequested, children, path, verdict, approval, workflowOutcome, blockedBy, blockedUntil, auditPersisted,
        policy, now, place, decisionDue, lostChildren);
  }

  /**
   * This snapshot with the time until which a child waits for a person's decision (the rollback
   * after a failed verification); null when none waits. The remediation's timeouts do not end it
   * before then: the child ends itself when no one decides.
   */
  public RemediationSnapshot withDecisionDue(Instant decisionDue) {
    return new RemediationSnapshot(name, phase, createdAt, phaseEnteredAt, completedAt, environment, severity, resolvedAt,
        cancelRequested, children, path, verdict, approval, workflowOutcome, blockedBy, blockedUntil, auditPersisted,
        policy, now, place, decisionDue, lostChildren);
  }

  /**
   * This snapshot with the children its remediation had created that the API server no longer has (not merely a
   * cache that has not seen a new one yet), each with what is known of whether its work ran.
   */
  public RemediationSnapshot withLostChildren(Map<ChildKind, io.kubernaut.ports.pipeline.ChildLoss> lost) {
    return new RemediationSnapshot(name, phase, createdAt, phaseEnteredAt, completedAt, environment, severity, resolvedAt,
        cancelRequested, children, path, verdict, approval, workflowOutcome, blockedBy, blockedUntil, auditPersisted,
        policy, now, place, decisionDue, lost);
  }

  /**
   * This snapshot as it stands once the remediation entered {@code phase} and the API server refused to create its
   * child {@code kind} ({@code why}, a sentence): the child counts as failed in that phase, so the remediation ends
   * as for any failed child instead of trying again forever.
   */
  public RemediationSnapshot withRefusedChild(RemediationPhase phase, ChildKind kind, String why) {
    Map<ChildKind, ChildState> states = new java.util.EnumMap<>(ChildKind.class);
    states.putAll(children);
    states.put(kind, new ChildState(kind, kind.failed(), why, now));
    return new RemediationSnapshot(name, phase, createdAt, now, completedAt, environment, severity, resolvedAt,
        cancelRequested, states, path, verdict, approval, workflowOutcome, blockedBy, blockedUntil, auditPersisted,
        policy, now, place, decisionDue, lostChildren);
  }

  /** The current phase, {@link RemediationPhase#Pending} before the first reconcile. */
  public RemediationPhase currentPhase() {
    return phase == null ? RemediationPhase.Pending : phase;
  }

  /** The child of that kind, if it exists. */
  public Optional<ChildState> child(ChildKind kind) {
    return Optional.ofNullable(children.get(kind));
  }
}
