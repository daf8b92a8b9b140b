package io.kubernaut.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JdbcRemediationNamesTest {

  private static final TargetRef CHECKOUT = new TargetRef("Deployment", "shop", "checkout");

  @Test
  void theNamesOfAFingerprintsRemediationsAreReadFromTheTrail() {
    try (Database database = TestPostgres.freshDatabase()) {
      AuditEvents first = Fixtures.remediation("crash-0123456789", "shop", CHECKOUT);
      AuditEvents second = Fixtures.remediation("crash-0123456789-2", "shop", CHECKOUT);
      AuditEvents other = Fixtures.remediation("oom-9876543210", "pay", CHECKOUT);
      Fixtures.write(database, List.of(Fixtures.created(first, Fixtures.T0, "Crash"),
          Fixtures.created(second, Fixtures.T0.plusSeconds(60), "Crash"), Fixtures.created(other, Fixtures.T0, "Oom")));

      JdbcRemediationNames names = new JdbcRemediationNames(database);

      assertThat(names.usedFor(Fixtures.fingerprint("shop"))).hasValueSatisfying(used -> assertThat(used)
          .containsExactlyInAnyOrder("crash-0123456789", "crash-0123456789-2"));
      assertThat(names.usedFor(Fixtures.fingerprint("none"))).as("known: none").contains(List.of());
    }
  }

  /**
   * A fingerprint with more remediations than are read gives its latest names, which the next name must come after:
   * before, the oldest 10,000 came back, and the next name could be one the trail held already.
   */
  @Test
  void aFingerprintWithMoreRemediationsThanAreReadGivesItsLatestNames() throws SQLException {
    try (Database database = TestPostgres.freshDatabase()) {
      String fp = Fixtures.fingerprint("noisy").hex();
      try (java.sql.Connection c = database.connect(); java.sql.Statement st = c.createStatement()) {
        st.execute("INSERT INTO remediation (remediation_id, fingerprint, created_at) SELECT 'crash-0123456789'"
            + " || CASE WHEN n = 1 THEN '' ELSE '-' || n END, '" + fp + "', TIMESTAMPTZ '2026-01-01 00:00:00+00'"
            + " + n * INTERVAL '1 minute' FROM generate_series(1, 10005) AS n");
      }

      List<String> used = new JdbcRemediationNames(database).usedFor(new Fingerprint(fp)).orElseThrow();

      assertThat(used).contains("crash-0123456789-10005", "crash-0123456789-10004").doesNotContain("crash-0123456789");
    }
  }

  @Test
  void aTrailThatCannotBeReadAnswersThatItCannotTellAndIsNotAskedAgainForAWhile() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T04:00:00Z"));
    Clock clock = new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    AtomicInteger asked = new AtomicInteger();
    JdbcRemediationNames names = new JdbcRemediationNames(() -> {
      asked.incrementAndGet();
      throw new SQLException("Connection refused", "08001");
    }, clock);
    Fingerprint fp = Fixtures.fingerprint("shop");

    assertThat(names.usedFor(fp)).isEmpty();
    assertThat(names.usedFor(fp)).isEmpty();
    assertThat(names.usedFor(fp)).isEmpty();
    assertThat(asked).as("one failed read, then none during the pause").hasValue(1);

    now.set(now.get().plus(JdbcRemediationNames.PAUSE).plusSeconds(1));
    assertThat(names.usedFor(fp)).isEmpty();
    assertThat(asked).as("asked again after the pause").hasValue(2);
  }

  @Test
  void withoutAnAuditDatabaseNoNameIsRememberedAndThatIsKnown() {
    AtomicInteger asked = new AtomicInteger();
    JdbcRemediationNames names = new JdbcRemediationNames(() -> false, () -> {
      asked.incrementAndGet();
      throw new SQLException("not configured");
    }, Clock.systemUTC());

    assertThat(names.usedFor(Fixtures.fingerprint("shop"))).as("none, and known").contains(List.of());
    assertThat(asked).hasValue(0);
  }
}
