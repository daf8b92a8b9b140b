package io.kubernaut.k8s.fakes;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.out.AuditTrail;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Keeps recorded events in memory, every record call in {@link #events}; {@link #byKey} is what a
 * store that keeps the first copy of each key holds. It can refuse the next few events (a full
 * queue) and keeps the {@link #whenWritable} listeners for a test to run.
 */
public final class InMemoryAuditTrail implements AuditTrail {

  public final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  public final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  /** How many of the next events to refuse with back-pressure. */
  public volatile int refuseNext;
  /** Thrown (once) by the next {@link #stored} call: a fault of the store's adapter. */
  public volatile RuntimeException failNextStored;
  /** How many times {@link #stored} was asked. */
  public volatile int storedAsked;

  @Override
  public synchronized RecordResult record(AuditEvent event) {
    if (refuseNext > 0) {
      refuseNext--;
      return RecordResult.BACKPRESSURE;
    }
    events.add(event);
    return RecordResult.QUEUED;
  }

  /** The first event recorded under each key, in recording order. */
  public synchronized Map<String, AuditEvent> byKey() {
    Map<String, AuditEvent> first = new LinkedHashMap<>();
    events.forEach(e -> first.putIfAbsent(e.idempotencyKey(), e));
    return first;
  }

  /** The keys recorded so far, as a store that wrote every event at once would answer. */
  @Override
  public synchronized Set<String> stored(Collection<String> idempotencyKeys) {
    storedAsked++;
    RuntimeException failure = failNextStored;
    if (failure != null) {
      failNextStored = null;
      throw failure;
    }
    Set<String> recorded = byKey().keySet();
    return idempotencyKeys.stream().filter(recorded::contains).collect(Collectors.toSet());
  }

  /** As {@link #stored}, as an answer: a store in memory can always be asked. */
  @Override
  public java.util.Optional<Set<String>> findStored(Collection<String> idempotencyKeys) {
    return java.util.Optional.of(stored(idempotencyKeys));
  }

  /** Loses every copy of {@code idempotencyKey}, as a crash before the writer got to it would. */
  public synchronized void lose(String idempotencyKey) {
    events.removeIf(e -> e.idempotencyKey().equals(idempotencyKey));
  }

  @Override
  public void whenWritable(Runnable listener) {
    listeners.add(listener);
  }

  /** Whether the final record of {@code remediationId} was recorded, as a store that wrote every event at once would. */
  @Override
  public boolean isFinalRecordPersisted(String remediationId) {
    return events.stream().anyMatch(e -> e.idempotencyKey().equals(remediationId + "/final"));
  }

  @Override
  public int backlog() {
    return 0;
  }

  @Override
  public long written() {
    return events.size();
  }

  @Override
  public long failedAttempts() {
    return 0;
  }

  @Override
  public long rejected() {
    return 0;
  }
}
