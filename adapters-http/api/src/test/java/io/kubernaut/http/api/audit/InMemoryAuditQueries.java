package io.kubernaut.http.api.audit;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventPage;
import io.kubernaut.ports.audit.AuditEventQuery;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.audit.AuditKeys;
import io.kubernaut.ports.audit.StoredAuditEvent;
import io.kubernaut.ports.audit.Timeline;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.history.RemediationRecord;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * An in-memory {@link AuditQueries}: the stable order (occurredAt, id), the same filters, and an
 * opaque keyset cursor; a cursor it did not hand out is a {@link PermanentException}.
 */
final class InMemoryAuditQueries implements io.kubernaut.ports.out.AuditQueries {

  private static final Comparator<StoredAuditEvent> ORDER =
      Comparator.comparing((StoredAuditEvent s) -> s.event().occurredAt()).thenComparingLong(StoredAuditEvent::id);

  private final List<StoredAuditEvent> events = new ArrayList<>();
  private long nextId = 1;
  private volatile boolean unavailable;

  /** Stores the event unless its key is known; returns the stored copy. */
  synchronized StoredAuditEvent store(AuditEvent event) {
    return events.stream().filter(s -> s.event().idempotencyKey().equals(event.idempotencyKey())).findFirst()
        .orElseGet(() -> {
          StoredAuditEvent s = new StoredAuditEvent(nextId++, event, event.occurredAt().plusMillis(5));
          events.add(s);
          return s;
        });
  }

  synchronized List<StoredAuditEvent> all() {
    return List.copyOf(events);
  }

  /** From now on every query throws {@link RetryableException}. */
  void unavailable() {
    unavailable = true;
  }

  /** The last query asked, as the route built it. */
  volatile AuditEventQuery lastQuery;

  @Override
  public synchronized AuditEventPage events(AuditEventQuery q) {
    checkAvailable();
    lastQuery = q;
    Optional<long[]> after = q.cursor().map(InMemoryAuditQueries::decode);
    List<StoredAuditEvent> matching = events.stream()
        .filter(s -> q.remediationId().map(s.event().remediationId()::equals).orElse(true))
        .filter(s -> q.type().map(t -> t == s.event().type()).orElse(true))
        .filter(s -> q.namespace().map(s.event().namespace()::equals).orElse(true))
        .filter(s -> q.since().map(t -> !s.event().occurredAt().isBefore(t)).orElse(true))
        .filter(s -> q.until().map(t -> s.event().occurredAt().isBefore(t)).orElse(true))
        .filter(s -> after.map(c -> isAfter(s, c)).orElse(true))
        .sorted(ORDER).toList();
    Optional<String> resume = q.order() == AuditEventQuery.Order.RECORDED ? Optional.of("cmVzdW1l") : Optional.empty();
    if (matching.size() <= q.limit()) {
      return new AuditEventPage(matching, Optional.empty(), resume);
    }
    List<StoredAuditEvent> page = matching.subList(0, q.limit());
    StoredAuditEvent last = page.get(page.size() - 1);
    return new AuditEventPage(page, Optional.of(encode(last)));
  }

  @Override
  public synchronized Optional<Timeline> timeline(String remediationId) {
    checkAvailable();
    List<StoredAuditEvent> mine = events.stream().filter(s -> s.event().remediationId().equals(remediationId))
        .sorted(ORDER).toList();
    if (mine.isEmpty()) {
      return Optional.empty();
    }
    AuditEvent first = mine.get(0).event();
    Optional<AuditEvent> created = mine.stream().map(StoredAuditEvent::event)
        .filter(e -> e.type() == AuditEventType.REMEDIATION_CREATED).findFirst();
    Optional<AuditEvent> end = mine.stream().map(StoredAuditEvent::event)
        .filter(e -> e.type() == AuditEventType.REMEDIATION_FINAL).findFirst();
    RemediationRecord record = new RemediationRecord(remediationId, first.fingerprint(),
        created.map(e -> e.detail(AuditKeys.ALERT_NAME, "")).orElse(""),
        created.map(e -> new TargetRef(e.detail(AuditKeys.TARGET_KIND, ""), e.detail(AuditKeys.TARGET_NAMESPACE, ""),
            e.detail(AuditKeys.TARGET_NAME, ""))).orElse(new TargetRef("", first.namespace(), "")),
        created.map(e -> e.detail(AuditKeys.ENVIRONMENT, "")).orElse(""),
        created.map(e -> e.detail(AuditKeys.SEVERITY, "")).orElse(""),
        created.map(AuditEvent::occurredAt), end.map(e -> e.detail(AuditKeys.PHASE, "")),
        end.map(e -> e.detail(AuditKeys.OUTCOME, "")), end.map(AuditEvent::occurredAt));
    return Optional.of(new Timeline(record, mine));
  }

  private void checkAvailable() {
    if (unavailable) {
      throw new RetryableException("connection refused (in-memory outage)");
    }
  }

  private static boolean isAfter(StoredAuditEvent s, long[] cursor) {
    long seconds = s.event().occurredAt().getEpochSecond();
    long nanos = s.event().occurredAt().getNano();
    return seconds != cursor[0] ? seconds > cursor[0] : nanos != cursor[1] ? nanos > cursor[1] : s.id() > cursor[2];
  }

  private static String encode(StoredAuditEvent s) {
    Instant t = s.event().occurredAt();
    String raw = t.getEpochSecond() + ":" + t.getNano() + ":" + s.id();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static long[] decode(String cursor) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
      return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new PermanentException("The cursor '" + cursor + "' was not handed out by this store.", e);
    }
  }
}
