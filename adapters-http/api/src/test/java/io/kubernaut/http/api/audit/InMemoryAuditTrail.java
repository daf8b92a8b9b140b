package io.kubernaut.http.api.audit;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.out.AuditTrail;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory {@link AuditTrail} that writes through at once into an {@link InMemoryAuditQueries}. */
final class InMemoryAuditTrail implements AuditTrail {

  private final InMemoryAuditQueries store;
  private final List<AuditEvent> recorded = new CopyOnWriteArrayList<>();
  private volatile boolean full;
  private volatile boolean storing = true;
  private volatile int backlog;
  private volatile long failedAttempts;

  InMemoryAuditTrail(InMemoryAuditQueries store) {
    this.store = store;
  }

  /** From now on {@link #record} answers BACKPRESSURE and keeps nothing, as with a full queue. */
  void full() {
    full = true;
  }

  /** From now on the store says it is not storing (no database, or its last write failed). */
  void notStoring() {
    storing = false;
  }

  @Override
  public boolean storing() {
    return storing;
  }

  /** Sets what the meters read. */
  void counters(int backlog, long failedAttempts) {
    this.backlog = backlog;
    this.failedAttempts = failedAttempts;
  }

  /** Every event accepted, in order, including replays. */
  List<AuditEvent> recorded() {
    return recorded;
  }

  @Override
  public RecordResult record(AuditEvent event) {
    if (full) {
      return RecordResult.BACKPRESSURE;
    }
    recorded.add(event);
    store.store(event);
    return RecordResult.QUEUED;
  }

  @Override
  public boolean isFinalRecordPersisted(String remediationId) {
    return store.all().stream().anyMatch(s -> s.event().remediationId().equals(remediationId)
        && s.event().type() == AuditEventType.REMEDIATION_FINAL);
  }

  @Override
  public int backlog() {
    return backlog;
  }

  @Override
  public long written() {
    return store.all().size();
  }

  @Override
  public long failedAttempts() {
    return failedAttempts;
  }

  @Override
  public long rejected() {
    return 0;
  }
}
