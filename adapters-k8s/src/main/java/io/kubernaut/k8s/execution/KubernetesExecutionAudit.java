package io.kubernaut.k8s.execution;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.signal.Fingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records each attempt of an action (and each rollback) in the audit trail, keyed by step, outcome and attempt. */
final class KubernetesExecutionAudit {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesExecutionAudit.class);

  private final KubernetesClient client;
  private final AuditTrail trail;

  KubernetesExecutionAudit(KubernetesClient client, AuditTrail trail) {
    this.client = client;
    this.trail = trail;
  }

  /**
   * One attempt's outcome, with what the action reported (redacted by the action host). The key
   * holds the attempt, so every attempt is its own event and a replay of the same attempt is
   * stored once. Returns the event's key, or null when the AlertRemediation is gone and nothing
   * was recorded.
   */
  String attempt(KubernetesExecution kex, int attempt, String outcome, String message, Instant started, Instant ended,
      Map<String, String> rollback, Map<String, String> details) {
    AlertRemediation ar = parent(kex);
    if (ar == null) {
      LOG.warn("AlertRemediation of {} is gone or unreadable; attempt {} ({}) is not audited", kex.getMetadata().getName(),
          attempt, outcome);
      return null;
    }
    var spec = kex.getSpec();
    AuditEvents events = new AuditEvents(ar.getMetadata().getName(), new Fingerprint(ar.getSpec().getFingerprint()),
        ar.getSpec().getTarget().toTargetRef());
    String key = outcome.toLowerCase(Locale.ROOT) + (attempt > 1 ? "-attempt-" + attempt : "");
    AuditEvent event = events.action(ended, KubernetesExecutionRequests.stepNumber(kex), spec.getAction(),
        spec.getTarget().toTargetRef(), key, message, Math.max(0, Duration.between(started, ended).toMillis()),
        spec.getParameters() == null ? Map.of() : spec.getParameters(), rollback == null ? Map.of() : rollback,
        details);
    trail.record(event);
    return event.idempotencyKey();
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
