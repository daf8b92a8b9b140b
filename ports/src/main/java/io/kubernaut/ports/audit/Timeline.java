package io.kubernaut.ports.audit;

import io.kubernaut.ports.history.RemediationRecord;
import java.util.List;

/**
 * Everything recorded about one remediation, in the order it happened; available after its
 * custom resources were deleted.
 *
 * @param remediation the remediation's summary
 * @param events its events in the stable order (occurredAt, id)
 */
public record Timeline(RemediationRecord remediation, List<StoredAuditEvent> events) {
  public Timeline {
    events = List.copyOf(events);
  }
}
