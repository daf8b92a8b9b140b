package io.kubernaut.k8s.workflow;

import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.MeasurementStatus;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.AlertStateReader;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.MetricsReader;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.verification.AlertActivity;
import io.kubernaut.ports.verification.Measurement;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.VerificationCheck;
import io.kubernaut.ports.workflow.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O of verification for the WorkflowExecution controller: what the conductor verifies with
 * (checks, alert, history from status), the measurements it asks for (metric queries and the
 * alert's state in Alertmanager), where they are kept (status, at most
 * {@link VerificationCheck#MAX_MEASUREMENTS} per check, and the audit trail), and the escalation of
 * a failed verification.
 */
final class WorkflowExecutionVerification {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowExecutionVerification.class);

  private final MetricsReader metrics;
  private final AlertStateReader alerts;
  private final AuditTrail audit;
  private final Notifier notifier;
  private final java.util.function.Function<WorkflowExecution, java.util.Optional<String>> priorities;

  WorkflowExecutionVerification(MetricsReader metrics, AlertStateReader alerts, AuditTrail audit, Notifier notifier) {
    this(metrics, alerts, audit, notifier, wfe -> java.util.Optional.empty());
  }

  /** @param priorities the priority a workflow's remediation recorded as it judged its processing, for the notifications' routes */
  WorkflowExecutionVerification(MetricsReader metrics, AlertStateReader alerts, AuditTrail audit, Notifier notifier,
      java.util.function.Function<WorkflowExecution, java.util.Optional<String>> priorities) {
    this.metrics = metrics;
    this.alerts = alerts;
    this.audit = audit;
    this.notifier = notifier;
    this.priorities = priorities;
  }

  /** What the conductor verifies with: the policy, the alert and its target, the measurements in status. */
  Verification observe(WorkflowExecution wfe, AlertRemediation ar, PipelinePolicy policy) {
    String env = wfe.getSpec().getEnvironment();
    return new Verification(policy.verification(), wfe.getSpec().getAlertName(), wfe.getSpec().getTarget().toTargetRef(),
        labels(ar), env, policy.safety().limitsFor(env).verification(), metrics.configured(), history(wfe.getStatus()),
        Map.of(), null);
  }

  /** Runs the queries asked for and reads the alert's state in Alertmanager, when one is configured. */
  Verification measure(Verification v, List<VerificationCheck> checks, AlertRemediation ar) {
    Map<String, QueryAnswer> answers = new LinkedHashMap<>();
    for (VerificationCheck c : checks) {
      answers.put(c.name(), metrics.query(c.query()));
    }
    AlertActivity activity = alerts.configured() ? alerts.activity(alertLabels(v)) : null;
    return v.withAnswers(answers, activity);
  }

  /** Keeps the measurements in status (the newest {@link VerificationCheck#MAX_MEASUREMENTS} per check) and audits each. */
  void record(WorkflowExecution wfe, AlertRemediation ar, List<Measurement> measured) {
    if (measured.isEmpty()) {
      return;
    }
    WorkflowExecutionStatus s = wfe.getStatus();
    List<MeasurementStatus> kept = new ArrayList<>(s.getMeasurements() == null ? List.of() : s.getMeasurements());
    for (Measurement m : measured) {
      kept.add(new MeasurementStatus(m.check(), m.at().toString(), m.result().name(), finite(m.value()), m.detail()));
      List<MeasurementStatus> mine = kept.stream().filter(k -> k.getCheck().equals(m.check())).toList();
      if (mine.size() > VerificationCheck.MAX_MEASUREMENTS) {
        kept.remove(mine.get(0));
      }
      LOG.info("WorkflowExecution {} measured check {}: {} ({})", wfe.getMetadata().getName(), m.check(), m.result(),
          m.detail());
    }
    s.setMeasurements(kept);
    if (ar == null) {
      LOG.warn("AlertRemediation of {} is gone; {} measurements are kept in status only", wfe.getMetadata().getName(),
          measured.size());
      return;
    }
    AuditEvents events = new AuditEvents(ar.getMetadata().getName(), new Fingerprint(ar.getSpec().getFingerprint()),
        ar.getSpec().getTarget().toTargetRef());
    measured.forEach(m -> audit.record(events.verification(m.at(), m.check(), m.result().name(), finite(m.value()),
        m.detail())));
  }

  /** Notifies that verification failed, naming the check and its last value; once per remediation. */
  void escalate(WorkflowExecution wfe, AlertRemediation ar, String message) {
    String remediation = wfe.getSpec().getRemediationRef().getName();
    notify(wfe, ar, NotificationType.FAILED, "Verification failed: " + remediation, message + " kubectl describe wfe "
        + wfe.getMetadata().getName() + " -n " + wfe.getMetadata().getNamespace(), "VERIFICATION_FAILED:" + remediation, "NotRemediated");
  }

  /**
   * Asks a person to approve the rollback after a failed verification (an approval request naming
   * the failed check, its last value and the steps), with the annotation that answers it.
   */
  void askRollbackApproval(WorkflowExecution wfe, AlertRemediation ar, String message) {
    String remediation = wfe.getSpec().getRemediationRef().getName();
    String in = " -n " + wfe.getMetadata().getNamespace();
    notify(wfe, ar, NotificationType.APPROVAL_NEEDED, "Rollback awaits approval: " + remediation, message
        + " Decide with: kubectl kubernaut approve " + remediation + in + " (roll back) or kubectl kubernaut reject "
        + remediation + in + " --reason ... (keep the change), the console or POST /api/v1/remediations/" + remediation
        + "/approve|reject.", "ROLLBACK_APPROVAL:" + remediation, "RollbackAwaitingApproval");
  }

  /** A notification about the workflow's remediation after a failed verification. */
  private void notify(WorkflowExecution wfe, AlertRemediation ar, NotificationType type, String title, String body,
      String key, String outcome) {
    Map<String, String> labels = wfe.getMetadata().getLabels() == null ? Map.of() : wfe.getMetadata().getLabels();
    notifier.notify(new Notification(type, wfe.getSpec().getRemediationRef().getName(),
        ar == null ? labels.getOrDefault(KubernautLabels.FINGERPRINT, "") : ar.getSpec().getFingerprint(),
        wfe.getSpec().getEnvironment(), WorkflowExecutionNotices.severity(wfe),
        wfe.getSpec().getTarget().getNamespace(), RemediationPhase.Executing.name(), title, body, key,
        details(wfe, outcome)));
  }

  /** The keys the message composer and the notification routes read, as the remediation's own notifications carry them. */
  private Map<String, String> details(WorkflowExecution wfe, String outcome) {
    Map<String, String> details = new java.util.LinkedHashMap<>();
    details.put("outcome", outcome);
    details.put(io.kubernaut.ports.notification.NotificationDetails.REASON, outcome);
    if (wfe.getSpec().getAlertName() != null) {
      details.put(io.kubernaut.ports.notification.NotificationDetails.ALERT_NAME, wfe.getSpec().getAlertName());
    }
    priorities.apply(wfe).ifPresent(p -> details.put(io.kubernaut.ports.notification.NotificationDetails.PRIORITY, p));
    return details;
  }

  /**
   * Audits a decision on the rollback (or its expiry) under its own key, apart from the remediation's
   * approval: who, through which channel ({@code api} or {@code kubectl}), when and why.
   */
  void auditRollbackDecision(AlertRemediation ar, Instant at, String decision, String decider, String via,
      String reason) {
    if (ar == null) {
      return;
    }
    AuditEvents events = new AuditEvents(ar.getMetadata().getName(), new Fingerprint(ar.getSpec().getFingerprint()),
        ar.getSpec().getTarget().toTargetRef());
    audit.record(events.rollbackApproval(at, decision, decider, via, reason));
  }

  /** The alert's identifying labels: its name and the target's labels it carries. */
  static Map<String, String> alertLabels(Verification v) {
    Map<String, String> match = new LinkedHashMap<>();
    match.put("alertname", v.alertName());
    for (String key : List.of("namespace", "pod", "deployment", "statefulset", "daemonset", "node",
        "persistentvolumeclaim", "container")) {
      if (v.labels().containsKey(key)) {
        match.put(key, v.labels().get(key));
      }
    }
    return match;
  }

  private static Map<String, String> labels(AlertRemediation ar) {
    return ar == null || ar.getSpec().getLabels() == null ? Map.of() : ar.getSpec().getLabels();
  }

  private static List<Measurement> history(WorkflowExecutionStatus s) {
    if (s == null || s.getMeasurements() == null) {
      return List.of();
    }
    return s.getMeasurements().stream().map(m -> new Measurement(m.getCheck(), Instant.parse(m.getAt()),
        Measurement.Result.valueOf(m.getResult()), m.getValue(), m.getDetail() == null ? "" : m.getDetail())).toList();
  }

  private static Double finite(Double v) {
    return v == null || v.isNaN() || v.isInfinite() ? null : v;
  }
}
