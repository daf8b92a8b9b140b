package io.kubernaut.k8s.fakes;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.out.AuditTrail;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

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

  @Override
  public void whenWritable(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public boolean isFinalRecordPersisted(String remediationId) {
    return false;
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
