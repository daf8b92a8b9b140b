package io.kubernaut.k8s.fakes;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.out.AuditTrail;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps recorded events in memory. */
public final class InMemoryAuditTrail implements AuditTrail {

  public final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public RecordResult record(AuditEvent event) {
    events.add(event);
    return RecordResult.QUEUED;
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
