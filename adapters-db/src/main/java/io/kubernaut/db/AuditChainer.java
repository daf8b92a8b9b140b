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

  /**
   * The heads a batch needs, created in the order given (its id order), each counting the remediation's records
   * stored before its chain began (none, unless they were written before an audit key was set).
   */
  private static final String ENSURE_HEADS = "INSERT INTO audit_chain_head (remediation_id, last_seq, unchained_before)"
      + " SELECT batch.id, 0, (SELECT count(*) FROM audit_event e WHERE e.remediation_id = batch.id"
      + " AND e.chain_seq IS NULL) FROM unnest(?::text[]) WITH ORDINALITY AS batch(id, position) ORDER BY position"
      + " ON CONFLICT DO NOTHING";
  /**
   * Locks them in id order: PostgreSQL sorts before it locks. Byte order ({@code COLLATE "C"}), which
   * for Kubernetes names is Java's order too, so that it is the same whatever the database's collation.
   */
  private static final String LOCK_HEADS = "SELECT remediation_id, last_seq, last_hash, unchained_before FROM audit_chain_head"
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
        int counted = rs.getInt(4);
        Integer unchainedBefore = rs.wasNull() ? null : counted; // null: a head of before V6
        heads.put(rs.getString(1), new Head(rs.getLong(2), rs.getString(3).strip(), unchainedBefore));
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
              hasher.headMac(e.getKey(), e.getValue().seq, e.getValue().hash, e.getValue().unchainedBefore), e.getKey());
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
    /** The records stored before the chain began, as counted when the head was created; null for a head of before V6. */
    final Integer unchainedBefore;

    Head(long seq, String hash, Integer unchainedBefore) {
      this.seq = seq;
      this.hash = hash;
      this.unchainedBefore = unchainedBefore;
    }
  }

  private static final String ORIGIN = "SELECT began_after_id FROM audit_chain_origin";
  /**
   * The last id stored before chaining began: before the trail's first chained record, or the last record of all when
   * none is chained yet (the records before an audit key was first set).
   */
  private static final String BEGAN_AFTER = "SELECT COALESCE((SELECT min(id) - 1 FROM audit_event WHERE chain_seq IS NOT"
      + " NULL), (SELECT max(id) FROM audit_event), 0)";
  private static final String WRITE_ORIGIN = "INSERT INTO audit_chain_origin (singleton, began_after_id, mac)"
      + " VALUES (TRUE, ?, ?) ON CONFLICT DO NOTHING";

  /**
   * Writes the trail's origin, sealed with {@code hasher}'s key, unless it has one: done once, as the schema is
   * migrated by the first process with an audit key (two at once: the first insert stays).
   */
  static void ensureOrigin(Connection c, ChainHasher hasher) throws SQLException {
    if (!Sql.list(c, ORIGIN, rs -> rs.getLong(1)).isEmpty()) {
      return;
    }
    long beganAfter = Sql.list(c, BEGAN_AFTER, rs -> rs.getLong(1)).get(0);
    try (PreparedStatement ps = Sql.prepare(c, WRITE_ORIGIN, beganAfter, hasher.originMac(beganAfter))) {
      ps.executeUpdate();
    }
  }
}
