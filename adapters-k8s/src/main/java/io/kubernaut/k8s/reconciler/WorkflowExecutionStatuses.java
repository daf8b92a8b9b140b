package io.kubernaut.k8s.reconciler;

import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Phase transitions of a WorkflowExecution's status (every phase appended to the history) and safety notifications. */
final class WorkflowExecutionStatuses {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowExecutionStatuses.class);

  private final Notifier notifier;

  WorkflowExecutionStatuses(Notifier notifier) {
    this.notifier = notifier;
  }

  static boolean isDone(WorkflowExecution wfe) {
    var s = wfe.getStatus();
    if (s == null) {
      return false;
    }
    String last = s.getPhaseHistory() == null || s.getPhaseHistory().isEmpty() ? null
        : s.getPhaseHistory().get(s.getPhaseHistory().size() - 1).getPhase();
    return KubernetesExecutionReconciler.isTerminal(s.getPhase() == null ? null : s.getPhase().name())
        || KubernetesExecutionReconciler.isTerminal(last);
  }

  /** Enters a non-terminal phase. */
  void enter(WorkflowExecution wfe, WorkflowPhase phase, ConditionReason reason, String message, Instant now) {
    set(wfe, phase, false, reason, message, now);
  }

  /** Enters a terminal phase. */
  void end(WorkflowExecution wfe, WorkflowPhase phase, ConditionReason reason, String message, Instant now) {
    set(wfe, phase, phase == WorkflowPhase.Completed, reason, message, now);
    wfe.getStatus().setCompletionTime(now.toString());
    LOG.info("WorkflowExecution {} is {}: {}", wfe.getMetadata().getName(), phase, message);
  }

  /** Fails validation with the denial's reason; a safety denial also notifies (BLOCKED). */
  void deny(WorkflowExecution wfe, AlertRemediation ar, WorkflowExecutionValidator.Denial denial, Instant now) {
    String message = "WorkflowExecution " + wfe.getMetadata().getName() + " stopped before executing anything: "
        + denial.message();
    end(wfe, WorkflowPhase.Failed, denial.reason(), message, now);
    if (denial.safety()) {
      Map<String, String> labels = wfe.getMetadata().getLabels() == null ? Map.of() : wfe.getMetadata().getLabels();
      String remediation = wfe.getSpec().getRemediationRef().getName();
      notifier.notify(new Notification(NotificationType.BLOCKED, remediation,
          ar == null ? labels.getOrDefault(KubernautLabels.FINGERPRINT, "") : ar.getSpec().getFingerprint(),
          wfe.getSpec().getEnvironment(), labels.getOrDefault(KubernautLabels.SEVERITY, ""),
          wfe.getSpec().getTarget().getNamespace(), "Executing",
          "Blocked (" + denial.reason() + "): " + remediation + " step " + denial.step(),
          message + " kubectl describe wfe " + wfe.getMetadata().getName() + " -n " + wfe.getMetadata().getNamespace(),
          NotificationType.BLOCKED + ":" + remediation + ":" + denial.reason(),
          Map.of("reason", denial.reason().name(), "step", denial.step())));
    }
  }

  private static void set(WorkflowExecution wfe, WorkflowPhase phase, boolean ready, ConditionReason reason, String message,
      Instant now) {
    WorkflowExecutionStatus s = wfe.getStatus();
    s.setPhaseHistory(StatusPatches.withTransition(s, phase.name(), now, message));
    s.setPhase(phase);
    s.setMessage(message);
    s.setObservedGeneration(wfe.getMetadata().getGeneration());
    s.setConditions(StatusPatches.withCondition(s.getConditions(), "Ready", ready, reason.name(), message,
        wfe.getMetadata().getGeneration(), now));
  }
}
