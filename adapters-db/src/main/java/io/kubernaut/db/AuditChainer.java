package io.kubernaut.db;

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
 * the chain heads of a batch's remediations with {@code SELECT ... FOR UPDATE}, in id order so
 * that two writers (replicas) never wait on each other in a circle; a concurrent writer of the
 * same remediation waits until this transaction commits and then reads the head it left. Each new
 * record gets the next sequence and its HMAC ({@link ChainHasher}); {@link Links#save} writes the
 * links in one JDBC batch and the heads back before the commit.
 */
final class AuditChainer {

  private static final String ENSURE_HEAD =
      "INSERT INTO audit_chain_head (remediation_id, last_seq) VALUES (?, 0) ON CONFLICT DO NOTHING";
  private static final String LOCK_HEAD =
      "SELECT last_seq, last_hash FROM audit_chain_head WHERE remediation_id = ? FOR UPDATE";
  private static final String LINK = "UPDATE audit_event SET chain_seq = ?, chain_hash = ? WHERE id = ?";
  private static final String SAVE_HEAD =
      "UPDATE audit_chain_head SET last_seq = ?, last_hash = ?, updated_at = now() WHERE remediation_id = ?";

  private final ChainHasher hasher;

  AuditChainer(AuditKey key) {
    this.hasher = new ChainHasher(key);
  }

  /** Locks the chain heads of these remediations until the transaction ends. */
  Links lock(Connection c, Collection<String> remediationIds) throws SQLException {
    Map<String, Head> heads = new HashMap<>();
    for (String id : new TreeSet<>(remediationIds)) {
      try (PreparedStatement ensure = Sql.prepare(c, ENSURE_HEAD, id)) {
        ensure.executeUpdate();
      }
      try (PreparedStatement ps = Sql.prepare(c, LOCK_HEAD, id); ResultSet rs = ps.executeQuery()) {
        rs.next();
        heads.put(id, new Head(rs.getLong(1), rs.getString(2).strip()));
      }
    }
    return new Links(c, heads);
  }

  /** The locked heads of one transaction. */
  final class Links {
    private final Connection c;
    private final Map<String, Head> heads;

    private final PreparedStatement link;

    private Links(Connection c, Map<String, Head> heads) throws SQLException {
      this.c = c;
      this.heads = heads;
      this.link = c.prepareStatement(LINK);
    }

    /** Appends the freshly inserted row (read with {@link ChainHasher#COLUMNS}) to its remediation's chain. */
    void append(ResultSet row) throws SQLException {
      Head head = heads.get(row.getString("remediation_id"));
      long seq = head.seq + 1;
      String hash = hasher.hash(row, seq, head.hash);
      link.setLong(1, seq);
      link.setString(2, hash);
      link.setLong(3, row.getLong("id"));
      link.addBatch();
      head.seq = seq;
      head.hash = hash;
      head.changed = true;
    }

    /** Writes the links (one JDBC batch) and the heads that moved. */
    void save() throws SQLException {
      try (link) {
        link.executeBatch();
      }
      for (var e : heads.entrySet()) {
        if (e.getValue().changed) {
          try (PreparedStatement ps = Sql.prepare(c, SAVE_HEAD, e.getValue().seq, e.getValue().hash, e.getKey())) {
            ps.executeUpdate();
          }
        }
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
