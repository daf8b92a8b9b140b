package io.kubernaut.ports.audit;

import io.kubernaut.ports.signal.Fingerprint;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One append-only fact about a remediation.
 *
 * <p>The idempotency key makes writing it again harmless: the store keeps the first copy and
 * ignores replays. Keys must therefore be derivable from custom-resource status alone, so that
 * an event lost in an outage can be re-derived with the same key (see {@link AuditEvents}).
 *
 * @param idempotencyKey unique per fact, at most 512 characters
 * @param remediationId the AlertRemediation name, the correlation id of every row
 * @param fingerprint the problem's fingerprint
 * @param namespace the namespace of the remediation's target, empty for cluster-scoped targets
 * @param type what the event records
 * @param occurredAt when it happened (not when it was written)
 * @param payload flat details, keys as in {@link AuditKeys}; never secrets
 */
public record AuditEvent(
    String idempotencyKey,
    String remediationId,
    Fingerprint fingerprint,
    String namespace,
    AuditEventType type,
    Instant occurredAt,
    Map<String, String> payload) {

  /** The longest idempotency key the store accepts. */
  public static final int MAX_KEY_LENGTH = 512;

  public AuditEvent {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(remediationId, "remediationId");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "An idempotency key has 1 to " + MAX_KEY_LENGTH + " characters, got " + idempotencyKey.length());
    }
    if (remediationId.isBlank()) {
      throw new IllegalArgumentException("An audit event needs the remediation id it belongs to.");
    }
    namespace = namespace == null ? "" : namespace;
    payload = payload == null ? Map.of() : Map.copyOf(payload);
  }

  /** A payload value, or {@code fallback} when absent. */
  public String detail(String key, String fallback) {
    return payload.getOrDefault(key, fallback);
  }
}
