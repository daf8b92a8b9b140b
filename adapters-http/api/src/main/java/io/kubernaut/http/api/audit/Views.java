package io.kubernaut.http.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubernaut.ports.audit.StoredAuditEvent;
import io.kubernaut.ports.history.RemediationRecord;
import io.kubernaut.ports.history.SuccessRate;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of the audit, context and intelligence APIs, mapped from the port records. */
final class Views {

  private Views() {}

  /** One stored audit event. */
  record EventView(long id, String idempotencyKey, String remediation, String fingerprint, String namespace,
      String type, Instant occurredAt, Instant recordedAt, Map<String, String> payload) {

    static EventView of(StoredAuditEvent s) {
      var e = s.event();
      return new EventView(s.id(), e.idempotencyKey(), e.remediationId(), e.fingerprint().hex(), e.namespace(),
          e.type().name(), e.occurredAt(), s.recordedAt(), new TreeMap<>(e.payload()));
    }
  }

  /** A target object; namespace empty for cluster-scoped kinds. */
  record TargetView(String kind, String namespace, String name) {
    static TargetView of(TargetRef t) {
      return new TargetView(t.kind(), t.namespace(), t.name());
    }
  }

  /** A remediation as the audit store knows it; fields not known yet are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RemediationView(String remediation, String fingerprint, String alertName, TargetView target,
      String environment, String severity, Instant createdAt, String finalPhase, String outcome, Instant completedAt) {

    static RemediationView of(RemediationRecord r) {
      return new RemediationView(r.remediationId(), r.fingerprint().hex(), emptyToNull(r.alertName()),
          r.target().kind().isEmpty() ? null : TargetView.of(r.target()), emptyToNull(r.environment()),
          emptyToNull(r.severity()), r.createdAt().orElse(null), r.finalPhase().orElse(null),
          r.outcome().orElse(null), r.completedAt().orElse(null));
    }
  }

  /** How often an action worked. */
  record RateView(int attempts, int successes, double rate) {
    static RateView of(SuccessRate r) {
      return new RateView(r.attempts(), r.successes(), r.rate());
    }
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
