package io.kubernaut.ports.audit;

/**
 * What {@link io.kubernaut.ports.out.AuditTrail#record} did with an event. It never says
 * "written": writing is asynchronous; durability is asked with
 * {@link io.kubernaut.ports.out.AuditTrail#isFinalRecordPersisted}.
 */
public enum RecordResult {
  /** The event is queued and will be written, retried through database outages. */
  QUEUED,
  /**
   * The queue is full (a long outage). The event was NOT taken: the caller keeps it derivable
   * from custom-resource status (condition {@code AuditPersisted=False}) and records it again
   * later. Nothing is dropped silently.
   */
  BACKPRESSURE
}
