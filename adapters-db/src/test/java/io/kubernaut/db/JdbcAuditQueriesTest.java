package io.kubernaut.db;

import static io.kubernaut.db.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventPage;
import io.kubernaut.ports.audit.AuditEventQuery;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.audit.StoredAuditEvent;
import io.kubernaut.ports.audit.Timeline;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.signal.TargetRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.kubernaut.ports.signal.Fingerprint;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcAuditQueriesTest {

  private static final AuditEvents SHOP =
      Fixtures.remediation("ar-shop", "shop", new TargetRef("Deployment", "shop-prod", "checkout"));
  private static final AuditEvents PAY =
      Fixtures.remediation("ar-pay", "pay", new TargetRef("Deployment", "payments-staging", "payments-api"));
  private static Database database;
  private static JdbcAuditQueries queries;

  /** 7 events for ar-shop and 4 for ar-pay, interleaved; three share the instant T0+2s. */
  @BeforeAll
  static void seed() {
    database = TestPostgres.freshDatabase();
    queries = new JdbcAuditQueries(database);
    Fixtures.write(database, List.of(
        SHOP.phaseTransition(T0.plusSeconds(2), "AlertRemediation", "ar-shop", "Processing", "Analyzing", null),
        Fixtures.created(SHOP, T0, "KubePodCrashLooping"),
        PAY.phaseTransition(T0.plusSeconds(2), "AlertRemediation", "ar-pay", "Pending", "Processing", null),
        SHOP.phaseTransition(T0.plusSeconds(1), "AlertRemediation", "ar-shop", "Pending", "Processing", null),
        Fixtures.created(PAY, T0.plusSeconds(1), "KubePodOOMKilled"),
        SHOP.notification(T0.plusSeconds(2), "ApprovalNeeded", "slack", "Sent"),
        SHOP.approval(T0.plusSeconds(3), "Approved", "alice", null),
        PAY.phaseTransition(T0.plusSeconds(4), "AlertRemediation", "ar-pay", "Processing", "Failed", "Timeout"),
        SHOP.phaseTransition(T0.plusSeconds(5), "AlertRemediation", "ar-shop", "Analyzing", "Executing", null),
        PAY.finalRecord(T0.plusSeconds(6), "Failed", "Failed", "Timeout"),
        SHOP.finalRecord(T0.plusSeconds(7), "Completed", "Remediated", null)));
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void listsAllEventsInOccurrenceOrderWithTheIdBreakingTies() {
    List<StoredAuditEvent> events = queries.events(AuditEventQuery.all()).events();

    assertThat(events).hasSize(11);
    assertThat(events).extracting(e -> e.event().occurredAt()).isSorted();
    List<StoredAuditEvent> tied = events.stream().filter(e -> e.event().occurredAt().equals(T0.plusSeconds(2))).toList();
    assertThat(tied).extracting(StoredAuditEvent::id).hasSize(3).isSorted();
    assertThat(tied).extracting(e -> e.event().idempotencyKey()).containsExactly(
        "ar-shop/phase/ar-shop/Analyzing", "ar-pay/phase/ar-pay/Processing",
        "ar-shop/notification/ApprovalNeeded/slack");
  }

  @Test
  void filtersByRemediation() {
    assertThat(queries.events(AuditEventQuery.all().withRemediation("ar-pay")).events())
        .extracting(e -> e.event().type()).containsExactly(AuditEventType.REMEDIATION_CREATED,
            AuditEventType.PHASE_TRANSITION, AuditEventType.PHASE_TRANSITION, AuditEventType.REMEDIATION_FINAL);
  }

  @Test
  void filtersByTypeAndRemediationTogether() {
    assertThat(queries.events(AuditEventQuery.all().withRemediation("ar-shop").withType(AuditEventType.PHASE_TRANSITION))
        .events()).extracting(e -> e.event().payload().get("toPhase"))
        .containsExactly("Processing", "Analyzing", "Executing");
  }

  @Test
  void filtersByTargetNamespace() {
    assertThat(queries.events(AuditEventQuery.all().withNamespace("payments-staging")).events())
        .hasSize(4).allMatch(e -> e.event().remediationId().equals("ar-pay"));
  }

  @Test
  void sinceIsInclusiveAndUntilIsExclusive() {
    List<StoredAuditEvent> events = queries.events(AuditEventQuery.all()
        .withSince(T0.plusSeconds(2)).withUntil(T0.plusSeconds(4))).events();

    assertThat(events).extracting(e -> e.event().occurredAt())
        .containsExactly(T0.plusSeconds(2), T0.plusSeconds(2), T0.plusSeconds(2), T0.plusSeconds(3));
  }

  @Test
  void pagesThroughEveryEventExactlyOnceInTheSameOrderAsOneBigPage() {
    List<StoredAuditEvent> paged = new ArrayList<>();
    AuditEventQuery query = AuditEventQuery.all().withLimit(2);
    int pages = 0;
    while (true) {
      AuditEventPage page = queries.events(query);
      pages++;
      paged.addAll(page.events());
      if (page.nextCursor().isEmpty()) {
        break;
      }
      query = query.withCursor(page.nextCursor().get());
    }

    assertThat(pages).isEqualTo(6);
    assertThat(paged).extracting(StoredAuditEvent::id)
        .containsExactlyElementsOf(queries.events(AuditEventQuery.all()).events().stream().map(StoredAuditEvent::id).toList());
  }

  @Test
  void theLastFullPageHasNoCursor() {
    AuditEventPage page = queries.events(AuditEventQuery.all().withRemediation("ar-pay").withLimit(4));

    assertThat(page.events()).hasSize(4);
    assertThat(page.nextCursor()).isEmpty();
  }

  @Test
  void aCursorThatThisApiDidNotIssueIsRefusedAsPermanent() {
    assertThatThrownBy(() -> queries.events(AuditEventQuery.all().withCursor("not-a-cursor")))
        .isInstanceOf(PermanentException.class).hasMessageContaining("not issued by this API");
  }

  @Test
  void returnsPayloadsAsRecorded() {
    AuditEvent approval = queries.events(AuditEventQuery.all().withType(AuditEventType.APPROVAL)).events().get(0).event();

    assertThat(approval.payload()).containsEntry("decision", "Approved").containsEntry("decider", "alice");
    assertThat(approval.fingerprint()).isEqualTo(SHOP.fingerprint());
    assertThat(approval.namespace()).isEqualTo("shop-prod");
  }

  @Test
  void aTimelineHasTheRemediationSummaryAndItsEventsInOrder() {
    Timeline timeline = queries.timeline("ar-shop").orElseThrow();

    assertThat(timeline.remediation().alertName()).isEqualTo("KubePodCrashLooping");
    assertThat(timeline.remediation().target()).isEqualTo(new TargetRef("Deployment", "shop-prod", "checkout"));
    assertThat(timeline.remediation().finalPhase()).contains("Completed");
    assertThat(timeline.remediation().createdAt()).contains(T0);
    assertThat(timeline.remediation().completedAt()).contains(T0.plusSeconds(7));
    assertThat(timeline.events()).extracting(e -> e.event().type()).containsExactly(
        AuditEventType.REMEDIATION_CREATED, AuditEventType.PHASE_TRANSITION, AuditEventType.PHASE_TRANSITION,
        AuditEventType.NOTIFICATION, AuditEventType.APPROVAL, AuditEventType.PHASE_TRANSITION,
        AuditEventType.REMEDIATION_FINAL);
  }

  /**
   * External writers may post any number of events, dated as they like: the timeline keeps the operator's own records
   * whole and the latest of the posted ones, and says it left some out. Before, 10,000 events dated 1970 filled it,
   * and the operator's records (its final decision too) were not shown, with no sign of it.
   */
  @Test
  void postedEventsNeverPushTheOperatorsRecordsOutOfATimelineAndACutIsSaid() {
    AuditEvents spammed = Fixtures.remediation("ar-spammed", "spammed", new TargetRef("Deployment", "shop-prod", "cart"));
    List<AuditEvent> events = new java.util.ArrayList<>();
    events.add(Fixtures.created(spammed, T0, "KubePodCrashLooping"));
    events.add(spammed.finalRecord(T0.plusSeconds(5), "Completed", "Remediated", "done"));
    for (int i = 0; i < JdbcAuditQueries.TIMELINE_EXTERNAL_LIMIT + 50; i++) {
      events.add(new AuditEvent("external:ar-spammed/writer/" + i, "ar-spammed", new Fingerprint("a".repeat(64)),
          "shop-prod", AuditEventType.OTHER, java.time.Instant.EPOCH.plusSeconds(i), Map.of("note", "n" + i)));
    }
    Database own = TestPostgres.freshDatabase(); // the others count every event of theirs
    Timeline timeline;
    try {
      Fixtures.write(own, events);
      timeline = new JdbcAuditQueries(own).timeline("ar-spammed").orElseThrow();
    } finally {
      own.close();
    }

    assertThat(timeline.events()).extracting(e -> e.event().type()).contains(AuditEventType.REMEDIATION_CREATED,
        AuditEventType.REMEDIATION_FINAL);
    assertThat(timeline.events()).filteredOn(e -> e.event().type() == AuditEventType.OTHER)
        .hasSize(JdbcAuditQueries.TIMELINE_EXTERNAL_LIMIT)
        .as("the latest posted").allSatisfy(e -> assertThat(e.event().payload().get("note")).isNotIn("n0", "n49"));
    assertThat(timeline.events()).extracting(e -> e.event().occurredAt()).isSorted();
    assertThat(timeline.truncated()).isTrue();
    assertThat(queries.timeline("ar-shop").orElseThrow().truncated()).isFalse();
  }

  @Test
  void aRemediationTheStoreNeverHeardOfHasNoTimeline() {
    assertThat(queries.timeline("ar-unknown")).isEqualTo(Optional.empty());
  }
}
