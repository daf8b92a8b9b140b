package io.kubernaut.db;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Test data: fingerprints, event factories and synchronous writes. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private Fixtures() {}

  static Fingerprint fingerprint(String seed) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return new Fingerprint(HexFormat.of().formatHex(d));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static AuditEvents remediation(String id, String fingerprintSeed, TargetRef target) {
    return new AuditEvents(id, fingerprint(fingerprintSeed), target);
  }

  static AuditEvent created(AuditEvents r, Instant at, String alertName) {
    return r.created(at, alertName, "production", "critical", Map.of("alertname", alertName), Map.of());
  }

  /** Writes the events synchronously, in one transaction. */
  static void write(Database database, List<AuditEvent> events) {
    try {
      new AuditBatchWriter(database).write(events);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(Database database, String sql) {
    try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String string(Database database, String sql) {
    try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
