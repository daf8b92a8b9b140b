package io.kubernaut.ports.audit;

import java.util.List;
import java.util.Optional;

/**
 * One page of audit events in the stable order (occurredAt, id).
 *
 * @param events the events of this page
 * @param nextCursor an opaque cursor for the next page; empty when this is the last page
 */
public record AuditEventPage(List<StoredAuditEvent> events, Optional<String> nextCursor) {
  public AuditEventPage {
    events = List.copyOf(events);
  }
}
