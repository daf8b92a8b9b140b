package io.kubernaut.k8s.remediation;

import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;

import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.k8s.status.StatusSealer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.StatusSpine;
import io.kubernaut.ports.pipeline.AnalysisVerdict;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.ChildLoss;
import io.kubernaut.ports.pipeline.ChildState;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.remediation.RemediationSnapshot;
import io.kubernaut.ports.signal.Rfc3339Times;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Reads an AlertRemediation, its children and its annotations into the snapshot the core decides on. */
final class RemediationObserver {

  private RemediationObserver() {}

  static RemediationSnapshot observe(AlertRemediation ar, RemediationChildren children, RemediationAudit audit,
      PipelinePolicy policy, Instant now, io.fabric8.kubernetes.client.KubernetesClient client, StatusSealer sealer,
      java.util.function.Predicate<AlertRemediation> admitted, java.util.function.Predicate<AlertRemediation> named) {
    AlertRemediationStatus status = ar.getStatus();
    Map<String, String> annotations = ar.getMetadata().getAnnotations() == null ? Map.of() : ar.getMetadata().getAnnotations();
    boolean terminal = status != null && status.getPhase() != null && status.getPhase().isTerminal();
    var processing = children.processing() == null ? null : children.processing().getStatus();
    var analysis = children.analysis() == null ? null : children.analysis().getStatus();
    // Once the remediation has judged its processing, the environment and severity it recorded then, not the
    // processing's now; before, the processing's count only while its result is sealed (and, for a remediation that
    // recorded no severity, only while it is the one judged). Its seal is checked only then: not on every observe.
    boolean recorded = status != null && status.getProcessingSeal() != null;
    String judgedEnvironment = recorded ? status.getEnvironment() : null;
    String judgedSeverity = recorded ? status.getSeverity() : null;
    boolean trusted = (judgedEnvironment == null || judgedSeverity == null) && processing != null
        && sealer.notJudged(children.processing(), status == null ? null : status.getProcessingSeal()).isEmpty();
    var workflow = children.workflow() == null ? null : children.workflow().getStatus();
    return new RemediationSnapshot(
        ar.getMetadata().getName(),
        status == null ? null : status.getPhase(),
        Rfc3339Times.parse(ar.getMetadata().getCreationTimestamp()),
        StatusPatches.enteredAt(status),
        status == null || status.getCompletionTime() == null ? null : Rfc3339Times.parse(status.getCompletionTime()),
        judgedEnvironment != null ? judgedEnvironment
            : trusted && processing.getEnvironment() != null ? processing.getEnvironment() : ar.getSpec().getEnvironment(),
        judgedSeverity != null ? judgedSeverity
            : trusted && processing.getSeverity() != null ? processing.getSeverity() : ar.getSpec().getSeverity(),
        status == null || status.getResolvedAt() == null ? null : Rfc3339Times.parse(status.getResolvedAt()),
        "true".equalsIgnoreCase(annotations.get(KubernautLabels.CANCEL)),
        childStates(ar, children, sealer),
        processing == null ? null : processing.getPath(),
        analysis == null || analysis.getConfidence() == null ? null : new AnalysisVerdict(analysis.getConfidence(),
            Boolean.TRUE.equals(analysis.getApprovalRequired()), Boolean.TRUE.equals(analysis.getRecommendOnly()),
            analysis.getRecommendations() == null ? 0 : analysis.getRecommendations().size()),
        approval(annotations, status, now),
        workflow == null ? null : workflow.getOutcome(),
        blockedBy(workflow),
        blockedBy(workflow) == null || workflow.getBlockedUntil() == null ? null : Rfc3339Times.parse(workflow.getBlockedUntil()),
        // Once status says the audit store confirmed the final record, it is not asked again on every reconcile
        // (a database read on the reconcile thread, which waits out the connection timeout during an outage).
        terminal && (auditConfirmed(status) || audit.finalRecordPersisted(ar)),
        policy,
        now).withDecisionDue(rollbackDecisionDue(children.workflow(), policy))
        .withLostChildren(workflowLoss(ar, children, client, audit, admitted, named)
            .map(loss -> Map.of(ChildKind.WORKFLOW, loss)).orElse(Map.of()));
  }

  /**
   * What is known of a workflow its remediation created and the API server no longer has; empty while it exists or
   * was never named. Status names the workflow as the remediation creates it (Pending) and next when it ends, not on
   * the workflow's own phases, so a Pending entry does not tell whether it ran (a running workflow deleted by hand
   * was created again and ran its steps once more, found 2026-12-07):
   * <ul>
   *   <li>seen admitted by this process ({@code admitted}: from the informer's first list on), or status lists it
   *       in a phase past admission: {@link ChildLoss#RAN};</li>
   *   <li>else, while the remediation waits for it (Executing), the audit trail, to which a workflow records its
   *       admission as it happens, says whether it ran: {@link ChildLoss#RAN}, or none (it is created again);</li>
   *   <li>when the trail cannot answer: none if this process named it and its create has not succeeded ({@code
   *       named}: the create is tried again), else {@link ChildLoss#UNTOLD} (an outage: wait), or {@link
   *       ChildLoss#UNKNOWABLE} without an audit database.</li>
   * </ul>
   * The trail is asked also about a workflow this process named: a watch that lost events (a re-list) may have
   * hidden its admission. The API server confirms it is gone first: status may name a workflow the cache has not
   * seen yet (it is written in the reconcile that creates it).
   */
  private static Optional<ChildLoss> workflowLoss(AlertRemediation ar, RemediationChildren children,
      io.fabric8.kubernetes.client.KubernetesClient client, RemediationAudit audit,
      java.util.function.Predicate<AlertRemediation> admitted, java.util.function.Predicate<AlertRemediation> named) {
    AlertRemediationStatus status = ar.getStatus();
    if (children.workflow() != null || status == null || status.getChildren() == null) {
      return Optional.empty();
    }
    String kind = ChildKind.WORKFLOW.kind();
    boolean listed = status.getChildren().stream().anyMatch(ref -> kind.equals(ref.getKind()));
    boolean seenRunning = admitted.test(ar) || status.getChildren().stream().anyMatch(ref -> kind.equals(ref.getKind())
        && ran(ChildKind.WORKFLOW.phase(ref.getPhase())));
    // Only a remediation that waits for its workflow asks the trail: an ended one creates nothing again.
    boolean waiting = listed && status.getPhase() == io.kubernaut.ports.remediation.RemediationPhase.Executing;
    if (!seenRunning && !waiting) {
      return Optional.empty();
    }
    String name = ChildKind.WORKFLOW.childName(ar.getMetadata().getName());
    if (client.resources(io.kubernaut.k8s.crd.WorkflowExecution.class).inNamespace(ar.getMetadata().getNamespace())
        .withName(name).get() != null) {
      return Optional.empty();
    }
    if (seenRunning) {
      return Optional.of(ChildLoss.RAN);
    }
    boolean configured = audit.configured();
    Optional<Boolean> inTrail = configured ? audit.admitted(ar, name) : Optional.empty();
    if (inTrail.isPresent()) {
      return inTrail.get() ? Optional.of(ChildLoss.RAN) : Optional.empty();
    }
    return named.test(ar) ? Optional.empty() : Optional.of(configured ? ChildLoss.UNTOLD : ChildLoss.UNKNOWABLE);
  }

  /** Whether a workflow in {@code phase} has been admitted: from then on its steps may run. */
  static boolean ran(io.kubernaut.ports.pipeline.Phase phase) {
    return phase instanceof WorkflowPhase p && ADMITTED.contains(p);
  }

  /** A workflow's phases once it has been admitted: from then on its steps may run. */
  private static final java.util.Set<WorkflowPhase> ADMITTED = java.util.EnumSet.of(WorkflowPhase.Executing,
      WorkflowPhase.Monitoring, WorkflowPhase.Completed, WorkflowPhase.Failed, WorkflowPhase.RolledBack);

  /**
   * How long the remediation's timeouts wait for a workflow that asked a person to decide on rolling
   * back: the question's expiry plus one step's timeout (an approved rollback runs after the answer),
   * whether the question is still open, answered or expired; null when it asked nothing. Kept after
   * the workflow ended too, so that its outcome (NotRemediated on an expired or rejected question,
   * RolledBack) ends the remediation rather than a timeout that passed meanwhile.
   */
  private static Instant rollbackDecisionDue(io.kubernaut.k8s.crd.WorkflowExecution wfe, PipelinePolicy policy) {
    var s = wfe == null ? null : wfe.getStatus();
    if (s == null || s.getRollbackApprovalRequestedAt() == null) {
      return null;
    }
    Instant asked = Rfc3339Times.parse(s.getRollbackApprovalRequestedAt());
    Instant expires = s.getRollbackApprovalExpiresAt() == null ? asked.plus(java.time.Duration.ofMinutes(15))
        : Rfc3339Times.parse(s.getRollbackApprovalExpiresAt());
    return expires.plus(policy.timeouts().effective(io.kubernaut.ports.pipeline.TimeoutSettings.EXECUTION_STEP,
        wfe.getSpec().getEnvironment(), wfe.getSpec().getSeverity()));
  }

  /** Whether status records {@code AuditPersisted=True}: the audit store confirmed the final record before. */
  static boolean auditConfirmed(io.kubernaut.k8s.crd.AlertRemediationStatus status) {
    return status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> RemediationStatusWriter.AUDIT_PERSISTED.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String blockedBy(io.kubernaut.k8s.crd.WorkflowExecutionStatus workflow) {
    if (workflow == null || workflow.getConditions() == null) {
      return null;
    }
    return workflow.getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus()) && blocking(c.getReason()))
        .map(c -> c.getReason()).findFirst().orElse(null);
  }

  /** Whether a condition reason is a safety rule whose denial blocks a remediation rather than failing it. */
  private static boolean blocking(String reason) {
    return java.util.Arrays.stream(ConditionReason.values()).anyMatch(r -> r.name().equals(reason) && r.blocks());
  }

  private static Map<ChildKind, ChildState> childStates(AlertRemediation ar, RemediationChildren children,
      StatusSealer sealer) {
    Map<ChildKind, ChildState> states = new EnumMap<>(ChildKind.class);
    for (ChildKind kind : ChildKind.values()) {
      children.get(kind).ifPresent(child -> states.put(kind, notBuilt(ar, children, kind, sealer)
          .map(why -> new ChildState(kind, kind == ChildKind.PROCESSING ? io.kubernaut.ports.pipeline.ProcessingPhase.Failed
              : io.kubernaut.ports.pipeline.AnalysisPhase.Failed, why, state(kind, child).startedAt()))
          .orElseGet(() -> state(kind, child))));
    }
    return states;
  }

  /**
   * Why the processing or the analysis is not the one {@code ar} built, when its result is about to be
   * used (its successor not created yet); empty otherwise. The workflow controller checks a workflow
   * against what the remediation builds from these two; a processing or an analysis created by hand
   * under the remediation's control (its uid is readable), or whose spec was changed, would have
   * given it another target, environment, enrichment or scope, and every gate after it would have
   * judged that. Its result must carry its controller's seal ({@link StatusSealer}): a status written
   * by hand could otherwise have put another environment, route, confidence or recommendations
   * under a child the remediation did build. Such a child counts as failed, and the remediation
   * fails with it, naming it.
   */
  static Optional<String> notBuilt(AlertRemediation ar, RemediationChildren children, ChildKind kind,
      StatusSealer sealer) {
    ChildKind next = kind == ChildKind.PROCESSING ? ChildKind.ANALYSIS : kind == ChildKind.ANALYSIS ? ChildKind.WORKFLOW
        : null;
    Optional<HasMetadata> child = children.get(kind);
    // Checked where its result is used: the processing's while the remediation processes, the analysis's while it
    // analyses (an approval later builds the workflow from the analysis judged then, whose seal it records), even
    // when the next child exists already (an analysis created just before a status write that did not happen; the
    // workflow is created only after the write that records the analysis judged).
    io.kubernaut.ports.remediation.RemediationPhase phase = ar.getStatus() == null ? null : ar.getStatus().getPhase();
    io.kubernaut.ports.remediation.RemediationPhase using = kind == ChildKind.PROCESSING
        ? io.kubernaut.ports.remediation.RemediationPhase.Processing : io.kubernaut.ports.remediation.RemediationPhase.Analyzing;
    if (next == null || child.isEmpty() || phase != using
        || !state(kind, child.get()).succeeded()) {
      return Optional.empty();
    }
    if (kind == ChildKind.ANALYSIS && children.processing() == null) {
      return Optional.of(kind.kind() + " " + child.get().getMetadata().getName() + " cannot be checked against the "
          + "result of AlertRemediation " + ar.getMetadata().getName() + "'s AlertProcessing, which is gone (deleted "
          + "while the analysis ran), so its result is refused. Nothing was acted on.");
    }
    Object actual = child.get() instanceof io.kubernaut.k8s.crd.AlertProcessing ap ? ap.getSpec()
        : ((io.kubernaut.k8s.crd.AIAnalysis) child.get()).getSpec();
    Object expected = kind == ChildKind.PROCESSING ? ChildFactory.processingSpec(ar)
        : ChildFactory.analysisSpec(ar, children.processing());
    if (ChildFactory.sameSpec(actual, expected)) {
      Optional<String> broken = sealer.broken((CustomResource<?, ?>) child.get()).map(why -> kind.kind() + " "
          + child.get().getMetadata().getName() + "'s result is not the one its controller wrote: " + why
          + ", so it is refused. Nothing was acted on; see who wrote its status in its managedFields.");
      // The route the analysis's result is judged with (approval required, recommend-only) is the processing's,
      // read again now: it must be the result the remediation judged when it left Processing.
      return broken.isPresent() || kind != ChildKind.ANALYSIS ? broken
          : sealer.notJudged(children.processing(), ar.getStatus().getProcessingSeal()).map(why -> kind.kind() + " " + child.get().getMetadata().getName() + "'s result is refused: it is judged "
              + "with the route of AlertProcessing " + children.processing().getMetadata().getName() + ", whose result "
              + "is not the one its controller wrote: " + why + ". Nothing was acted on; see who wrote the processing's "
              + "status in its managedFields.");
    }
    return Optional.of(kind.kind() + " " + child.get().getMetadata().getName() + " is not the one AlertRemediation "
        + ar.getMetadata().getName() + " built: its spec differs from what the remediation builds from its alert"
        + (kind == ChildKind.ANALYSIS ? " and its processing's result" : "") + ", so it was made or changed by hand, "
        + "and its result is refused. Nothing was acted on; see who created it in its managedFields.");
  }

  private static ChildState state(ChildKind kind, HasMetadata child) {
    StatusSpine status = child instanceof CustomResource<?, ?> cr && cr.getStatus() instanceof StatusSpine s ? s : null;
    return new ChildState(kind, RemediationChildren.phaseOf(kind, child), status == null ? "" : status.getMessage(),
        child.getMetadata().getCreationTimestamp() == null ? null : Rfc3339Times.parse(child.getMetadata().getCreationTimestamp()));
  }

  /** The approval annotation, with its decision time kept from status once first seen. */
  private static ApprovalDecision approval(Map<String, String> annotations, AlertRemediationStatus status, Instant now) {
    Optional<Boolean> approved = ApprovalDecision.readWire(annotations.get(KubernautLabels.APPROVAL));
    if (approved.isEmpty()) {
      return null;
    }
    String by = annotations.getOrDefault(KubernautLabels.APPROVAL_BY, "kubectl annotation (user unknown)");
    Instant at = status != null && status.getApproval() != null && status.getApproval().getDecidedAt() != null
        ? Rfc3339Times.parse(status.getApproval().getDecidedAt()) : now;
    String via = ApprovalDecision.API.equals(annotations.get(KubernautLabels.APPROVAL_VIA)) ? ApprovalDecision.API
        : ApprovalDecision.KUBECTL;
    return new ApprovalDecision(approved.get(), by, at, via,
        annotations.getOrDefault(KubernautLabels.APPROVAL_REASON, ""));
  }
}
