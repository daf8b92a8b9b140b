package io.kubernaut.db;

import io.kubernaut.ports.audit.AuditEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes audit events in one transaction: all of a batch into {@code audit_event} with one
 * statement (its columns as arrays, unnested in the batch's order, {@code ON CONFLICT
 * (idempotency_key) DO NOTHING}: one round trip and one execution whatever the batch's size), and
 * each new one into its typed table (a JDBC batch per table, {@link StatementBatches}) and, with an
 * audit key, onto its remediation's hash chain ({@link AuditChainer}) in the batch's order. Either
 * the whole batch is written or none of it.
 */
final class AuditBatchWriter {

  /**
   * The batch's rows in its order: PostgreSQL inserts them, takes their ids and returns them in the
   * order the query produces them. A replayed key (already stored) returns no row.
   */
  private static final String INSERT = "INSERT INTO audit_event (idempotency_key, remediation_id, fingerprint,"
      + " namespace, type, occurred_at, payload)"
      + " SELECT k, r, f, n, t, o::timestamptz, p::jsonb FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
      + " ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS batch(k, r, f, n, t, o, p, position) ORDER BY position"
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
        int fresh;
        try (StatementBatches rows = new StatementBatches(c)) {
          fresh = insert(c, rows, batch, links);
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

  /**
   * Inserts the batch's events (a key twice in one batch counts once: its first event), then chains
   * and projects each new one in the order PostgreSQL returns them, the batch's.
   *
   * @return how many were new
   */
  private static int insert(Connection c, StatementBatches rows, List<AuditEvent> batch,
      Optional<AuditChainer.Links> links) throws SQLException {
    Map<String, AuditEvent> byKey = new LinkedHashMap<>();
    batch.forEach(e -> byKey.putIfAbsent(e.idempotencyKey(), e));
    int size = byKey.size();
    String[][] columns = new String[7][size];
    int i = 0;
    for (AuditEvent e : byKey.values()) {
      columns[0][i] = e.idempotencyKey();
      columns[1][i] = e.remediationId();
      columns[2][i] = e.fingerprint().hex();
      columns[3][i] = e.namespace();
      columns[4][i] = e.type().name();
      columns[5][i] = microseconds(e.occurredAt()).toString();
      columns[6][i] = PayloadJson.write(e.payload());
      i++;
    }
    Object[] arrays = new Object[columns.length];
    for (int column = 0; column < columns.length; column++) {
      arrays[column] = c.createArrayOf("text", columns[column]);
    }
    int fresh = 0;
    try (PreparedStatement ps = Sql.prepare(c, INSERT, arrays); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (links.isPresent()) {
          links.get().append(rs);
        }
        AuditProjection.project(c, rows, rs.getLong("id"), byKey.get(rs.getString("idempotency_key")));
        fresh++;
      }
    }
    return fresh;
  }

  /**
   * The time to the microsecond PostgreSQL keeps, rounded half up as the JDBC driver rounds a bound
   * timestamp (the typed tables' copies are bound): PostgreSQL's own parse of a longer fraction
   * would round a half to even, a microsecond apart.
   */
  static Instant microseconds(Instant at) {
    return at.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
