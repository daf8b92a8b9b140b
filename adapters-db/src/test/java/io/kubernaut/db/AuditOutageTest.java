package io.kubernaut.db;

import static io.kubernaut.db.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.signal.TargetRef;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL stops in the middle of a remediation and comes back on the same data directory. */
class AuditOutageTest {

  private static final TargetRef CHECKOUT = new TargetRef("Deployment", "shop-prod", "checkout");
  private final Path dataDir = Path.of("target", "outage-pg-" + System.nanoTime());
  private final AuditEvents ar = Fixtures.remediation("ar-outage", "outage", CHECKOUT);
  private EmbeddedPostgres server;
  private Database database;

  @AfterEach
  void stop() throws IOException {
    if (database != null) {
      database.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyEventRecordedDuringAnOutageIsPersistedExactlyOnceAndRetentionWaitsForIt() throws IOException {
    int port = freePort();
    server = start(port);
    database = database(port, Duration.ofMillis(500)).start();
    JdbcAuditTrail trail = JdbcAuditTrail.start(database, new AuditTrailSettings(1_000, 5,
        Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5)));
    List<AuditEvent> events = remediationEvents();
    List<AuditEvent> before = events.subList(0, 4);
    List<AuditEvent> during = events.subList(4, events.size());

    before.forEach(trail::record);
    await().atMost(Duration.ofSeconds(10)).until(() -> trail.backlog() == 0);
    server.close();
    server = null;
    List<RecordResult> results = during.stream().map(trail::record).toList();
    await().atMost(Duration.ofSeconds(10)).until(() -> trail.failedAttempts() >= 2);

    assertThat(results).containsOnly(RecordResult.QUEUED);
    await().atMost(Duration.ofSeconds(10)).until(() -> trail.consecutiveFailures() >= 2);
    assertThat(trail.backlog()).isEqualTo(during.size());
    assertThat(trail.isFinalRecordPersisted("ar-outage")).isFalse();
    assertThat(database.health().ready()).isFalse();

    server = start(port);
    await().atMost(Duration.ofSeconds(20)).until(() -> trail.backlog() == 0);

    assertThat(trail.isFinalRecordPersisted("ar-outage")).isTrue();
    // The next outage starts again at the initial pause.
    await().atMost(Duration.ofSeconds(5)).until(() -> trail.consecutiveFailures() == 0);
    assertThat(Fixtures.count(database, "SELECT count(*) FROM audit_event")).isEqualTo(events.size());
    assertThat(Fixtures.count(database, "SELECT count(DISTINCT idempotency_key) FROM audit_event")).isEqualTo(events.size());
    assertThat(Fixtures.count(database, "SELECT count(*) FROM phase_transition")).isEqualTo(4);
    assertThat(trail.rejected()).isZero();

    events.forEach(trail::record);
    await().atMost(Duration.ofSeconds(10)).until(() -> trail.backlog() == 0);
    assertThat(Fixtures.count(database, "SELECT count(*) FROM audit_event")).isEqualTo(events.size());
  }

  @Test
  void aDatabaseDownAtStartIsMigratedAndWrittenOnceItComesUp() throws IOException {
    int port = freePort();
    database = database(port, Duration.ofMillis(300)).start();
    JdbcAuditTrail trail = JdbcAuditTrail.start(database, SMALL);
    trail.record(ar.finalRecord(T0, "Completed", "Remediated", null));
    assertThat(database.health().ready()).isFalse();

    server = start(port);
    await().atMost(Duration.ofSeconds(20)).until(() -> trail.backlog() == 0);

    assertThat(trail.isFinalRecordPersisted("ar-outage")).isTrue();
    assertThat(database.health().ready()).isTrue();
  }

  @Test
  void listenersHearOnceTheDatabaseIsFirstReachedAndAgainOnceTheEventsQueuedDuringAnOutageAreWritten()
      throws IOException {
    int port = freePort();
    database = database(port, Duration.ofMillis(300)).start();
    JdbcAuditTrail trail = JdbcAuditTrail.start(database, SMALL);
    AtomicInteger told = new AtomicInteger();
    trail.whenWritable(told::incrementAndGet);
    await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> told.get() == 0);

    server = start(port);
    await().atMost(Duration.ofSeconds(20)).until(() -> told.get() == 1);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> told.get() == 1);

    server.close();
    server = null;
    trail.record(ar.finalRecord(T0, "Completed", "Remediated", null));
    await().atMost(Duration.ofSeconds(10)).until(() -> trail.failedAttempts() >= 1);
    assertThat(told).as("not while the database is down").hasValue(1);

    server = start(port);
    await().atMost(Duration.ofSeconds(20)).until(() -> told.get() == 2);
    assertThat(trail.isFinalRecordPersisted("ar-outage")).as("told after the queue was written").isTrue();
  }

  @Test
  void whileReadsFindTheDatabaseDownTheyAreAnsweredWithoutWaitingAndTriedAgainOnceItAnswers() throws IOException {
    int port = freePort();
    server = start(port);
    database = database(port, Duration.ofSeconds(2)).start();
    JdbcAuditTrail trail = JdbcAuditTrail.start(database, SMALL);
    trail.record(ar.finalRecord(T0, "Completed", "Remediated", null));
    await().atMost(Duration.ofSeconds(10)).until(() -> trail.isFinalRecordPersisted("ar-outage"));

    // Down with nothing queued: the writer has not failed, so the first read finds it out.
    server.close();
    server = null;
    assertThat(trail.isFinalRecordPersisted("ar-outage")).as("cannot be asked: not persisted, as the port says").isFalse();
    assertThat(trail.outage()).isTrue();
    long began = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThat(trail.isFinalRecordPersisted("ar-outage")).isFalse();
      assertThat(trail.stored(List.of("ar-outage/final"))).isEmpty();
    }
    // Each of these 40 reads would have waited out the 2 s connection timeout (80 s): none connected.
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));

    server = start(port);
    await().atMost(Duration.ofSeconds(20)).until(() -> !trail.outage());
    assertThat(trail.isFinalRecordPersisted("ar-outage")).isTrue();
    assertThat(trail.stored(List.of("ar-outage/final"))).containsExactly("ar-outage/final");
  }

  private List<AuditEvent> remediationEvents() {
    List<AuditEvent> events = new ArrayList<>();
    events.add(ar.created(T0, "KubePodCrashLooping", "production", "critical", Map.of(), Map.of()));
    String[] phases = {"Pending", "Processing", "Analyzing", "Executing", "Completed"};
    for (int i = 1; i < phases.length; i++) {
      events.add(ar.phaseTransition(T0.plusSeconds(i), "AlertRemediation", "ar-outage", phases[i - 1], phases[i], null));
    }
    for (int step = 1; step <= 6; step++) {
      events.add(ar.action(T0.plusSeconds(10 + step), step, "restart-pod", CHECKOUT, "Succeeded", null, 10,
          Map.of(), Map.of()));
    }
    events.add(ar.notification(T0.plusSeconds(20), "Completed", "log", "Sent"));
    events.add(ar.finalRecord(T0.plusSeconds(21), "Completed", "Remediated", null));
    return events;
  }

  /** A queue of 100, batches of 10, backoff 50-300 ms. */
  private static final AuditTrailSettings SMALL = new AuditTrailSettings(100, 10, Duration.ofMillis(50),
      Duration.ofMillis(300), Duration.ofSeconds(5));

  /** The database of the server on {@code port} (not started), waiting {@code timeout} for a connection. */
  private static Database database(int port, Duration timeout) {
    return new Database(TestPostgres.settings("jdbc:postgresql://localhost:" + port + "/postgres", timeout));
  }

  private EmbeddedPostgres start(int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
