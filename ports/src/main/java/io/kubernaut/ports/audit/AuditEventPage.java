package io.kubernaut.ports.audit;

import java.util.List;
import java.util.Optional;

/**
 * One page of audit events, in the query's order.
 *
 * @param events the events of this page
 * @param nextCursor an opaque cursor for the next page; empty when this is the last page
 * @param resumeCursor in the order of storing only: the cursor to ask with later for the records
 *     stored after this page, also on the last page (a reader that tails the trail keeps it)
 */
public record AuditEventPage(List<StoredAuditEvent> events, Optional<String> nextCursor, Optional<String> resumeCursor) {
  public AuditEventPage {
    events = List.copyOf(events);
    resumeCursor = resumeCursor == null ? Optional.empty() : resumeCursor;
  }

  /** A page in the order of occurrence, which no reader resumes. */
  public AuditEventPage(List<StoredAuditEvent> events, Optional<String> nextCursor) {
    this(events, nextCursor, Optional.empty());
  }
}
