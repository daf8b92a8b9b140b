package io.kubernaut.db;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 of one audit record, chained to its predecessor. It is computed over the record
 * as PostgreSQL stores it — the {@code jsonb} payload's canonical text and the time at microsecond
 * precision, read back in the writing transaction — so the verifier, reading the same columns,
 * recomputes the same bytes. Every field is length-prefixed, so no two records share an input.
 *
 * <p>Input: {@code kubernaut-audit-v<version>}, sequence, previous hash (empty for the first),
 * remediation id, idempotency key, fingerprint, namespace, type, occurred-at (epoch microseconds),
 * payload. Version 1 for records chained before their heads were sealed (column {@code
 * chain_version} NULL), {@link #VERSION} since. A head's MAC ({@link #headMac}) is over {@code
 * kubernaut-audit-head-v1}, remediation id, last sequence and last hash; for a head that counts the records stored
 * before its chain began (since V6), over {@code kubernaut-audit-head-v2}, the same and that count. The trail's origin
 * ({@link #originMac}) is over {@code kubernaut-audit-origin-v1} and the last id stored before chaining began.
 */
final class ChainHasher {

  /** The columns {@link #hash} reads, for SELECT and RETURNING clauses. */
  static final String COLUMNS = "id, remediation_id, idempotency_key, fingerprint, namespace, type, occurred_at,"
      + " payload::text AS payload_text";
  private static final String ALGORITHM = "HmacSHA256";
  /** The version of the records the writer chains now: their chain's head carries a MAC. */
  static final int VERSION = 2;

  private final SecretKeySpec key;
  /** One keyed MAC per thread, kept: a new one per record was a third of the hashing's cost. */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::keyedMac);
  /** The hashers of the keys retired before this one: what was written under them still verifies. */
  private final java.util.List<ChainHasher> retired;

  ChainHasher(AuditKey key) {
    this.key = new SecretKeySpec(key.bytes(), ALGORITHM);
    this.retired = key.retired().stream().map(ChainHasher::new).toList();
  }

  /**
   * Whether {@code stored} is the hash of {@code version} of the row at {@code sequence} after {@code previous},
   * under this key or a retired one (a record written before a rotation). Compared in constant time.
   */
  boolean verifies(ResultSet row, int version, long sequence, String previous, String stored) throws SQLException {
    if (same(hash(row, version, sequence, previous), stored)) {
      return true;
    }
    for (ChainHasher older : retired) {
      if (same(older.hash(row, version, sequence, previous), stored)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code mac} is the MAC of the head, under this key or a retired one. Compared in constant time. */
  boolean headVerifies(String remediationId, long lastSequence, String lastHash, String mac) {
    return headVerifies(remediationId, lastSequence, lastHash, null, mac);
  }

  /**
   * Whether {@code mac} is the MAC of the head that counts {@code unchainedBefore} records stored before its chain
   * began (null: a head of before V6, which counts none), under this key or a retired one.
   */
  boolean headVerifies(String remediationId, long lastSequence, String lastHash, Integer unchainedBefore, String mac) {
    if (same(headMac(remediationId, lastSequence, lastHash, unchainedBefore), mac)) {
      return true;
    }
    return retired.stream().anyMatch(older -> same(older.headMac(remediationId, lastSequence, lastHash,
        unchainedBefore), mac));
  }

  /** Whether {@code mac} is the MAC of the trail's origin, under this key or a retired one. */
  boolean originVerifies(long beganAfterId, String mac) {
    if (same(originMac(beganAfterId), mac)) {
      return true;
    }
    return retired.stream().anyMatch(older -> same(older.originMac(beganAfterId), mac));
  }

  /** The MAC of the trail's origin: the last record id stored before chaining began. */
  String originMac(long beganAfterId) {
    Mac mac = macs.get();
    mac.reset();
    field(mac, "kubernaut-audit-origin-v1");
    field(mac, Long.toString(beganAfterId));
    return HexFormat.of().formatHex(mac.doFinal());
  }

  /** Whether two hex hashes or MACs are the same, compared in constant time. */
  static boolean same(String a, String b) {
    return java.security.MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /** The hash the writer gives the row (selected with {@link #COLUMNS}) at {@code sequence} after {@code previous}. */
  String hash(ResultSet row, long sequence, String previous) throws SQLException {
    return hash(row, VERSION, sequence, previous);
  }

  /** The hash of {@code version} of the row (selected with {@link #COLUMNS}) at {@code sequence} after {@code previous}. */
  String hash(ResultSet row, int version, long sequence, String previous) throws SQLException {
    Instant at = Sql.instant(row, "occurred_at");
    long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    Mac mac = macs.get();
    mac.reset(); // an earlier hash that failed half-way (a column unreadable) may have left input behind
    field(mac, "kubernaut-audit-v" + version);
    field(mac, Long.toString(sequence));
    field(mac, previous);
    field(mac, row.getString("remediation_id"));
    field(mac, row.getString("idempotency_key"));
    field(mac, row.getString("fingerprint"));
    field(mac, row.getString("namespace"));
    field(mac, row.getString("type"));
    field(mac, Long.toString(micros));
    field(mac, row.getString("payload_text"));
    return HexFormat.of().formatHex(mac.doFinal());
  }

  /** The MAC of a chain head: its remediation, the number of its last record and that record's hash. */
  String headMac(String remediationId, long lastSequence, String lastHash) {
    return headMac(remediationId, lastSequence, lastHash, null);
  }

  /**
   * The MAC of a chain head: its remediation, the number of its last record, that record's hash and, for a head that
   * counts them (not null), how many of the remediation's records were stored before its chain began.
   */
  String headMac(String remediationId, long lastSequence, String lastHash, Integer unchainedBefore) {
    Mac mac = macs.get();
    mac.reset();
    field(mac, unchainedBefore == null ? "kubernaut-audit-head-v1" : "kubernaut-audit-head-v2");
    field(mac, remediationId);
    field(mac, Long.toString(lastSequence));
    field(mac, lastHash);
    if (unchainedBefore != null) {
      field(mac, Integer.toString(unchainedBefore));
    }
    return HexFormat.of().formatHex(mac.doFinal());
  }

  private Mac keyedMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("The audit key is not usable for " + ALGORITHM, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
    }
  }

  private static void field(Mac mac, String value) {
    byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    mac.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    mac.update(bytes);
    mac.update((byte) '\n');
  }
}
