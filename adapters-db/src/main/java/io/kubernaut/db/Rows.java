package io.kubernaut.db;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.audit.StoredAuditEvent;
import io.kubernaut.ports.history.RemediationRecord;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Maps result rows to ports records. */
final class Rows {

  /** The columns {@link #event} reads. */
  static final String EVENT_COLUMNS =
      "id, idempotency_key, remediation_id, fingerprint, namespace, type, occurred_at, recorded_at, payload::text AS payload";
  /** The columns {@link #remediation} reads. */
  static final String REMEDIATION_COLUMNS = "remediation_id, fingerprint, alert_name, target_kind, target_namespace,"
      + " target_name, environment, severity, created_at, final_phase, outcome, completed_at";

  private Rows() {}

  static StoredAuditEvent event(ResultSet rs) throws SQLException {
    AuditEvent event = new AuditEvent(rs.getString("idempotency_key"), rs.getString("remediation_id"),
        new Fingerprint(rs.getString("fingerprint")), rs.getString("namespace"), type(rs.getString("type")),
        Sql.instant(rs, "occurred_at"), PayloadJson.read(rs.getString("payload")));
    return new StoredAuditEvent(rs.getLong("id"), event, Sql.instant(rs, "recorded_at"));
  }

  static RemediationRecord remediation(ResultSet rs) throws SQLException {
    return new RemediationRecord(rs.getString("remediation_id"), new Fingerprint(rs.getString("fingerprint")),
        rs.getString("alert_name"),
        new TargetRef(rs.getString("target_kind"), rs.getString("target_namespace"), rs.getString("target_name")),
        rs.getString("environment"), rs.getString("severity"),
        Optional.ofNullable(Sql.instant(rs, "created_at")), Optional.ofNullable(rs.getString("final_phase")),
        Optional.ofNullable(rs.getString("outcome")), Optional.ofNullable(Sql.instant(rs, "completed_at")));
  }

  private static AuditEventType type(String stored) {
    try {
      return AuditEventType.valueOf(stored);
    } catch (IllegalArgumentException e) {
      return AuditEventType.OTHER;
    }
  }
}
