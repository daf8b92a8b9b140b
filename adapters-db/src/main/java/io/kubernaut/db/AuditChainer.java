package io.kubernaut.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Extends the per-remediation hash chains inside the writer's transaction. {@link #lock} takes
 * the chain heads of a batch's remediations with one {@code SELECT ... FOR UPDATE}, in id order so
 * that two writers (replicas) never wait on each other in a circle; a concurrent writer of the
 * same remediation waits until this transaction commits and then reads the head it left. Each new
 * record gets the next sequence and its HMAC ({@link ChainHasher}); {@link Links#save} writes the
 * links and the heads back, each head with its own MAC, a JDBC batch each, before the commit.
 */
final class AuditChainer {

  /** The heads a batch needs, created in the order given (its id order). */
  private static final String ENSURE_HEADS = "INSERT INTO audit_chain_head (remediation_id, last_seq)"
      + " SELECT id, 0 FROM unnest(?::text[]) WITH ORDINALITY AS batch(id, position) ORDER BY position"
      + " ON CONFLICT DO NOTHING";
  /**
   * Locks them in id order: PostgreSQL sorts before it locks. Byte order ({@code COLLATE "C"}), which
   * for Kubernetes names is Java's order too, so that it is the same whatever the database's collation.
   */
  private static final String LOCK_HEADS = "SELECT remediation_id, last_seq, last_hash FROM audit_chain_head"
      + " WHERE remediation_id = ANY(?::text[]) ORDER BY remediation_id COLLATE \"C\" FOR UPDATE";
  private static final String LINK = "UPDATE audit_event SET chain_seq = ?, chain_hash = ?, chain_version = "
      + ChainHasher.VERSION + " WHERE id = ?";
  private static final String SAVE_HEAD = "UPDATE audit_chain_head SET last_seq = ?, last_hash = ?, last_mac = ?,"
      + " updated_at = now() WHERE remediation_id = ?";

  private final ChainHasher hasher;

  AuditChainer(AuditKey key) {
    this.hasher = new ChainHasher(key);
  }

  /**
   * Locks the chain heads of these remediations until the transaction ends: two statements for the
   * whole batch, whatever its number of remediations (a round trip each to a database that may be a
   * network hop away).
   */
  Links lock(Connection c, Collection<String> remediationIds) throws SQLException {
    Array ids = c.createArrayOf("text", new TreeSet<>(remediationIds).toArray());
    try (PreparedStatement ensure = Sql.prepare(c, ENSURE_HEADS, ids)) {
      ensure.executeUpdate();
    }
    Map<String, Head> heads = new HashMap<>();
    try (PreparedStatement ps = Sql.prepare(c, LOCK_HEADS, ids); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        heads.put(rs.getString(1), new Head(rs.getLong(2), rs.getString(3).strip()));
      }
    }
    return new Links(c, heads);
  }

  /** The locked heads of one transaction. */
  final class Links {
    private final Map<String, Head> heads;
    private final StatementBatches writes;

    private Links(Connection c, Map<String, Head> heads) {
      this.heads = heads;
      this.writes = new StatementBatches(c);
    }

    /** Appends the freshly inserted row (read with {@link ChainHasher#COLUMNS}) to its remediation's chain. */
    void append(ResultSet row) throws SQLException {
      Head head = heads.get(row.getString("remediation_id"));
      long seq = head.seq + 1;
      String hash = hasher.hash(row, seq, head.hash);
      writes.add(LINK, seq, hash, row.getLong("id"));
      head.seq = seq;
      head.hash = hash;
      head.changed = true;
    }

    /** Writes the links and the heads that moved, one JDBC batch each. */
    void save() throws SQLException {
      for (var e : heads.entrySet()) {
        if (e.getValue().changed) {
          writes.add(SAVE_HEAD, e.getValue().seq, e.getValue().hash,
              hasher.headMac(e.getKey(), e.getValue().seq, e.getValue().hash), e.getKey());
        }
      }
      try (writes) {
        writes.execute();
      }
    }
  }

  private static final class Head {
    long seq;
    String hash;
    boolean changed;

    Head(long seq, String hash) {
      this.seq = seq;
      this.hash = hash;
    }
  }
}
