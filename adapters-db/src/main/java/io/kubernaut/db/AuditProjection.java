package io.kubernaut.db;

import static io.kubernaut.ports.audit.AuditKeys.*;

import io.kubernaut.ports.audit.AuditEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Copies a newly written audit event into the typed table of its type, in the same transaction.
 * Runs only for the first copy of an event, so a replay never duplicates a typed row either.
 * Missing payload keys become empty values, never a rejected event. Typed rows go into the
 * transaction's {@link StatementBatches}, except an analysis, whose recommendations need its id.
 */
final class AuditProjection {

  private AuditProjection() {}

  /** Writes (or batches) the typed row(s) for the event stored under {@code eventId}. */
  static void project(Connection c, StatementBatches rows, long eventId, AuditEvent e) throws SQLException {
    switch (e.type()) {
      case REMEDIATION_CREATED -> remediationCreated(c, rows, e);
      case REMEDIATION_FINAL -> remediationFinal(rows, e);
      case PHASE_TRANSITION -> rows.add("INSERT INTO phase_transition (event_id, remediation_id, fingerprint,"
          + " resource_kind, resource_name, from_phase, to_phase, reason, occurred_at) VALUES (?,?,?,?,?,?,?,?,?)",
          eventId, e.remediationId(), e.fingerprint().hex(), e.detail(RESOURCE_KIND, "AlertRemediation"),
          e.detail(RESOURCE_NAME, e.remediationId()), e.detail(FROM_PHASE, ""), e.detail(TO_PHASE, ""),
          e.payload().get(REASON), Sql.timestamp(e.occurredAt()));
      case ANALYSIS -> analysis(c, rows, eventId, e);
      case ACTION -> rows.add("INSERT INTO action_execution (event_id, remediation_id, fingerprint, step, action_type,"
          + " target_kind, target_namespace, target_name, outcome, message, duration_ms, parameters, rollback,"
          + " occurred_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?::jsonb,?)",
          eventId, e.remediationId(), e.fingerprint().hex(), intOr(e.payload().get(STEP), 0),
          e.detail(ACTION_TYPE, ""), e.detail(TARGET_KIND, ""), e.detail(TARGET_NAMESPACE, ""),
          e.detail(TARGET_NAME, ""), e.detail(OUTCOME, ""), e.payload().get(MESSAGE),
          longOrNull(e.payload().get(DURATION_MS)), PayloadJson.write(PayloadJson.withPrefix(e.payload(), PARAM_PREFIX)),
          PayloadJson.write(PayloadJson.withPrefix(e.payload(), ROLLBACK_PREFIX)), Sql.timestamp(e.occurredAt()));
      case APPROVAL -> rows.add("INSERT INTO approval (event_id, remediation_id, fingerprint, decision, decider,"
          + " reason, occurred_at) VALUES (?,?,?,?,?,?,?)", eventId, e.remediationId(), e.fingerprint().hex(),
          e.detail(DECISION, ""), e.detail(DECIDER, ""), e.payload().get(REASON), Sql.timestamp(e.occurredAt()));
      case NOTIFICATION -> rows.add("INSERT INTO notification (event_id, remediation_id, fingerprint,"
          + " notification_type, channel, delivery, occurred_at) VALUES (?,?,?,?,?,?,?)", eventId,
          e.remediationId(), e.fingerprint().hex(), e.detail(NOTIFICATION_TYPE, ""), e.detail(CHANNEL, ""),
          e.detail(DELIVERY, ""), Sql.timestamp(e.occurredAt()));
      case BLOCK, OTHER -> { }
    }
  }

  private static void remediationCreated(Connection c, StatementBatches rows, AuditEvent e) throws SQLException {
    Map<String, String> labels = PayloadJson.withPrefix(e.payload(), LABEL_PREFIX);
    labels.putIfAbsent("alertname", e.detail(ALERT_NAME, ""));
    double[] vector = IncidentVectoriser.vectorise(labels, PayloadJson.withPrefix(e.payload(), ANNOTATION_PREFIX));
    rows.add("INSERT INTO remediation (remediation_id, fingerprint, alert_name, target_kind, target_namespace,"
        + " target_name, environment, severity, created_at, similarity_vector) VALUES (?,?,?,?,?,?,?,?,?,?)"
        + " ON CONFLICT (remediation_id) DO UPDATE SET alert_name = EXCLUDED.alert_name,"
        + " target_kind = EXCLUDED.target_kind, target_namespace = EXCLUDED.target_namespace,"
        + " target_name = EXCLUDED.target_name, environment = EXCLUDED.environment,"
        + " severity = EXCLUDED.severity, created_at = EXCLUDED.created_at,"
        + " similarity_vector = EXCLUDED.similarity_vector",
        e.remediationId(), e.fingerprint().hex(), e.detail(ALERT_NAME, ""), e.detail(TARGET_KIND, ""),
        e.detail(TARGET_NAMESPACE, e.namespace()), e.detail(TARGET_NAME, ""), e.detail(ENVIRONMENT, ""),
        e.detail(SEVERITY, ""), Sql.timestamp(e.occurredAt()), Sql.vector(c, vector));
  }

  private static void remediationFinal(StatementBatches rows, AuditEvent e) throws SQLException {
    rows.add("INSERT INTO remediation (remediation_id, fingerprint, final_phase, outcome, completed_at)"
        + " VALUES (?,?,?,?,?) ON CONFLICT (remediation_id) DO UPDATE SET final_phase = EXCLUDED.final_phase,"
        + " outcome = EXCLUDED.outcome, completed_at = EXCLUDED.completed_at",
        e.remediationId(), e.fingerprint().hex(), e.detail(PHASE, ""), e.payload().get(OUTCOME),
        Sql.timestamp(e.occurredAt()));
  }

  private static void analysis(Connection c, StatementBatches rows, long eventId, AuditEvent e) throws SQLException {
    long analysisId;
    try (PreparedStatement ps = Sql.prepare(c, "INSERT INTO analysis (event_id, remediation_id, fingerprint,"
        + " analysis_name, investigator, root_cause, confidence, requires_approval, occurred_at)"
        + " VALUES (?,?,?,?,?,?,?,?,?) RETURNING id", eventId, e.remediationId(), e.fingerprint().hex(),
        e.detail(RESOURCE_NAME, ""), e.detail(INVESTIGATOR, ""), e.payload().get(ROOT_CAUSE),
        doubleOrNull(e.payload().get(CONFIDENCE)), boolOrNull(e.payload().get(REQUIRES_APPROVAL)),
        Sql.timestamp(e.occurredAt())); ResultSet rs = ps.executeQuery()) {
      rs.next();
      analysisId = rs.getLong(1);
    }
    recommendations(rows, analysisId, e, RECOMMENDATION_PREFIX, false);
    recommendations(rows, analysisId, e, DROPPED_PREFIX, true);
  }

  private static void recommendations(StatementBatches rows, long analysisId, AuditEvent e, String prefix, boolean dropped)
      throws SQLException {
    for (int i = 1; e.payload().containsKey(prefix + i + ".action"); i++) {
      rows.add("INSERT INTO analysis_recommendation (analysis_id, remediation_id, fingerprint, position,"
          + " action_type, confidence, dropped, drop_reason) VALUES (?,?,?,?,?,?,?,?)", analysisId,
          e.remediationId(), e.fingerprint().hex(), i, e.payload().get(prefix + i + ".action"),
          doubleOrNull(e.payload().get(prefix + i + ".confidence")), dropped,
          e.payload().get(prefix + i + ".reason"));
    }
  }

  private static int intOr(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Long longOrNull(String s) {
    try {
      return s == null ? null : Long.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double doubleOrNull(String s) {
    try {
      double d = s == null ? Double.NaN : Double.parseDouble(s.trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Boolean boolOrNull(String s) {
    return s == null ? null : Boolean.valueOf(s.trim());
  }

}
