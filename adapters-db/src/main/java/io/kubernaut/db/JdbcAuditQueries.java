package io.kubernaut.db;

import io.kubernaut.ports.audit.AuditEventPage;
import io.kubernaut.ports.audit.AuditEventQuery;
import io.kubernaut.ports.audit.StoredAuditEvent;
import io.kubernaut.ports.audit.Timeline;
import io.kubernaut.ports.history.RemediationRecord;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.signal.TargetRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/** Reads the audit trail with keyset pagination over the stable order (occurred_at, id). */
final class JdbcAuditQueries implements AuditQueries {

  /** The most of the operator's own events a timeline returns (a remediation records a few dozen). */
  static final int TIMELINE_LIMIT = 5_000;
  /**
   * The most events posted by external writers a timeline returns, the latest: any number may be posted, dated as
   * their writer likes, and each may hold 16 Ki characters; they must neither push the operator's own records out of
   * the timeline nor make it too large to answer.
   */
  static final int TIMELINE_EXTERNAL_LIMIT = 200;
  /** The keys external writers' events are stored under (the audit events API's). */
  private static final String EXTERNAL = "external:%";

  private final Database database;

  @Inject
  JdbcAuditQueries(Database database) {
    this.database = database;
  }

  @Override
  public AuditEventPage events(AuditEventQuery q) {
    if (q.order() == AuditEventQuery.Order.RECORDED || q.cursor().filter(EventCursor::isRecorded).isPresent()) {
      return inOrderOfStoring(q);
    }
    StringBuilder sql = new StringBuilder("SELECT " + Rows.EVENT_COLUMNS + " FROM audit_event WHERE true");
    List<Object> args = new ArrayList<>();
    filters(q, sql, args);
    q.cursor().map(EventCursor::decode).ifPresent(c -> {
      where(sql, args, " AND (occurred_at, id) > (?, ?)", Sql.timestamp(c.occurredAt()));
      args.add(c.id());
    });
    sql.append(" ORDER BY occurred_at, id LIMIT ?");
    args.add(q.limit() + 1);
    List<StoredAuditEvent> rows = select(sql.toString(), args.toArray());
    if (rows.size() <= q.limit()) {
      return new AuditEventPage(rows, Optional.empty());
    }
    List<StoredAuditEvent> page = rows.subList(0, q.limit());
    return new AuditEventPage(page, Optional.of(EventCursor.after(page.get(page.size() - 1)).encode()));
  }

  /** The filters every order shares. */
  private static void filters(AuditEventQuery q, StringBuilder sql, List<Object> args) {
    q.remediationId().ifPresent(v -> where(sql, args, " AND remediation_id = ?", v));
    q.type().ifPresent(v -> where(sql, args, " AND type = ?", v.name()));
    q.namespace().ifPresent(v -> where(sql, args, " AND namespace = ?", v));
    q.since().ifPresent(v -> where(sql, args, " AND occurred_at >= ?", Sql.timestamp(v)));
    q.until().ifPresent(v -> where(sql, args, " AND occurred_at < ?", Sql.timestamp(v)));
  }

  /** One stored event with the transaction that stored it (null for one stored before that was kept). */
  private record Stored(StoredAuditEvent event, String xid) {}

  /**
   * A page in the order of storing (recorded_xid, id), up to the oldest transaction still running:
   * a transaction that began before it may commit after this read, with a lower id and an older time;
   * stopping there means the next page, from the cursor, still finds its records.
   */
  private AuditEventPage inOrderOfStoring(AuditEventQuery q) {
    // The transaction id is read as text under another name: ORDER BY recorded_xid would otherwise sort the text
    // ("1000" before "998") and page past records.
    StringBuilder sql = new StringBuilder("SELECT " + Rows.EVENT_COLUMNS + ", recorded_xid::text AS stored_by"
        + " FROM audit_event WHERE (recorded_xid IS NULL OR recorded_xid < pg_snapshot_xmin(pg_current_snapshot()))");
    List<Object> args = new ArrayList<>();
    filters(q, sql, args);
    q.cursor().map(EventCursor.Recorded::decode).ifPresent(c -> {
      if (c.xid() == null) {
        where(sql, args, " AND ((recorded_xid IS NULL AND id > ?) OR recorded_xid IS NOT NULL)", c.id());
      } else {
        where(sql, args, " AND (audit_event.recorded_xid, audit_event.id) > (?::xid8, ?)", c.xid());
        args.add(c.id());
      }
    });
    sql.append(" ORDER BY audit_event.recorded_xid NULLS FIRST, audit_event.id LIMIT ?");
    args.add(q.limit() + 1);
    List<Stored> rows;
    try (Connection c = database.connect()) {
      rows = Sql.list(c, sql.toString(), rs -> new Stored(Rows.event(rs), rs.getString("stored_by")), args.toArray());
    } catch (SQLException e) {
      throw SqlFailures.translate("read audit events", e);
    }
    List<StoredAuditEvent> events = rows.stream().map(Stored::event).limit(q.limit()).toList();
    boolean more = rows.size() > q.limit();
    Stored last = rows.isEmpty() ? null : rows.get(Math.min(rows.size(), q.limit()) - 1);
    // After the last record of this page; on an empty page, where the reader was.
    Optional<String> after = last != null ? Optional.of(new EventCursor.Recorded(last.xid(), last.event().id()).encode())
        : q.cursor().or(() -> Optional.of(new EventCursor.Recorded(null, 0).encode()));
    return new AuditEventPage(events, more ? after : Optional.empty(), after);
  }

  @Override
  public Optional<Timeline> timeline(String remediationId) {
    List<StoredAuditEvent> own = select("SELECT " + Rows.EVENT_COLUMNS + " FROM audit_event WHERE remediation_id = ?"
        + " AND idempotency_key NOT LIKE ? ORDER BY occurred_at, id LIMIT ?", remediationId, EXTERNAL, TIMELINE_LIMIT + 1);
    List<StoredAuditEvent> posted = select("SELECT " + Rows.EVENT_COLUMNS + " FROM audit_event WHERE remediation_id = ?"
        + " AND idempotency_key LIKE ? ORDER BY occurred_at DESC, id DESC LIMIT ?", remediationId, EXTERNAL,
        TIMELINE_EXTERNAL_LIMIT + 1);
    boolean truncated = own.size() > TIMELINE_LIMIT || posted.size() > TIMELINE_EXTERNAL_LIMIT;
    List<StoredAuditEvent> events = new ArrayList<>(own.subList(0, Math.min(own.size(), TIMELINE_LIMIT)));
    events.addAll(posted.subList(0, Math.min(posted.size(), TIMELINE_EXTERNAL_LIMIT)));
    events.sort(java.util.Comparator.comparing((StoredAuditEvent e) -> e.event().occurredAt())
        .thenComparingLong(StoredAuditEvent::id));
    Optional<RemediationRecord> remediation = remediation(remediationId);
    if (remediation.isEmpty() && events.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Timeline(remediation.orElseGet(() -> unknownYet(events.get(0))), events, truncated));
  }

  private Optional<RemediationRecord> remediation(String remediationId) {
    try (Connection c = database.connect();
        PreparedStatement ps = Sql.prepare(c, "SELECT " + Rows.REMEDIATION_COLUMNS
            + " FROM remediation WHERE remediation_id = ?", remediationId);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(Rows.remediation(rs)) : Optional.empty();
    } catch (SQLException e) {
      throw SqlFailures.translate("read remediation " + remediationId, e);
    }
  }

  private List<StoredAuditEvent> select(String sql, Object... args) {
    try (Connection c = database.connect()) {
      return Sql.list(c, sql, Rows::event, args);
    } catch (SQLException e) {
      throw SqlFailures.translate("read audit events", e);
    }
  }

  private static void where(StringBuilder sql, List<Object> args, String clause, Object value) {
    sql.append(clause);
    args.add(value);
  }

  /** A remediation whose creation event is not written yet: only its id and fingerprint are known. */
  private static RemediationRecord unknownYet(StoredAuditEvent first) {
    return new RemediationRecord(first.event().remediationId(), first.event().fingerprint(), "",
        new TargetRef("", first.event().namespace(), ""), "", "", Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }
}
