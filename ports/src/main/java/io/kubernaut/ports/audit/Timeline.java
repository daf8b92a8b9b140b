package io.kubernaut.ports.audit;

import io.kubernaut.ports.history.RemediationRecord;
import java.util.List;

/**
 * Everything recorded about one remediation, in the order it happened; available after its
 * custom resources were deleted.
 *
 * @param remediation the remediation's summary
 * @param events its events in the stable order (occurredAt, id)
 * @param truncated whether some were left out: past the most a timeline holds of the operator's own records, or of
 *     the records external writers posted (the latest of those are kept); the audit events API pages through all
 */
public record Timeline(RemediationRecord remediation, List<StoredAuditEvent> events, boolean truncated) {
  public Timeline {
    events = List.copyOf(events);
  }

  /** A timeline that holds every event. */
  public Timeline(RemediationRecord remediation, List<StoredAuditEvent> events) {
    this(remediation, events, false);
  }
}
