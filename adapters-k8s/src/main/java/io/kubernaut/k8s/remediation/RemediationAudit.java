package io.kubernaut.k8s.remediation;

import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.StatusSpine;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.signal.Fingerprint;
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

  /** Records the human decision the remediation waited for: decision, who, through which channel, when. */
  boolean approval(AlertRemediation ar, ApprovalDecision decision) {
    return recordAll(List.of(approvalEvent(eventsOf(ar), decision)));
  }

  private static AuditEvent approvalEvent(AuditEvents factory, ApprovalDecision decision) {
    return factory.approval(decision.decidedAt(), decision.approved() ? "Approved" : "Rejected", decision.decidedBy(),
        decision.channel(), null);
  }

  /**
   * Records everything the status can tell, final record last: the creation, every phase
   * transition of the remediation and of its children, and the end.
   */
  boolean rederive(AlertRemediation ar, List<? extends io.fabric8.kubernetes.api.model.HasMetadata> children,
      String outcome, String reason) {
    AuditEvents factory = eventsOf(ar);
    List<AuditEvent> events = new ArrayList<>();
    events.add(created(ar, factory));
    events.addAll(transitions(factory, ar.getKind(), ar.getMetadata().getName(), ar.getStatus()));
    for (var child : children) {
      if (child instanceof io.fabric8.kubernetes.client.CustomResource<?, ?> cr && cr.getStatus() instanceof StatusSpine s) {
        events.addAll(transitions(factory, child.getKind(), child.getMetadata().getName(), s));
      }
    }
    var status = ar.getStatus();
    if (status.getApproval() != null && status.getApproval().getDecidedAt() != null) {
      Map<String, String> annotations = ar.getMetadata().getAnnotations() == null ? Map.of()
          : ar.getMetadata().getAnnotations();
      events.add(approvalEvent(factory, new ApprovalDecision("approved".equals(status.getApproval().getDecision()),
          status.getApproval().getDecidedBy(), Instant.parse(status.getApproval().getDecidedAt()),
          ApprovalDecision.API.equals(annotations.get(RemediationObserver.APPROVAL_VIA_ANNOTATION))
              ? ApprovalDecision.API : ApprovalDecision.KUBECTL)));
    }
    Instant end = status.getCompletionTime() == null ? Instant.parse(ar.getSpec().getReceivedAt())
        : Instant.parse(status.getCompletionTime());
    events.add(factory.finalRecord(end, status.getPhase().name(), outcome, reason));
    return recordAll(events);
  }

  boolean finalRecordPersisted(AlertRemediation ar) {
    return trail.isFinalRecordPersisted(ar.getMetadata().getName());
  }

  private static AuditEvent created(AlertRemediation ar, AuditEvents factory) {
    var spec = ar.getSpec();
    return factory.created(Instant.parse(spec.getReceivedAt()), spec.getAlertName(),
        spec.getEnvironment() == null ? "unknown" : spec.getEnvironment(), spec.getSeverity(),
        spec.getLabels() == null ? Map.of() : spec.getLabels(),
        spec.getAnnotations() == null ? Map.of() : spec.getAnnotations());
  }

  private static List<AuditEvent> transitions(AuditEvents factory, String kind, String name, StatusSpine status) {
    List<AuditEvent> events = new ArrayList<>();
    if (status == null || status.getPhaseHistory() == null) {
      return events;
    }
    String from = null;
    for (PhaseTransition t : status.getPhaseHistory()) {
      events.add(factory.phaseTransition(Instant.parse(t.getEnteredAt()), kind, name, from, t.getPhase(), t.getReason()));
      from = t.getPhase();
    }
    return events;
  }

  private boolean recordAll(List<AuditEvent> events) {
    boolean accepted = true;
    for (AuditEvent event : events) {
      accepted &= trail.record(event) == RecordResult.QUEUED;
    }
    return accepted;
  }
}
