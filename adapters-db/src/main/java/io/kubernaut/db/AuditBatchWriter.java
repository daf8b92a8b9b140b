package io.kubernaut.db;

import io.kubernaut.ports.audit.AuditEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Writes audit events in one transaction: each into {@code audit_event} with
 * {@code ON CONFLICT (idempotency_key) DO NOTHING}, and, when it is new, into its typed table (a
 * JDBC batch per table, {@link StatementBatches}) and, with an audit key, onto its remediation's
 * hash chain ({@link AuditChainer}). Either the whole batch is written or none of it.
 */
final class AuditBatchWriter {

  private static final String INSERT = "INSERT INTO audit_event (idempotency_key, remediation_id, fingerprint,"
      + " namespace, type, occurred_at, payload) VALUES (?,?,?,?,?,?,?::jsonb)"
      + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING " + ChainHasher.COLUMNS;

  private final Database database;
  private final Optional<AuditChainer> chainer;

  AuditBatchWriter(Database database) {
    this.database = database;
    this.chainer = database.auditKey().map(AuditChainer::new);
  }

  /**
   * Writes the batch atomically.
   *
   * @return how many events were new (the rest were replays)
   * @throws SQLException as raised; see {@link SqlFailures#isDataRejection} for what to retry
   */
  int write(List<AuditEvent> batch) throws SQLException {
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      try {
        Optional<AuditChainer.Links> links = chainer.isEmpty() ? Optional.empty()
            : Optional.of(chainer.get().lock(c, batch.stream().map(AuditEvent::remediationId).toList()));
        int fresh = 0;
        try (StatementBatches rows = new StatementBatches(c)) {
          for (AuditEvent e : batch) {
            fresh += writeOne(c, rows, e, links) ? 1 : 0;
          }
          rows.execute();
        }
        if (links.isPresent()) {
          links.get().save();
        }
        c.commit();
        return fresh;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  private static boolean writeOne(Connection c, StatementBatches rows, AuditEvent e, Optional<AuditChainer.Links> links)
      throws SQLException {
    try (PreparedStatement ps = Sql.prepare(c, INSERT, e.idempotencyKey(), e.remediationId(),
        e.fingerprint().hex(), e.namespace(), e.type().name(), Sql.timestamp(e.occurredAt()),
        PayloadJson.write(e.payload()));
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return false;
      }
      if (links.isPresent()) {
        links.get().append(rs);
      }
      AuditProjection.project(c, rows, rs.getLong("id"), e);
      return true;
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
