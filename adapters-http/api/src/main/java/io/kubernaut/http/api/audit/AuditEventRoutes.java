package io.kubernaut.http.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.http.api.route.RequestBodies;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventPage;
import io.kubernaut.ports.audit.AuditEventQuery;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.out.AuditQueries;
import io.kubernaut.ports.out.AuditTrail;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/audit/events} (external writers; 202 with the stored key, 503 while the
 * trail's queue is full) and {@code GET /api/v1/audit/events} (filters, keyset pagination in the
 * stable order (occurredAt, id), a {@code next} cursor while more pages exist; with
 * {@code order=recorded}, in the order of storing, with a {@code resume} cursor on every page for a
 * reader that tails the trail).
 */
final class AuditEventRoutes implements RouteGroup {

  private static final Logger LOG = LoggerFactory.getLogger(AuditEventRoutes.class);
  static final String PATH = "/api/v1/audit/events";
  private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_=-]{1,200}");
  /** Where the API authenticator leaves the authenticated user, stored as the event's writer. */
  static final String WRITER_ATTRIBUTE = "kubernaut.user";

  /** The answer to a post. */
  record Accepted(String idempotencyKey, String status) {}

  /** One page. {@code next} is absent on the last page; {@code resume} only in the order of storing. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Page(List<Views.EventView> events, int count, String next, String resume) {}

  private final AuditTrail trail;
  private final AuditQueries queries;
  private final RequestBodies bodies;
  private final Clock clock;

  AuditEventRoutes(AuditTrail trail, AuditQueries queries, RequestBodies bodies, Clock clock) {
    this.trail = trail;
    this.queries = queries;
    this.bodies = bodies;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post(PATH, this::write, RequiredPermission.of(Permission.AUDIT_CREATE));
    routes.get(PATH, this::read, RequiredPermission.of(Permission.AUDIT_GET));
  }

  private void write(Context ctx) {
    Object user = ctx.attribute(WRITER_ATTRIBUTE);
    AuditEvent event = bodies.parse(ctx, AuditEventRequest.class).toEvent(ctx.header("Idempotency-Key"), clock.instant(),
        user == null ? "unknown" : user.toString());
    if (!trail.storing()) {
      // Taken now it would live in this process's memory only: a restart before the database is back loses it,
      // and an external event has no other copy (the operator's own are derived again from status).
      LOG.warn("Refused external audit event {} with 503: the audit database is not configured or not reachable",
          event.idempotencyKey());
      throw HttpProblem.unavailable("The audit database is not configured or not reachable, so the event was not "
          + "taken; post it again after Retry-After with the same idempotency key.", StoreCalls.RETRY_AFTER_SECONDS);
    }
    if (trail.record(event) == RecordResult.BACKPRESSURE) {
      LOG.warn("Refused external audit event {} with 503: the audit queue is full ({} waiting)",
          event.idempotencyKey(), trail.backlog());
      throw HttpProblem.unavailable("The audit queue is full (" + trail.backlog() + " events wait for the database), "
          + "so the event was not taken; post it again after Retry-After with the same idempotency key.",
          StoreCalls.RETRY_AFTER_SECONDS);
    }
    ctx.status(202).json(new Accepted(event.idempotencyKey(), "queued"));
  }

  private void read(Context ctx) {
    AuditEventQuery query = query(new QueryParams(ctx));
    AuditEventPage page;
    try {
      page = StoreCalls.ask("list audit events", () -> queries.events(query));
    } catch (PermanentException e) {
      throw HttpProblem.of(400, "Bad Request", query.cursor().isPresent()
          ? "Query parameter 'cursor' is not one this API handed out; start again without it."
          : "The query cannot be answered: " + e.getMessage(), List.of());
    }
    ctx.json(new Page(page.events().stream().map(Views.EventView::of).toList(), page.events().size(),
        page.nextCursor().orElse(null), page.resumeCursor().orElse(null)));
  }

  /** The query from the parameters, or a 400 problem naming every bad one. */
  static AuditEventQuery query(QueryParams p) {
    var remediation = p.matching("remediation", QueryParams.OBJECT_NAME, "an AlertRemediation name");
    var type = p.constant("type", AuditEventType.class);
    var namespace = p.matching("namespace", QueryParams.NAMESPACE, "a namespace name");
    var since = p.instant("since");
    var until = p.instant("until");
    int limit = p.integer("limit", 1, AuditEventQuery.MAX_LIMIT, AuditEventQuery.DEFAULT_LIMIT);
    var cursor = p.matching("cursor", CURSOR, "a cursor from 'next' or 'resume'");
    var order = p.constant("order", AuditEventQuery.Order.class);
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      p.reject("Query parameter 'since' (" + since.get() + ") must be before 'until' (" + until.get() + ").");
    }
    p.check();
    AuditEventQuery q = AuditEventQuery.all().withLimit(limit);
    q = remediation.map(q::withRemediation).orElse(q);
    q = type.map(q::withType).orElse(q);
    q = namespace.map(q::withNamespace).orElse(q);
    q = since.map(q::withSince).orElse(q);
    q = until.map(q::withUntil).orElse(q);
    q = order.map(q::withOrder).orElse(q);
    return cursor.map(q::withCursor).orElse(q);
  }
}
