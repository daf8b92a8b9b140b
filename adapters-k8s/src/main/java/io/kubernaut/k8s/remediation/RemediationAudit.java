package io.kubernaut.k8s.remediation;

import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.StatusSpine;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.Rfc3339Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Derives a remediation's audit events from custom-resource status. Every key is deterministic, so
 * the whole set can be re-derived and recorded again after a database outage without duplicates.
 */
final class RemediationAudit {

  private final AuditTrail trail;

  RemediationAudit(AuditTrail trail) {
    this.trail = trail;
  }

  private static AuditEvents eventsOf(AlertRemediation ar) {
    return new AuditEvents(ar.getMetadata().getName(), new Fingerprint(ar.getSpec().getFingerprint()),
        ar.getSpec().getTarget().toTargetRef());
  }

  /** Records one transition; returns whether the trail accepted it. */
  boolean transition(AlertRemediation ar, String from, String to, String reason, Instant at) {
    List<AuditEvent> events = new ArrayList<>();
    AuditEvents factory = eventsOf(ar);
    if (from == null) {
      events.add(created(ar, factory));
    }
    events.add(factory.phaseTransition(at, ar.getKind(), ar.getMetadata().getName(), from, to, reason));
    return recordAll(events);
  }

  /**
   * Records the analysis the remediation went on with: root cause, kept recommendations, dropped
   * ones with their reasons, the investigator and the fallbacks, and the gate decision. Nothing for
   * an analysis that has not completed.
   */
  boolean analysis(AlertRemediation ar, io.kubernaut.k8s.crd.AIAnalysis aia) {
    return analysisEvent(eventsOf(ar), aia).map(e -> recordAll(List.of(e))).orElse(true);
  }

  private static java.util.Optional<AuditEvent> analysisEvent(AuditEvents factory, io.kubernaut.k8s.crd.AIAnalysis aia) {
    var s = aia == null ? null : aia.getStatus();
    if (s == null || s.getPhase() != io.kubernaut.ports.pipeline.AnalysisPhase.Completed || s.getCompletionTime() == null) {
      return java.util.Optional.empty();
    }
    List<AuditEvents.Ranked> kept = s.getRecommendations() == null ? List.of() : s.getRecommendations().stream()
        .map(r -> new AuditEvents.Ranked(r.action(), r.confidence())).toList();
    List<AuditEvents.Dropped> dropped = s.getDropped() == null ? List.of() : s.getDropped().stream()
        .map(d -> new AuditEvents.Dropped(d.getAction(), d.getReason())).toList();
    return java.util.Optional.of(factory.analysis(Rfc3339Times.parse(s.getCompletionTime()), aia.getMetadata().getName(),
        s.getInvestigator() == null ? "none" : s.getInvestigator(), s.getRootCause(),
        s.getConfidence() == null ? 0 : s.getConfidence(), Boolean.TRUE.equals(s.getApprovalRequired()),
        Boolean.TRUE.equals(s.getRecommendOnly()), s.getMessage(), kept, dropped,
        s.getFallbacks() == null ? List.of() : s.getFallbacks()));
  }

  /** Records the human decision the remediation waited for: decision, who, through which channel, when, why. */
  boolean approval(AlertRemediation ar, ApprovalDecision decision) {
    return recordAll(List.of(approvalEvent(eventsOf(ar), decision)));
  }

  private static AuditEvent approvalEvent(AuditEvents factory, ApprovalDecision decision) {
    return factory.approval(decision.decidedAt(), decision.approved() ? "Approved" : "Rejected", decision.decidedBy(),
        decision.channel(), decision.reason());
  }

  /** Records the safety rule (or the kill switch) that stopped the remediation, and when it lifts. */
  boolean block(AlertRemediation ar, String rule, String message, Instant at, Instant until) {
    return recordAll(List.of(eventsOf(ar).block(at, rule, message, until)));
  }

  /**
   * Records everything the status can tell, final record last: the creation, every phase
   * transition of the remediation and of its children, and the end.
   */
  boolean rederive(AlertRemediation ar, List<? extends io.fabric8.kubernetes.api.model.HasMetadata> children) {
    return recordAll(projection(ar, children));
  }

  /**
   * What the custom resources record of one remediation, as audit events with the keys of the
   * live path: its creation, the phase history of the remediation and of its children (a
   * KubernetesExecution's audited attempts are its ACTION events instead), the analysis it went on with,
   * the approval decided, the block that stopped it and, once it is terminal, the final record,
   * always last (the retention gate waits for it).
   */
  static List<AuditEvent> projection(AlertRemediation ar,
      List<? extends io.fabric8.kubernetes.api.model.HasMetadata> children) {
    AuditEvents factory = eventsOf(ar);
    List<AuditEvent> events = new ArrayList<>();
    events.add(created(ar, factory));
    var status = ar.getStatus();
    if (status == null) {
      return events;
    }
    events.addAll(io.kubernaut.k8s.status.Children.transitions(factory, ar.getKind(), ar.getMetadata().getName(), status));
    for (var child : children) {
      if (child instanceof io.kubernaut.k8s.crd.KubernetesExecution kex) {
        events.addAll(io.kubernaut.k8s.execution.KubernetesExecutionAudit.projection(ar, kex));
        continue;
      }
      if (child instanceof io.fabric8.kubernetes.client.CustomResource<?, ?> cr && cr.getStatus() instanceof StatusSpine s) {
        events.addAll(io.kubernaut.k8s.status.Children.transitions(factory, child.getKind(), child.getMetadata().getName(), s));
      }
      if (child instanceof io.kubernaut.k8s.crd.AIAnalysis aia) {
        analysisEvent(factory, aia).ifPresent(events::add);
      }
    }
    if (status.getApproval() != null && status.getApproval().getDecidedAt() != null) {
      Map<String, String> annotations = ar.getMetadata().getAnnotations() == null ? Map.of()
          : ar.getMetadata().getAnnotations();
      events.add(approvalEvent(factory, new ApprovalDecision(ApprovalDecision.readWire(status.getApproval().getDecision()).orElse(false),
          status.getApproval().getDecidedBy(), Rfc3339Times.parse(status.getApproval().getDecidedAt()),
          ApprovalDecision.API.equals(annotations.get(KubernautLabels.APPROVAL_VIA))
              ? ApprovalDecision.API : ApprovalDecision.KUBECTL, status.getApproval().getReason())));
    }
    if (status.getPhase() == null || !status.getPhase().isTerminal()) {
      return events;
    }
    Instant end = status.getCompletionTime() == null ? Rfc3339Times.parse(ar.getSpec().getReceivedAt())
        : Rfc3339Times.parse(status.getCompletionTime());
    if (status.getPhase() == io.kubernaut.ports.remediation.RemediationPhase.Blocked) {
      String rule = status.getConditions() == null ? "Blocked" : status.getConditions().stream()
          .filter(c -> "Ready".equals(c.getType()) && c.getReason() != null).map(c -> c.getReason()).findFirst()
          .orElse("Blocked");
      events.add(factory.block(end, rule, status.getMessage(),
          status.getBlockedUntil() == null ? null : Rfc3339Times.parse(status.getBlockedUntil())));
    }
    events.add(factory.finalRecord(end, status.getPhase().name(), status.getOutcome(), status.getMessage()));
    return events;
  }

  /**
   * The final record of a remediation deleted by hand before it ended: phase {@code Cancelled},
   * outcome {@code Deleted}, and the phase it was in. Without it the trail would keep it open for
   * ever (no end, no outcome) and count it in no figure. Returns whether the trail took it.
   */
  boolean deletedBeforeItEnded(AlertRemediation ar, Instant at) {
    var status = ar.getStatus();
    String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase().name();
    return recordAll(List.of(eventsOf(ar).finalRecord(at, io.kubernaut.ports.remediation.RemediationPhase.Cancelled.name(),
        "Deleted", "AlertRemediation " + ar.getMetadata().getName() + " was deleted in " + phase
            + " before it ended; its children were deleted with it.")));
  }

  /** Whether an audit store is configured: without one, nothing waits for the trail to take events. */
  boolean configured() {
    return trail.configured();
  }

  /**
   * Whether the trail holds the admission of {@code ar}'s workflow {@code workflow} (its entry into Executing, which
   * the workflow records as it happens); empty when the trail cannot be asked.
   */
  java.util.Optional<Boolean> admitted(AlertRemediation ar, String workflow) {
    String key = AuditEvents.phaseTransitionKey(ar.getMetadata().getName(), workflow,
        io.kubernaut.ports.pipeline.WorkflowPhase.Executing.name());
    return trail.findStored(List.of(key)).map(stored -> stored.contains(key));
  }

  boolean finalRecordPersisted(AlertRemediation ar) {
    return trail.isFinalRecordPersisted(ar.getMetadata().getName());
  }

  private static AuditEvent created(AlertRemediation ar, AuditEvents factory) {
    var spec = ar.getSpec();
    return factory.created(Rfc3339Times.parse(spec.getReceivedAt()), spec.getAlertName(),
        spec.getEnvironment() == null ? "unknown" : spec.getEnvironment(), spec.getSeverity(),
        spec.getLabels() == null ? Map.of() : spec.getLabels(),
        spec.getAnnotations() == null ? Map.of() : spec.getAnnotations());
  }

  /** Records the events, each as long as the trail accepts; returns whether it accepted all. */
  private boolean recordAll(List<AuditEvent> events) {
    boolean accepted = true;
    for (AuditEvent event : events) {
      accepted &= trail.record(event) == RecordResult.QUEUED;
    }
    return accepted;
  }
}
