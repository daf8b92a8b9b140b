package io.kubernaut.core.badexample;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.out.AuditTrail;

/** Deliberately wrong: the core implementing a driven port (it would do I/O). Only for RulesBiteTest. */
public final class FileAuditTrail implements AuditTrail {
  @Override
  public RecordResult record(AuditEvent event) {
    throw new UnsupportedOperationException("bad example");
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
    return 0;
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
