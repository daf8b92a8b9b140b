package io.kubernaut.db;

import static io.kubernaut.db.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcAuditTrailTest {

  private static final TargetRef CHECKOUT = new TargetRef("Deployment", "shop-prod", "checkout");
  private static final AuditTrailSettings FAST = new AuditTrailSettings(100, 10, Duration.ofMillis(20),
      Duration.ofMillis(200), Duration.ofSeconds(5));

  private final AuditEvents ar = Fixtures.remediation("ar-1", "checkout", CHECKOUT);
  private Database database;
  private JdbcAuditTrail trail;

  @BeforeEach
  void start() {
    database = TestPostgres.freshDatabase();
    trail = JdbcAuditTrail.start(database, FAST);
  }

  @AfterEach
  void stop() {
    database.close();
  }

  @Test
  void recordingTheSameEventTwiceStoresOneRowAndOneTypedRow() {
    AuditEvent transition = ar.phaseTransition(T0, "AlertRemediation", "ar-1", "Pending", "Processing", null);

    assertThat(trail.record(transition)).isEqualTo(RecordResult.QUEUED);
    assertThat(trail.record(transition)).isEqualTo(RecordResult.QUEUED);
    awaitDrained();

    assertThat(Fixtures.count(database, "SELECT count(*) FROM audit_event")).isEqualTo(1);
    assertThat(Fixtures.count(database, "SELECT count(*) FROM phase_transition")).isEqualTo(1);
    assertThat(trail.written()).isEqualTo(2);
  }

  @Test
  void replayingAWholeRemediationAfterItWasWrittenAddsNothing() {
    List<AuditEvent> events = lifecycle();
    events.forEach(trail::record);
    awaitDrained();
    long rows = Fixtures.count(database, "SELECT count(*) FROM audit_event");

    events.forEach(trail::record);
    awaitDrained();

    assertThat(rows).isEqualTo(events.size());
    assertThat(Fixtures.count(database, "SELECT count(*) FROM audit_event")).isEqualTo(events.size());
    assertThat(Fixtures.count(database, "SELECT count(*) FROM analysis_recommendation")).isEqualTo(3);
  }

  @Test
  void storedAnswersWhichKeysAreWrittenAndNothingWhenTheDatabaseIsGone() {
    List<AuditEvent> events = lifecycle();
    events.subList(0, 2).forEach(trail::record);
    awaitDrained();
    List<String> keys = events.stream().map(AuditEvent::idempotencyKey).toList();

    assertThat(trail.stored(keys)).containsExactlyInAnyOrderElementsOf(keys.subList(0, 2));
    assertThat(trail.stored(List.of())).isEmpty();
    // The answer that tells "none of them" from "cannot tell", for a caller that must not act on a guess.
    assertThat(trail.findStored(keys.subList(2, 3))).as("asked, and not stored").contains(java.util.Set.of());
    assertThat(trail.findStored(keys.subList(0, 1))).contains(java.util.Set.of(keys.get(0)));

    database.close();
    assertThat(trail.stored(keys)).as("unknown: all are to be recorded again").isEmpty();
    assertThat(trail.findStored(keys)).as("cannot be asked: no answer, not an empty one").isEmpty();
  }

  @Test
  void aListenerAddedAfterTheDatabaseWasReachedIsToldAtOnce() {
    AtomicInteger told = new AtomicInteger();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      told.set(0);
      trail.whenWritable(told::incrementAndGet);
      return told.get() == 1;
    });
  }

  @Test
  void withNoDatabaseConfiguredEventsAreDiscardedAsTakenAndNothingQueuesOrWaits() {
    Database none = new Database(TestPostgres.settings("jdbc:postgresql://localhost:1/none", Duration.ofMillis(300)));
    none.leaveUnconfigured("No audit database is configured.");
    JdbcAuditTrail discarding = JdbcAuditTrail.start(none, new AuditTrailSettings(2, 1, Duration.ofMillis(20),
        Duration.ofMillis(200), Duration.ofSeconds(5)));
    try {
      for (int i = 0; i < 5; i++) {
        assertThat(discarding.record(ar.finalRecord(Fixtures.T0.plusSeconds(i), "Completed", "Remediated", null)))
            .as("a queue of 2 would refuse the third").isEqualTo(RecordResult.QUEUED);
      }
      assertThat(discarding.backlog()).isZero();
      assertThat(discarding.findStored(List.of("ar-1/final"))).as("nothing to ask").isEmpty();
      assertThat(discarding.configured()).isFalse();
      assertThat(discarding.storing()).isFalse();
    } finally {
      discarding.close();
    }
  }

  @Test
  void anEventRefusedForAFullQueueOpensAGapThatClosesOnceTheQueueIsWritten() {
    Database slow = TestPostgres.freshDatabase();
    JdbcAuditTrail small = JdbcAuditTrail.start(slow, new AuditTrailSettings(2, 1, Duration.ofMillis(20),
        Duration.ofMillis(200), Duration.ofSeconds(5)));
    AtomicInteger told = new AtomicInteger();
    small.whenWritable(told::incrementAndGet);
    await().atMost(Duration.ofSeconds(10)).until(() -> told.get() == 1);

    List<RecordResult> results = new ArrayList<>();
    for (int i = 0; i < 200 && !results.contains(RecordResult.BACKPRESSURE); i++) {
      results.add(small.record(ar.phaseTransition(T0.plusSeconds(i), "AlertProcessing", "ap-" + i, null, "Pending",
          null)));
    }

    assertThat(results).as("the two-event queue refused one").contains(RecordResult.BACKPRESSURE);
    await().atMost(Duration.ofSeconds(10)).until(() -> told.get() == 2 && small.backlog() == 0);
    slow.close();
  }

  @Test
  void projectsEachEventTypeIntoItsTypedTable() {
    lifecycle().forEach(trail::record);
    awaitDrained();

    assertThat(Fixtures.string(database, "SELECT alert_name || ' ' || target_kind || '/' || target_namespace || '/'"
        + " || target_name || ' ' || final_phase || ' ' || outcome FROM remediation WHERE remediation_id = 'ar-1'"))
        .isEqualTo("KubePodCrashLooping Deployment/shop-prod/checkout Completed Remediated");
    assertThat(Fixtures.string(database, "SELECT string_agg(from_phase || '>' || to_phase, ',' ORDER BY occurred_at)"
        + " FROM phase_transition")).isEqualTo("Pending>Processing,Processing>Analyzing,Analyzing>Executing");
    assertThat(Fixtures.string(database, "SELECT string_agg(action_type || ':' || dropped || ':'"
        + " || coalesce(drop_reason, '-'), ',' ORDER BY dropped, position) FROM analysis_recommendation"))
        .isEqualTo("restart-pod:false:-,rollback-deployment:false:-,drain-node:true:ForbiddenInProduction");
    assertThat(Fixtures.string(database, "SELECT root_cause || ' ' || confidence || ' ' || requires_approval FROM analysis"))
        .isEqualTo("Memory leak 0.82 true");
    assertThat(Fixtures.string(database, "SELECT outcome || ' ' || parameters::text || ' ' || rollback::text"
        + " FROM action_execution")).isEqualTo("Succeeded {\"grace\": \"30s\"} {\"previousRevision\": \"7\"}");
    assertThat(Fixtures.string(database, "SELECT decision || ' by ' || decider FROM approval"))
        .isEqualTo("Approved by alice@example.com");
    assertThat(Fixtures.string(database, "SELECT notification_type || ' ' || channel || ' ' || delivery FROM notification"))
        .isEqualTo("Completed slack Sent");
  }

  @Test
  void theRetentionGateOpensOnlyOnceTheFinalRecordIsWritten() {
    List<AuditEvent> events = lifecycle();
    events.subList(0, events.size() - 1).forEach(trail::record);
    awaitDrained();
    assertThat(trail.isFinalRecordPersisted("ar-1")).isFalse();

    trail.record(events.get(events.size() - 1));
    awaitDrained();

    assertThat(trail.isFinalRecordPersisted("ar-1")).isTrue();
    assertThat(trail.isFinalRecordPersisted("ar-2")).isFalse();
  }

  @Test
  void anEventTheDatabaseRefusesIsGivenUpWithoutHoldingBackTheOthersOfItsBatch() {
    Instant beyondPostgres = Instant.parse("+300000-01-01T00:00:00Z");
    List<AuditEvent> batch = new ArrayList<>(lifecycle());
    batch.add(2, ar.approval(beyondPostgres, "Approved", "mallory", null));

    batch.forEach(trail::record);
    awaitDrained();

    assertThat(trail.rejected()).isEqualTo(1);
    assertThat(Fixtures.count(database, "SELECT count(*) FROM audit_event")).isEqualTo(batch.size() - 1);
    assertThat(Fixtures.string(database, "SELECT decider FROM approval")).isEqualTo("alice@example.com");
  }

  @Test
  void aFullQueueAnswersBackpressureAtOnceInsteadOfBlockingOrDropping() {
    Database unreachable = new Database(TestPostgres.settings("jdbc:postgresql://127.0.0.1:1/none",
        Duration.ofMillis(250))).start();
    JdbcAuditTrail small = JdbcAuditTrail.start(unreachable, new AuditTrailSettings(3, 1, Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(200)));
    try {
      List<RecordResult> results = new ArrayList<>();
      long started = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        results.add(small.record(ar.notification(T0, "Type" + i, "log", "Sent")));
      }

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      long queued = results.stream().filter(r -> r == RecordResult.QUEUED).count();
      assertThat(queued).isBetween(3L, 4L);
      assertThat(results).contains(RecordResult.BACKPRESSURE);
      assertThat(small.backlog()).isEqualTo((int) queued);
      assertThat(small.isFinalRecordPersisted("ar-1")).isFalse();
      await().atMost(Duration.ofSeconds(10)).until(() -> small.failedAttempts() >= 2);
      assertThat(small.written()).isZero();
    } finally {
      unreachable.close();
    }
  }

  private List<AuditEvent> lifecycle() {
    return List.of(
        ar.created(T0, "KubePodCrashLooping", "production", "critical",
            Map.of("alertname", "KubePodCrashLooping", "namespace", "shop-prod"),
            Map.of("summary", "Pod checkout is crash looping")),
        ar.phaseTransition(T0.plusSeconds(1), "AlertRemediation", "ar-1", "Pending", "Processing", null),
        ar.phaseTransition(T0.plusSeconds(2), "AlertRemediation", "ar-1", "Processing", "Analyzing", null),
        ar.analysis(T0.plusSeconds(3), "ar-1-analysis", "rules", "Memory leak", 0.82, true,
            List.of(new AuditEvents.Ranked("restart-pod", 0.82), new AuditEvents.Ranked("rollback-deployment", 0.6)),
            List.of(new AuditEvents.Dropped("drain-node", "ForbiddenInProduction"))),
        ar.approval(T0.plusSeconds(4), "Approved", "alice@example.com", "looks right"),
        ar.phaseTransition(T0.plusSeconds(5), "AlertRemediation", "ar-1", "Analyzing", "Executing", null),
        ar.action(T0.plusSeconds(6), 1, "restart-pod", CHECKOUT, "Succeeded", "restarted", 1200,
            Map.of("grace", "30s"), Map.of("previousRevision", "7")),
        ar.notification(T0.plusSeconds(7), "Completed", "slack", "Sent"),
        ar.finalRecord(T0.plusSeconds(8), "Completed", "Remediated", null));
  }

  private void awaitDrained() {
    await().atMost(Duration.ofSeconds(10)).until(() -> trail.backlog() == 0);
  }

}
