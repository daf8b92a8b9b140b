package io.kubernaut.k8s.workflow;

import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.util.Map;

/** What a workflow blocked by the safety envelope tells the outside: a BLOCKED notification and the denial metric. */
final class WorkflowExecutionNotices {

  private final Notifier notifier;
  private final PipelineMetrics metrics;

  WorkflowExecutionNotices(Notifier notifier, PipelineMetrics metrics) {
    this.notifier = notifier;
    this.metrics = metrics;
  }

  /**
   * The severity a workflow's notifications carry: the one judged with its remediation's processing, which it was
   * built with (as the remediation's own notifications carry it); the alert's label for a workflow built without.
   */
  static String severity(WorkflowExecution wfe) {
    if (wfe.getSpec().getSeverity() != null) {
      return wfe.getSpec().getSeverity();
    }
    return wfe.getMetadata().getLabels() == null ? "" : wfe.getMetadata().getLabels().getOrDefault(KubernautLabels.SEVERITY, "");
  }

  /** Notifies BLOCKED for the denied step, once per remediation and reason (the idempotency key). */
  void blocked(WorkflowExecution wfe, AlertRemediation ar, ConditionReason reason, String step, String message) {
    metrics.safetyDenied(reason.name());
    Map<String, String> labels = wfe.getMetadata().getLabels() == null ? Map.of() : wfe.getMetadata().getLabels();
    String remediation = wfe.getSpec().getRemediationRef().getName();
    notifier.notify(new Notification(NotificationType.BLOCKED, remediation,
        ar == null ? labels.getOrDefault(KubernautLabels.FINGERPRINT, "") : ar.getSpec().getFingerprint(),
        wfe.getSpec().getEnvironment(), severity(wfe),
        wfe.getSpec().getTarget().getNamespace(), RemediationPhase.Executing.name(),
        "Blocked (" + reason + "): " + remediation + " step " + step,
        message + " kubectl describe wfe " + wfe.getMetadata().getName() + " -n " + wfe.getMetadata().getNamespace(),
        NotificationType.BLOCKED + ":" + remediation + ":" + reason,
        Map.of("reason", reason.name(), "step", step)));
  }
}
