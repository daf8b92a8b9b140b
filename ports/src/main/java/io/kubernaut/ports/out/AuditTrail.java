package io.kubernaut.ports.out;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.RecordResult;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Driven port: the append-only audit trail that outlives the custom resources.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #record} never blocks on and never throws for the database: it queues the event
 *       and returns at once. Writing is asynchronous, batched, and retried with backoff through
 *       outages.</li>
 *   <li>Events carry idempotency keys, so recording the same fact twice stores it once.</li>
 *   <li>The queue is bounded. When it is full {@link #record} answers
 *       {@link RecordResult#BACKPRESSURE} and keeps nothing; an event is never dropped silently.
 *       The caller (a reconciler) keeps condition {@code AuditPersisted=False} and re-derives the
 *       events from custom-resource status later, with the same keys.</li>
 *   <li>Events queued but not yet written are lost when the process dies; they too are
 *       re-derived from status, which is why retention waits for {@link #isFinalRecordPersisted}
 *       before deleting anything.</li>
 *   <li>Whatever was lost that way is recorded again when {@link #whenWritable} fires: at start,
 *       once the store is reached, and after every gap (failed writes, or an event refused for a
 *       full queue), the operator re-projects every remediation's status with the same keys, writing what
 *       {@link #stored} does not already hold.</li>
 * </ul>
 */
public interface AuditTrail {

  /** Queues one event for writing; see the class contract. Never throws for database faults. */
  RecordResult record(AuditEvent event);

  /**
   * The retention gate: true only when the remediation's {@code REMEDIATION_FINAL} event is
   * durably in the store. False while the store cannot be asked (an outage).
   */
  boolean isFinalRecordPersisted(String remediationId);

  /**
   * Runs {@code listener} each time the store becomes writable: once when it is first reached
   * after the start, and again after every gap (writes failed and then succeeded, or an event was
   * refused for a full queue and the queue has drained since). It is the moment to re-project what
   * custom-resource status records. The listener runs on the trail's own thread and must return at
   * once. By default it is never run: a trail that cannot lose an event has no gap.
   */
  default void whenWritable(Runnable listener) {}

  /**
   * Of {@code idempotencyKeys}, the ones whose events are durably in the store, so that a
   * re-projection records only the others (a restart then writes nothing that is already there).
   * Empty when the store cannot be asked: the caller records them all, which the keys make
   * harmless. By default empty.
   */
  default Set<String> stored(Collection<String> idempotencyKeys) {
    return findStored(idempotencyKeys).orElse(Set.of());
  }

  /**
   * Of {@code idempotencyKeys}, the ones whose events are durably in the store; empty (not an empty set) when the
   * store cannot be asked: none is configured, or it does not answer. For a caller that must not act on a guess,
   * such as whether a workflow gone from the cluster had started its steps. By default empty.
   */
  default Optional<Set<String>> findStored(Collection<String> idempotencyKeys) {
    return Optional.empty();
  }

  /**
   * Whether an event recorded now is expected to reach the database: the store is configured and
   * its last write did not fail. The queue is in memory, so while this is false an event lives in
   * this process only until it is written; the operator's own events are derived again from
   * custom-resource status after a restart, an external writer's are not, so it is told to post
   * again later.
   */
  default boolean storing() {
    return true;
  }

  /**
   * Whether a store is configured at all: false when the operator runs without an audit database, so that no event
   * will ever be written and nothing should wait for one to be taken. By default true.
   */
  default boolean configured() {
    return true;
  }

  /** Events accepted but not yet written (queued plus in flight). */
  int backlog();

  /** Events written (or found already written) since start. */
  long written();

  /** Write attempts that failed and will be retried, since start. */
  long failedAttempts();

  /** Events the store refused permanently (malformed data) and that were therefore given up. */
  long rejected();
}
