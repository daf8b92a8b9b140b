package io.kubernaut.db;

import io.kubernaut.ports.audit.ChainVerdict;
import io.kubernaut.ports.audit.ChainVerdict.ChainBreak;
import io.kubernaut.ports.audit.ChainVerdict.Reason;
import io.kubernaut.ports.out.AuditChainVerifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Recomputes each remediation's hash chain from the stored rows ({@link ChainHasher}) and names
 * the first record where it does not hold: a changed record (its HMAC differs), a deleted one (a
 * gap in the sequence), one inserted outside the writer (no hash, after the chain began), a
 * deleted end (the head names a later sequence), or a head rewritten or deleted (for a chain whose
 * last record is of {@link ChainHasher#VERSION}, whose head carries a MAC; one whose last record is
 * older is held to its head's sequence and hash alone). Reads in one repeatable-read transaction, so a writer
 * appending meanwhile is not mistaken for a break.
 */
final class JdbcAuditChainVerifier implements AuditChainVerifier {

  private static final String CHAIN = "SELECT " + ChainHasher.COLUMNS + ", chain_seq, chain_hash, chain_version FROM audit_event"
      + " WHERE remediation_id = ? ORDER BY chain_seq NULLS LAST, id";
  private static final String HEAD = "SELECT last_seq, last_hash, last_mac, unchained_before FROM audit_chain_head"
      + " WHERE remediation_id = ?";
  /** Where chaining began in the trail, as the first writer with a key sealed it (V6). */
  private static final String ORIGIN = "SELECT began_after_id, mac FROM audit_chain_origin";
  private static final String IN_RANGE = "SELECT DISTINCT remediation_id FROM audit_event"
      + " WHERE occurred_at >= ? AND occurred_at < ? ORDER BY remediation_id LIMIT ?";

  /** Rows read from the server at a time: a chain is streamed, not held whole in memory (PostgreSQL's default). */
  static final int FETCH_SIZE = 256;
  /**
   * Verifications at once: each holds a pooled connection for a whole snapshot, and the pool (8) also serves the
   * audit writer and the gateway's name lookups. Beyond it a verification is answered "retry" (503).
   */
  static final int AT_ONCE = 2;

  private final Database database;
  private final Optional<ChainHasher> hasher;
  /** Places for verifications (package-private for tests). */
  final java.util.concurrent.Semaphore running = new java.util.concurrent.Semaphore(AT_ONCE);

  @Inject
  JdbcAuditChainVerifier(Database database) {
    this.database = database;
    this.hasher = database.auditKey().map(ChainHasher::new);
  }

  @Override
  public boolean chaining() {
    return hasher.isPresent();
  }

  @Override
  public Optional<ChainVerdict> verify(String remediationId) {
    return inSnapshot("verify an audit chain", c -> verify(c, remediationId));
  }

  @Override
  public List<ChainVerdict> verify(Instant since, Instant until, int limit) {
    return inSnapshot("verify audit chains", c -> {
      List<ChainVerdict> verdicts = new ArrayList<>();
      for (String id : Sql.list(c, IN_RANGE, rs -> rs.getString(1), Sql.timestamp(since), Sql.timestamp(until), limit)) {
        verify(c, id).ifPresent(verdicts::add);
      }
      return verdicts;
    });
  }

  private Optional<ChainVerdict> verify(Connection c, String remediationId) throws SQLException {
    ChainHasher h = hasher.orElseThrow(() -> new IllegalStateException("No audit key is configured."));
    long chained = 0;
    long unchained = 0;
    long firstChainedId = Long.MAX_VALUE;
    String previous = "";
    Optional<ChainBreak> broken = Optional.empty();
    Optional<ChainBreak> strayRecord = Optional.empty();
    long lastId = 0;
    String lastKey = "";
    boolean sealed = false; // the last record's: see below
    List<ChainBreak> outside = new ArrayList<>(); // the records without a chain hash, in the order stored
    try (PreparedStatement ps = fetching(Sql.prepare(c, CHAIN, remediationId)); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long id = rs.getLong("id");
        long seq = rs.getLong("chain_seq");
        boolean outsideChain = rs.wasNull();
        String key = rs.getString("idempotency_key");
        if (outsideChain) {
          unchained++;
          outside.add(new ChainBreak(id, 0, key, Reason.UNCHAINED_RECORD, ""));
          if (id > firstChainedId && strayRecord.isEmpty()) {
            strayRecord = Optional.of(new ChainBreak(id, 0, key, Reason.UNCHAINED_RECORD, "Record " + id + " (" + key
                + ") has no chain hash although it was stored after the chain began: it was inserted outside the"
                + " audit writer."));
          }
          continue;
        }
        chained++;
        firstChainedId = Math.min(firstChainedId, id);
        lastId = id;
        lastKey = key;
        if (broken.isPresent()) {
          continue;
        }
        if (seq != chained) {
          broken = Optional.of(new ChainBreak(id, seq, key, Reason.MISSING_RECORD, "Record " + id + " (" + key
              + ") is number " + seq + " of the chain, but " + (seq > chained ? "number " + chained
              + (seq - chained > 1 ? " to " + (seq - 1) : "") + " is missing: deleted" : "a record with the same number"
              + " came before it") + "."));
          continue;
        }
        String stored = rs.getString("chain_hash").strip();
        int version = rs.getInt("chain_version");
        version = rs.wasNull() ? 1 : version; // chained before heads were sealed
        // Whether the last record says its head is sealed: a writer of an earlier release (a replica still running
        // during a rolling upgrade) chains version 1 records after version 2 ones and moves the head without a MAC.
        sealed = version >= ChainHasher.VERSION;
        if (!h.verifies(rs, version, seq, previous, stored)) {
          broken = Optional.of(new ChainBreak(id, seq, key, Reason.HASH_MISMATCH, "Record " + id + " (" + key
              + "), number " + seq + " of the chain, does not match its HMAC: its content or hash was changed after"
              + " it was written."));
        }
        previous = stored;
      }
    }
    Optional<Head> head = head(c, remediationId);
    if (chained == 0 && unchained == 0) {
      // No record left; a head means there were some: every one of them was deleted, which must not read as
      // "nothing known".
      return head.filter(last -> last.seq() > 0).map(last -> new ChainVerdict(remediationId, 0, 0,
          Optional.of(new ChainBreak(0, 0, "", Reason.TRUNCATED, "No record of the chain is left, but its head names "
              + "number " + last.seq() + ": every record was deleted."))));
    }
    if (broken.isEmpty()) {
      // Also with no chained record left: records stripped of their chain (chain_seq and chain_hash set to NULL)
      // would otherwise read as records written before chaining began, and verify.
      broken = headBreak(h, remediationId, head, chained, lastId, lastKey, previous, sealed);
    }
    if (broken.isEmpty() && strayRecord.isEmpty()) {
      strayRecord = countedBreak(h, remediationId, head, outside);
    }
    if (broken.isEmpty() && strayRecord.isEmpty() && chained == 0) {
      strayRecord = storedAfterChainingBegan(c, h, outside);
    }
    return Optional.of(new ChainVerdict(remediationId, chained, unchained, broken.isPresent() ? broken : strayRecord));
  }

  /**
   * What the chain's head says against the chain: no head for chained records (every chained write moves it, so it
   * was deleted); for a sealed chain (its last record of {@link ChainHasher#VERSION}) a head whose MAC does not verify;
   * for any chain a head beyond its last record (its end deleted) or naming another last record.
   */
  private static Optional<ChainBreak> headBreak(ChainHasher h, String remediationId, Optional<Head> found, long chained,
      long lastId, String lastKey, String lastHash, boolean sealed) {
    if (found.isEmpty()) {
      return chained == 0 ? Optional.empty() : Optional.of(new ChainBreak(lastId, chained, lastKey, Reason.HEAD_MISMATCH,
          "The chain has " + chained + " records but no head, which every chained write moves: the head was deleted, as"
              + " it would be to hide a deleted end."));
    }
    Head head = found.get();
    if (sealed && (head.mac() == null || !h.headVerifies(remediationId, head.seq(), head.hash(), head.unchainedBefore(),
        head.mac()))) {
      return Optional.of(new ChainBreak(lastId, chained, lastKey, Reason.HEAD_MISMATCH, "The chain's head (number "
          + head.seq() + ") does not match its HMAC: it was rewritten, or its MAC removed, after it was written, as it"
          + " would be to hide a deleted end."));
    }
    if (head.seq() > chained) {
      return Optional.of(chained == 0
          ? new ChainBreak(0, 0, "", Reason.TRUNCATED, "No record of the chain is left among this remediation's records,"
              + " but its head names number " + head.seq() + ": the chained records were deleted or stripped of their"
              + " hashes.")
          : new ChainBreak(lastId, chained, lastKey, Reason.TRUNCATED, "The chain ends at record " + lastId + " (number "
              + chained + "), but its head names number " + head.seq() + ": the records after it were deleted."));
    }
    // Every writer since V2 moves the head's hash with its records in one transaction, an earlier release's too.
    if (head.seq() < chained || !ChainHasher.same(head.hash(), lastHash)) {
      return Optional.of(new ChainBreak(lastId, chained, lastKey, Reason.HEAD_MISMATCH, "The chain's head names number "
          + head.seq() + " with another hash than its last record, number " + chained + ": the head was put back from"
          + " an earlier state."));
    }
    return Optional.empty();
  }

  /**
   * For a head that counts the records stored before its chain began, whose MAC binds that count (v2): a record without
   * a chain hash beyond that count, whatever its id (a row inserted with an id below the chain's, say), was inserted
   * outside the writer; one fewer was deleted.
   */
  private static Optional<ChainBreak> countedBreak(ChainHasher h, String remediationId, Optional<Head> found,
      List<ChainBreak> outside) {
    if (found.isEmpty() || found.get().unchainedBefore() == null || found.get().mac() == null) {
      return Optional.empty();
    }
    Head head = found.get();
    if (!h.headVerifies(remediationId, head.seq(), head.hash(), head.unchainedBefore(), head.mac())) {
      return Optional.empty(); // not a head this writer sealed last (an earlier release's, mid-upgrade): held as before
    }
    int expected = head.unchainedBefore();
    if (outside.size() > expected) {
      ChainBreak extra = outside.get(expected);
      return Optional.of(new ChainBreak(extra.recordId(), 0, extra.idempotencyKey(), Reason.UNCHAINED_RECORD, "Record "
          + extra.recordId() + " (" + extra.idempotencyKey() + ") has no chain hash, but the chain's sealed head counts "
          + expected + " record" + (expected == 1 ? "" : "s") + " stored before it began and there are "
          + outside.size() + ": it was inserted outside the audit writer."));
    }
    if (outside.size() < expected) {
      return Optional.of(new ChainBreak(0, 0, "", Reason.MISSING_RECORD, "The chain's sealed head counts " + expected
          + " record" + (expected == 1 ? "" : "s") + " stored before it began, but " + outside.size() + " are left: "
          + (expected - outside.size()) + " deleted."));
    }
    return Optional.empty();
  }

  /**
   * The first of a remediation's records without a chain hash (it has no chained one) that was stored after chaining
   * had begun in the trail: such records are not written by a writer with the key, so it was inserted outside the
   * writer, or stripped of its chain together with its head (which the head check alone cannot see). Where chaining
   * began is the trail's sealed origin (V6), which every process with a key writes, unless there is one, as it
   * migrates the schema: without it, or with one whose MAC does not verify, no such record can be shown to predate
   * chaining.
   */
  private static Optional<ChainBreak> storedAfterChainingBegan(Connection c, ChainHasher h, List<ChainBreak> outside)
      throws SQLException {
    if (outside.isEmpty()) {
      return Optional.empty();
    }
    List<Object[]> origin = Sql.list(c, ORIGIN, rs -> new Object[] {rs.getLong(1), rs.getString(2)});
    if (origin.isEmpty() || !h.originVerifies((Long) origin.get(0)[0], String.valueOf(origin.get(0)[1]).strip())) {
      ChainBreak first = outside.get(0);
      return Optional.of(new ChainBreak(first.recordId(), 0, first.idempotencyKey(), Reason.UNCHAINED_RECORD, "Record "
          + first.recordId() + " (" + first.idempotencyKey() + ") has no chain hash, and the trail's record of where"
          + " chaining began is " + (origin.isEmpty() ? "missing (deleted)" : "not what the audit key sealed (rewritten)")
          + ", so no record without a chain hash can be shown to have been written before chaining began."));
    }
    long began = (Long) origin.get(0)[0];
    return outside.stream().filter(r -> r.recordId() > began).findFirst().map(r -> new ChainBreak(r.recordId(), 0,
        r.idempotencyKey(), Reason.UNCHAINED_RECORD, "Record " + r.recordId() + " (" + r.idempotencyKey() + ") has no"
            + " chain hash although it was stored after chaining began in this trail (after record " + began + "):"
            + " it was inserted outside the audit writer, or stripped of its chain together with its head."));
  }

  /**
   * A chain's head: the number and hash of its last record, its MAC (null for heads written before it had one), and
   * how many of the remediation's records were stored before its chain began (null for heads of before V6).
   */
  private record Head(long seq, String hash, String mac, Integer unchainedBefore) {}

  /** The chain's head, if the remediation has one. */
  private static Optional<Head> head(Connection c, String remediationId) throws SQLException {
    try (PreparedStatement ps = Sql.prepare(c, HEAD, remediationId); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      String hash = rs.getString(2);
      String mac = rs.getString(3);
      int unchained = rs.getInt(4);
      Integer unchainedBefore = rs.wasNull() ? null : unchained;
      return Optional.of(new Head(rs.getLong(1), hash == null ? "" : hash.strip(), mac == null ? null : mac.strip(),
          unchainedBefore));
    }
  }

  private static PreparedStatement fetching(PreparedStatement ps) throws SQLException {
    ps.setFetchSize(FETCH_SIZE);
    return ps;
  }

  private <T> T inSnapshot(String what, SqlWork<T> work) {
    if (!running.tryAcquire()) {
      throw new io.kubernaut.ports.failure.RetryableException(AT_ONCE + " verifications of the audit trail run already");
    }
    try {
      return inSnapshotNow(what, work);
    } finally {
      running.release();
    }
  }

  private <T> T inSnapshotNow(String what, SqlWork<T> work) {
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        return work.run(c);
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw SqlFailures.translate(what, e);
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }
}
