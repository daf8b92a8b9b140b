package io.kubernaut.db;

import io.kubernaut.ports.audit.ActionOutcomes;
import io.kubernaut.ports.history.ActionEffectiveness;
import io.kubernaut.ports.history.IncidentDescription;
import io.kubernaut.ports.history.Patterns;
import io.kubernaut.ports.history.RecurringFingerprint;
import io.kubernaut.ports.history.RemediationRecord;
import io.kubernaut.ports.history.SimilarIncident;
import io.kubernaut.ports.history.SuccessRate;
import io.kubernaut.ports.history.TargetEffectiveness;
import io.kubernaut.ports.out.RemediationHistory;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/**
 * History and intelligence from the typed tables. An attempt is one workflow step of one
 * remediation whose outcome was verified (Remediated, PartiallyRemediated, NotRemediated,
 * RolledBack or Inconclusive); it succeeded when the step's latest execution succeeded and the
 * remediation was verified Remediated. A step that ran in a remediation that failed, was blocked or
 * is still running counts nowhere, and neither do dry runs.
 */
final class JdbcRemediationHistory implements RemediationHistory {

  /** The outcomes that judge whether the problem went away. */
  static final String VERIFIED = "('Remediated', 'PartiallyRemediated', 'NotRemediated', 'RolledBack', 'Inconclusive')";
  /**
   * The latest outcome of each (remediation, step), dry runs excluded, joined to its verified remediation.
   * Only the operator's own records count: an ACTION posted by an external writer ({@code external:} key)
   * is in the trail and the timeline, but would otherwise let anyone allowed to post audit events raise
   * or lower the success rates that rank and gate the next analyses.
   */
  private static final String ATTEMPTS = "WITH last AS (SELECT DISTINCT ON (a.remediation_id, a.step) a.remediation_id,"
      + " a.step, a.action_type, a.target_kind, a.target_namespace, a.target_name, a.outcome, a.occurred_at"
      + " FROM action_execution a JOIN audit_event e ON e.id = a.event_id WHERE e.idempotency_key NOT LIKE 'external:%'"
      + " ORDER BY a.remediation_id, a.step, a.occurred_at DESC, a.id DESC),"
      + " attempt AS (SELECT l.*, r.alert_name, (l.outcome = '" + ActionOutcomes.SUCCEEDED + "' AND r.outcome = 'Remediated') AS verified"
      + " FROM last l JOIN remediation r USING (remediation_id)"
      + " WHERE l.outcome <> '" + ActionOutcomes.DRY_RUN + "' AND r.outcome IN " + VERIFIED + " AND l.occurred_at >= ?) ";
  private static final String COUNTS = "count(*) AS attempts, count(*) FILTER (WHERE verified) AS successes";
  private static final String BEST_FIRST = " ORDER BY count(*) FILTER (WHERE verified)::float8 / count(*) DESC,"
      + " count(*) DESC";

  private final Database database;

  @Inject
  JdbcRemediationHistory(Database database) {
    this.database = database;
  }

  @Override
  public List<ActionEffectiveness> effectiveness(Instant since, Optional<String> alertName, int limit) {
    String sql = ATTEMPTS + "SELECT alert_name, action_type, target_kind, " + COUNTS + " FROM attempt"
        + (alertName.isPresent() ? " WHERE alert_name = ?" : "")
        + " GROUP BY alert_name, action_type, target_kind" + BEST_FIRST + ", alert_name, action_type, target_kind"
        + " LIMIT ?";
    Object[] args = alertName.isPresent() ? new Object[] {Sql.timestamp(since), alertName.get(), limit}
        : new Object[] {Sql.timestamp(since), limit};
    return query(sql, JdbcRemediationHistory::actionRate, args);
  }

  @Override
  public List<TargetEffectiveness> effectivenessByTarget(Instant since, int limit) {
    return query(ATTEMPTS + "SELECT target_kind, target_namespace, target_name, action_type, " + COUNTS
        + " FROM attempt GROUP BY target_kind, target_namespace, target_name, action_type"
        + " ORDER BY target_namespace, target_kind, target_name, action_type LIMIT ?",
        rs -> new TargetEffectiveness(new TargetRef(rs.getString("target_kind"), rs.getString("target_namespace"),
            rs.getString("target_name")), rs.getString("action_type"), rate(rs)), Sql.timestamp(since), limit);
  }

  private static ActionEffectiveness actionRate(ResultSet rs) throws SQLException {
    return new ActionEffectiveness(rs.getString("alert_name"), rs.getString("action_type"), rs.getString("target_kind"),
        rate(rs));
  }

  @Override
  public Map<String, SuccessRate> successRates(String alertName) {
    Map<String, SuccessRate> rates = new LinkedHashMap<>();
    query(ATTEMPTS + "SELECT action_type, " + COUNTS + " FROM attempt WHERE alert_name = ?"
        + " GROUP BY action_type" + BEST_FIRST + ", action_type",
        rs -> rates.put(rs.getString("action_type"), rate(rs)), Sql.timestamp(Instant.EPOCH), alertName);
    return rates;
  }

  @Override
  public Patterns patterns(Instant since, int minRemediations, int minAttempts, double ineffectiveBelow, int limit) {
    List<RecurringFingerprint> recurring = query("SELECT fingerprint, max(alert_name) AS alert_name,"
        + " count(*) AS remediations, count(*) FILTER (WHERE final_phase IS NOT NULL AND (final_phase <> 'Completed'"
        + " OR outcome IN ('PartiallyRemediated', 'NotRemediated', 'RolledBack', 'Inconclusive'))) AS unsuccessful, min(created_at) AS first_seen, max(created_at) AS last_seen FROM remediation"
        + " WHERE created_at >= ? GROUP BY fingerprint HAVING count(*) >= ? ORDER BY count(*) DESC, fingerprint LIMIT ?",
        rs -> new RecurringFingerprint(new Fingerprint(rs.getString("fingerprint")), rs.getString("alert_name"),
            rs.getInt("remediations"), rs.getInt("unsuccessful"), Sql.instant(rs, "first_seen"),
            Sql.instant(rs, "last_seen")), Sql.timestamp(since), minRemediations, limit);
    String rate = "count(*) FILTER (WHERE verified)::float8 / count(*)";
    List<ActionEffectiveness> ineffective = query(ATTEMPTS + "SELECT alert_name, action_type, target_kind, " + COUNTS
        + " FROM attempt GROUP BY alert_name, action_type, target_kind HAVING count(*) >= ? AND " + rate + " < ?"
        + " ORDER BY " + rate + ", count(*) DESC, alert_name, action_type, target_kind LIMIT ?",
        JdbcRemediationHistory::actionRate, Sql.timestamp(since), minAttempts, ineffectiveBelow, limit);
    return new Patterns(recurring, ineffective);
  }

  @Override
  public List<RemediationRecord> historyOf(TargetRef target, int limit) {
    return query("SELECT " + Rows.REMEDIATION_COLUMNS + " FROM remediation WHERE target_namespace = ?"
        + " AND target_kind = ? AND target_name = ? ORDER BY created_at DESC NULLS LAST, remediation_id LIMIT ?",
        Rows::remediation, target.namespace(), target.kind(), target.name(), limit);
  }

  @Override
  public List<SimilarIncident> similar(IncidentDescription incident, int limit, double minSimilarity) {
    double[] probe = IncidentVectoriser.vectorise(incident.labels(), incident.annotations());
    try (Connection c = database.connect()) {
      return database.similarityScorer().similar(c, probe, incident.remediationId().orElse(""), limit, minSimilarity);
    } catch (SQLException e) {
      throw SqlFailures.translate("search similar incidents", e);
    }
  }

  private static SuccessRate rate(ResultSet rs) throws SQLException {
    return new SuccessRate(rs.getInt("attempts"), rs.getInt("successes"));
  }

  private <T> List<T> query(String sql, Sql.RowMapper<T> mapper, Object... args) {
    try (Connection c = database.connect()) {
      return Sql.list(c, sql, mapper, args);
    } catch (SQLException e) {
      throw SqlFailures.translate("read the remediation history", e);
    }
  }
}
