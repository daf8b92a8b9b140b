package io.kubernaut.ports.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * A filter over the audit trail, answered in the stable order (occurredAt, id), or in the order the
 * records were stored ({@link Order#RECORDED}). Every filter is optional; build one with
 * {@link #all()} and the {@code with*} methods.
 *
 * @param remediationId only this remediation's events
 * @param type only this type
 * @param namespace only events about targets in this namespace
 * @param since only events that occurred at or after this instant
 * @param until only events that occurred strictly before this instant
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 * @param cursor the {@link AuditEventPage#nextCursor()} of the previous page, to continue after it
 * @param order the order of the pages
 */
public record AuditEventQuery(
    Optional<String> remediationId,
    Optional<AuditEventType> type,
    Optional<String> namespace,
    Optional<Instant> since,
    Optional<Instant> until,
    int limit,
    Optional<String> cursor,
    Order order) {

  /** The order of a listing. */
  public enum Order {
    /**
     * By when each event occurred (then id): what a person reads. A record stored later with an
     * earlier time (one back-filled after a database outage, or posted late by an external writer)
     * lands on a page already read.
     */
    OCCURRED,
    /**
     * By when each record was stored, committed transactions only: what a reader that tails the trail
     * uses. Paging with the cursor misses no record, whatever its time; a page stops before a record
     * whose transaction may still be committing.
     */
    RECORDED
  }

  /** A query in the order of occurrence. */
  public AuditEventQuery(Optional<String> remediationId, Optional<AuditEventType> type, Optional<String> namespace,
      Optional<Instant> since, Optional<Instant> until, int limit, Optional<String> cursor) {
    this(remediationId, type, namespace, since, until, limit, cursor, Order.OCCURRED);
  }

  /** The default page size. */
  public static final int DEFAULT_LIMIT = 100;
  /** The largest page size. */
  public static final int MAX_LIMIT = 1000;

  public AuditEventQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("The limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    order = order == null ? Order.OCCURRED : order;
  }

  /** Every event, first page of {@link #DEFAULT_LIMIT}. */
  public static AuditEventQuery all() {
    return new AuditEventQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), DEFAULT_LIMIT, Optional.empty());
  }

  public AuditEventQuery withRemediation(String id) {
    return new AuditEventQuery(Optional.of(id), type, namespace, since, until, limit, cursor, order);
  }

  public AuditEventQuery withType(AuditEventType t) {
    return new AuditEventQuery(remediationId, Optional.of(t), namespace, since, until, limit, cursor, order);
  }

  public AuditEventQuery withNamespace(String ns) {
    return new AuditEventQuery(remediationId, type, Optional.of(ns), since, until, limit, cursor, order);
  }

  public AuditEventQuery withSince(Instant s) {
    return new AuditEventQuery(remediationId, type, namespace, Optional.of(s), until, limit, cursor, order);
  }

  public AuditEventQuery withUntil(Instant u) {
    return new AuditEventQuery(remediationId, type, namespace, since, Optional.of(u), limit, cursor, order);
  }

  public AuditEventQuery withLimit(int l) {
    return new AuditEventQuery(remediationId, type, namespace, since, until, l, cursor, order);
  }

  public AuditEventQuery withOrder(Order o) {
    return new AuditEventQuery(remediationId, type, namespace, since, until, limit, cursor, o);
  }

  public AuditEventQuery withCursor(String c) {
    return new AuditEventQuery(remediationId, type, namespace, since, until, limit, Optional.of(c), order);
  }
}
