package io.kubernaut.db;

import static io.kubernaut.db.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.audit.AuditEventPage;
import io.kubernaut.ports.audit.AuditEventQuery;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.audit.StoredAuditEvent;
import io.kubernaut.ports.signal.TargetRef;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code order=recorded}: a reader that tails the trail misses no record, neither one stored later
 * with an earlier time nor one whose transaction commits after a later one's.
 */
class AuditRecordedOrderTest {

  private static final AuditEvents SHOP =
      Fixtures.remediation("ar-shop", "shop", new TargetRef("Deployment", "shop-prod", "checkout"));
  private final Database database = TestPostgres.freshDatabase();
  private final JdbcAuditQueries queries = new JdbcAuditQueries(database);

  @AfterEach
  void close() {
    database.close();
  }

  private static final AuditEventQuery RECORDED = AuditEventQuery.all().withOrder(AuditEventQuery.Order.RECORDED);

  private static List<String> keys(AuditEventPage page) {
    return page.events().stream().map(e -> e.event().idempotencyKey()).toList();
  }

  @Test
  void aRecordStoredLaterWithAnEarlierTimeIsOnTheNextPageOfTheOrderOfStoring() {
    Fixtures.write(database, List.of(SHOP.phaseTransition(T0.plusSeconds(10), "AlertRemediation", "ar-shop", "Pending",
        "Processing", null)));
    Fixtures.write(database, List.of(SHOP.phaseTransition(T0.plusSeconds(20), "AlertRemediation", "ar-shop",
        "Processing", "Analyzing", null)));
    AuditEventPage first = queries.events(RECORDED);
    assertThat(first.events()).hasSize(2);
    assertThat(first.nextCursor()).as("the last page for now").isEmpty();
    assertThat(first.resumeCursor()).isPresent();

    // Back-filled after an outage, with the time it happened: before both in the order of occurrence.
    Fixtures.write(database, List.of(Fixtures.created(SHOP, T0, "KubePodCrashLooping")));

    AuditEventPage later = queries.events(RECORDED.withCursor(first.resumeCursor().get()));
    assertThat(keys(later)).containsExactly("ar-shop/created");
    assertThat(keys(queries.events(AuditEventQuery.all()))).as("where the order of occurrence puts it")
        .first().isEqualTo("ar-shop/created");
    AuditEventPage nothingNew = queries.events(RECORDED.withCursor(later.resumeCursor().get()));
    assertThat(nothingNew.events()).isEmpty();
    assertThat(nothingNew.resumeCursor()).as("an empty page keeps the reader where it was").isEqualTo(later.resumeCursor());
  }

  @Test
  void aPageStopsBeforeATransactionStillRunningSoThatItsRecordIsNotSkippedWhenItCommits() throws Exception {
    AuditEventPage empty = queries.events(RECORDED);
    try (Connection slow = database.connect()) {
      slow.setAutoCommit(false);
      try (Statement s = slow.createStatement()) {
        // A transaction that took its id (and a lower row id) first, and commits last.
        s.execute("INSERT INTO audit_event (idempotency_key, remediation_id, fingerprint, type, occurred_at)"
            + " VALUES ('ar-shop/slow', 'ar-shop', '" + Fixtures.fingerprint("shop").hex() + "', 'OTHER', now())");
      }
      Fixtures.write(database, List.of(Fixtures.created(SHOP, T0, "KubePodCrashLooping")));

      AuditEventPage whileRunning = queries.events(RECORDED.withCursor(empty.resumeCursor().get()));
      assertThat(whileRunning.events()).as("the committed later record waits behind the running one").isEmpty();

      slow.commit();
    }
    AuditEventPage after = queries.events(RECORDED.withCursor(empty.resumeCursor().get()));
    assertThat(keys(after)).containsExactly("ar-shop/slow", "ar-shop/created");
  }

  /** The order is the transaction ids' numbers, not their text: 98, 99, 100, 101, never 100, 101, 98, 99. */
  @Test
  void transactionIdsAcrossADigitBoundaryArePagedInTheirNumbersOrder() throws Exception {
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      for (String xid : List.of("101", "100", "99", "98")) {
        s.execute("INSERT INTO audit_event (idempotency_key, remediation_id, fingerprint, type, occurred_at, recorded_xid)"
            + " VALUES ('ar-shop/x" + xid + "', 'ar-shop', '" + Fixtures.fingerprint("shop").hex() + "', 'OTHER', now(), '"
            + xid + "')");
      }
    }
    List<String> seen = new java.util.ArrayList<>();
    AuditEventPage page = queries.events(RECORDED.withLimit(2));
    seen.addAll(keys(page));
    while (page.nextCursor().isPresent()) {
      page = queries.events(RECORDED.withLimit(2).withCursor(page.nextCursor().get()));
      seen.addAll(keys(page));
    }

    assertThat(seen).containsExactly("ar-shop/x98", "ar-shop/x99", "ar-shop/x100", "ar-shop/x101");
  }

  @Test
  void pagesInTheOrderOfStoringCoverEveryRecordOnceAndTheirCursorSaysItsOrder() {
    for (int i = 0; i < 5; i++) {
      Fixtures.write(database, List.of(SHOP.phaseTransition(T0.minusSeconds(i), "AlertRemediation", "ar-shop",
          "P" + i, "P" + (i + 1), null)));
    }
    AuditEventPage one = queries.events(RECORDED.withLimit(2));
    AuditEventPage two = queries.events(AuditEventQuery.all().withLimit(2).withCursor(one.nextCursor().get()));
    AuditEventPage three = queries.events(AuditEventQuery.all().withLimit(2).withCursor(two.nextCursor().get()));

    List<Long> ids = java.util.stream.Stream.of(one, two, three).flatMap(p -> p.events().stream())
        .map(StoredAuditEvent::id).toList();
    assertThat(ids).as("a cursor of this order keeps it without order=recorded").hasSize(5).isSorted()
        .doesNotHaveDuplicates();
    assertThat(three.nextCursor()).isEmpty();
  }
}
