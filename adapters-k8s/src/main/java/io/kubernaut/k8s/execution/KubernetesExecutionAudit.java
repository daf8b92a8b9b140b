package io.kubernaut.k8s.execution;

import io.kubernaut.ports.audit.ActionOutcomes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AttemptOutcome;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.signal.Fingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records each attempt of an action (and each rollback) in the audit trail, keyed by step, outcome and attempt. */
public final class KubernetesExecutionAudit {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesExecutionAudit.class);

  private final KubernetesClient client;
  private final AuditTrail trail;

  KubernetesExecutionAudit(KubernetesClient client, AuditTrail trail) {
    this.client = client;
    this.trail = trail;
  }

  /**
   * One attempt's outcome, with what the action reported (redacted by the action host), as the
   * event to record once status holds the attempt ({@link #record}). The key holds the attempt, so
   * every attempt is its own event and a replay of the same attempt is stored once. The
   * AlertRemediation comes from the reconciler's cache when it has it ({@code cached}; only its
   * spec is read), else from the API server. Null when the AlertRemediation is gone and nothing
   * can be recorded.
   */
  AuditEvent attempt(KubernetesExecution kex, AlertRemediation cached, int attempt, String outcome, String message,
      Instant started, Instant ended, Map<String, String> rollback, Map<String, String> details) {
    AlertRemediation ar = cached != null ? cached : parent(kex);
    if (ar == null) {
      LOG.warn("AlertRemediation of {} is gone or unreadable; attempt {} ({}) is not audited", kex.getMetadata().getName(),
          attempt, outcome);
      return null;
    }
    return event(ar, kex, attempt, outcome, message, started, ended, rollback, details);
  }

  /**
   * The refusal of {@code kex} ({@code rule}, {@code message}), with who created it as the API server
   * recorded (the field manager of its first managed-fields entry); one that names no AlertRemediation
   * that exists is keyed by its own id ({@link io.kubernaut.k8s.status.Children#refusal}).
   */
  AuditEvent refusal(KubernetesExecution kex, AlertRemediation cached, String rule, String message, Instant at) {
    // Read without swallowing a failure: only a remediation that is not there (a 404, read as null) makes the
    // refusal an unowned one; an API server that did not answer fails the reconcile, which is retried.
    AlertRemediation ar = cached != null ? cached : kex.getSpec().getRemediationRef() == null ? null
        : client.resources(AlertRemediation.class).inNamespace(kex.getMetadata().getNamespace())
            .withName(kex.getSpec().getRemediationRef().getName()).get();
    return io.kubernaut.k8s.status.Children.refusal(kex, ar, rule, message, at);
  }

  /** Records attempts whose status write has succeeded: the trail never holds an attempt status lost. */
  void record(List<AuditEvent> written) {
    written.forEach(trail::record);
    written.clear();
  }

  /**
   * The ACTION event of one attempt. Key {@code <ar>/action/<step>/<outcome>[-attempt-<n>]}: the
   * attempt is in the key from the second on, so every attempt is its own event. Its outcome is in
   * the history's words ({@link ActionOutcomes}): {@code Succeeded}, {@code DryRun}, {@code FailedRetryable}...
   */
  private static AuditEvent event(AlertRemediation ar, KubernetesExecution kex, int attempt, String outcome,
      String message, Instant started, Instant ended, Map<String, String> rollback, Map<String, String> details) {
    var spec = kex.getSpec();
    AuditEvents events = new AuditEvents(ar.getMetadata().getName(), new Fingerprint(ar.getSpec().getFingerprint()),
        ar.getSpec().getTarget().toTargetRef());
    String key = outcome.toLowerCase(Locale.ROOT) + (attempt > 1 ? "-attempt-" + attempt : "");
    return events.action(ended, KubernetesExecutionRequests.stepNumber(kex), spec.getAction(),
        spec.getTarget().toTargetRef(), key, ActionOutcomes.of(outcome), message,
        Math.max(0, Duration.between(started, ended).toMillis()),
        spec.getParameters() == null ? Map.of() : spec.getParameters(), rollback == null ? Map.of() : rollback,
        details);
  }

  /** Keeps the audited attempt in status (once), for {@link #projection} after a crash. */
  static void remember(KubernetesExecutionStatus status, int attempt, String outcome, String message, Instant started,
      Instant ended) {
    List<AttemptOutcome> outcomes = status.getAttemptOutcomes() == null ? new ArrayList<>()
        : new ArrayList<>(status.getAttemptOutcomes());
    if (outcomes.stream().noneMatch(o -> Objects.equals(o.getAttempt(), attempt) && outcome.equals(o.getOutcome()))) {
      outcomes.add(new AttemptOutcome(attempt, outcome, message, started.toString(), ended.toString()));
      status.setAttemptOutcomes(outcomes);
    }
  }

  /**
   * The ACTION events status records for this execution of {@code ar}, under the keys the live
   * path used; without the details the action reported, which status never holds.
   */
  public static List<AuditEvent> projection(AlertRemediation ar, KubernetesExecution kex) {
    var status = kex.getStatus();
    if (status == null || status.getAttemptOutcomes() == null || kex.getSpec() == null
        || kex.getSpec().getTarget() == null) {
      return List.of();
    }
    List<AuditEvent> events = new ArrayList<>();
    for (AttemptOutcome o : status.getAttemptOutcomes()) {
      if (o.getAttempt() == null || o.getOutcome() == null || o.getStartedAt() == null || o.getEndedAt() == null) {
        continue;
      }
      events.add(event(ar, kex, o.getAttempt(), o.getOutcome(), o.getMessage(), Instant.parse(o.getStartedAt()),
          Instant.parse(o.getEndedAt()), KubernetesExecutionReconciler.rollbackData(kex), Map.of()));
    }
    return events;
  }

  /**
   * What status keeps of an action's details: where they are in the audit trail and how much
   * there is, never the details themselves (pod logs do not belong in a custom resource).
   */
  static Map<String, String> reference(String eventKey, Map<String, String> details) {
    Map<String, String> ref = new LinkedHashMap<>();
    ref.put("auditEvent", eventKey == null ? "none: the AlertRemediation is gone, so they were not kept" : eventKey);
    ref.put("entries", Integer.toString(details.size()));
    ref.put("characters", Integer.toString(details.values().stream().mapToInt(String::length).sum()));
    return ref;
  }

  private AlertRemediation parent(KubernetesExecution kex) {
    try {
      return client.resources(AlertRemediation.class).inNamespace(kex.getMetadata().getNamespace())
          .withName(kex.getSpec().getRemediationRef().getName()).get();
    } catch (KubernetesClientException e) {
      LOG.warn("Could not read the AlertRemediation of {}: {}", kex.getMetadata().getName(), e.getMessage());
      return null;
    }
  }
}
