package io.kubernaut.db;

import static io.kubernaut.db.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.audit.ChainVerdict;
import io.kubernaut.ports.audit.ChainVerdict.Reason;
import io.kubernaut.ports.signal.TargetRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-remediation HMAC chain of the audit trail, tampered with by direct SQL. */
class AuditChainTest {

  private static final TargetRef CHECKOUT = new TargetRef("Deployment", "shop-prod", "checkout");
  private static final AuditKey KEY = AuditKey.of("0123456789abcdef0123456789abcdef-test-key");

  private final String url = TestPostgres.freshUrl();
  private final List<Database> databases = new ArrayList<>();

  @AfterEach
  void close() {
    databases.forEach(Database::close);
  }

  @Test
  void anUntouchedChainHoldsAndReplaysDoNotExtendIt() {
    Database db = database(KEY);
    List<AuditEvent> events = events("ar-intact", 6);
    Fixtures.write(db, events);
    Fixtures.write(db, events);

    ChainVerdict verdict = verifier(db).verify("ar-intact").orElseThrow();

    assertThat(verdict.intact()).as("%s", verdict).isTrue();
    assertThat(verdict.chainedRecords()).isEqualTo(6);
    assertThat(verdict.unchainedRecords()).isZero();
    assertThat(verifier(db).verify("ar-unknown")).isEmpty();
  }

  /**
   * Each verification holds a pooled connection for its whole snapshot: beyond {@code AT_ONCE} at a time a caller is
   * told to retry (503 at the API), so viewers cannot take every connection the audit writer needs.
   */
  @Test
  void verificationsBeyondThoseAllowedAtOnceAreAskedToRetry() throws InterruptedException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-busy", 2));
    JdbcAuditChainVerifier verifier = verifier(db);
    verifier.running.acquire(JdbcAuditChainVerifier.AT_ONCE);

    assertThatThrownBy(() -> verifier.verify("ar-busy")).isInstanceOf(io.kubernaut.ports.failure.RetryableException.class)
        .hasMessageContaining("verifications of the audit trail run already");
    assertThatThrownBy(() -> verifier.verify(T0.minusSeconds(60), T0.plusSeconds(3600), 10))
        .isInstanceOf(io.kubernaut.ports.failure.RetryableException.class);

    verifier.running.release(JdbcAuditChainVerifier.AT_ONCE);
    assertThat(verifier.verify("ar-busy").orElseThrow().intact()).isTrue();
  }

  @Test
  void oneBatchOfTwoRemediationsWithAReplayAndAKeyTwiceIsStoredOnceEachInTheBatchsOrder() throws SQLException {
    Database db = database(KEY);
    List<AuditEvent> a = events("ar-batch-a", 3);
    List<AuditEvent> b = events("ar-batch-b", 3);
    Fixtures.write(db, List.of(a.get(0)));
    // a's first event is stored already, b's second comes twice: 6 distinct keys, 5 of them new.
    List<AuditEvent> batch = List.of(b.get(0), a.get(0), a.get(1), b.get(1), b.get(1), a.get(2), b.get(2));

    int fresh = new AuditBatchWriter(db).write(batch);

    assertThat(fresh).isEqualTo(5);
    assertThat(Fixtures.count(db, "SELECT count(*) FROM audit_event")).isEqualTo(6);
    assertThat(Fixtures.count(db, "SELECT count(*) FROM action_execution")).isEqualTo(6);
    List<String> keysInIdOrder = new ArrayList<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT idempotency_key FROM audit_event ORDER BY id")) {
      while (rs.next()) {
        keysInIdOrder.add(rs.getString(1));
      }
    }
    assertThat(keysInIdOrder).containsExactly(a.get(0).idempotencyKey(), b.get(0).idempotencyKey(),
        a.get(1).idempotencyKey(), b.get(1).idempotencyKey(), a.get(2).idempotencyKey(), b.get(2).idempotencyKey());
    for (String ar : List.of("ar-batch-a", "ar-batch-b")) {
      ChainVerdict verdict = verifier(db).verify(ar).orElseThrow();
      assertThat(verdict.intact()).as("%s", verdict).isTrue();
      assertThat(verdict.chainedRecords()).isEqualTo(3);
      assertThat(id(db, ar, 1)).as("the chain follows the batch's order").isLessThan(id(db, ar, 2));
      assertThat(id(db, ar, 2)).isLessThan(id(db, ar, 3));
    }
  }

  @Test
  void aTimeBetweenMicrosecondsIsStoredRoundedHalfUpAsItsTypedRowIs() {
    Database db = database(KEY);
    AuditEvents ar = Fixtures.remediation("ar-rounding", "ar-rounding", CHECKOUT);
    // 2.5 µs and 7.5 µs past the second: half up gives 3 and 8 (half to even would give 2 and 8).
    Fixtures.write(db, List.of(ar.action(T0.plusNanos(2_500), 1, "restart-pod", CHECKOUT, "Succeeded", "one", 10,
        Map.of(), Map.of()), ar.action(T0.plusNanos(7_500), 2, "restart-pod", CHECKOUT, "Succeeded", "two", 10,
        Map.of(), Map.of())));

    assertThat(Fixtures.count(db, "SELECT count(*) FROM audit_event a JOIN action_execution x ON x.event_id = a.id"
        + " WHERE a.occurred_at = x.occurred_at")).isEqualTo(2);
    assertThat(Fixtures.count(db, "SELECT sum(extract(microseconds FROM occurred_at)::bigint % 1000000) FROM audit_event"))
        .isEqualTo(3 + 8);
  }

  @Test
  void aRecordChangedByDirectSqlIsNamedAsTheFirstBrokenRecord() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-changed", 6));
    long third = id(db, "ar-changed", 3);

    sql(db, "UPDATE audit_event SET payload = jsonb_set(payload, '{outcome}', '\"Failed\"') WHERE id = " + third);
    ChainVerdict verdict = verifier(db).verify("ar-changed").orElseThrow();

    assertThat(verdict.intact()).isFalse();
    assertThat(verdict.firstBreak().orElseThrow().recordId()).isEqualTo(third);
    assertThat(verdict.firstBreak().orElseThrow().sequence()).isEqualTo(3);
    assertThat(verdict.firstBreak().orElseThrow().reason()).isEqualTo(Reason.HASH_MISMATCH);
    assertThat(verdict.firstBreak().orElseThrow().detail()).contains("changed");
  }

  @Test
  void aChangedTimeIsDetectedToo() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-time", 4));
    long second = id(db, "ar-time", 2);

    sql(db, "UPDATE audit_event SET occurred_at = occurred_at - interval '1 hour' WHERE id = " + second);

    assertThat(verifier(db).verify("ar-time").orElseThrow().firstBreak().orElseThrow().recordId()).isEqualTo(second);
  }

  @Test
  void deletingAMiddleRecordIsDetectedAtTheRecordAfterTheGap() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-deleted", 6));
    long fourth = id(db, "ar-deleted", 4);

    deleteChained(db, "ar-deleted", 3);
    ChainVerdict verdict = verifier(db).verify("ar-deleted").orElseThrow();

    assertThat(verdict.firstBreak().orElseThrow().reason()).isEqualTo(Reason.MISSING_RECORD);
    assertThat(verdict.firstBreak().orElseThrow().recordId()).isEqualTo(fourth);
    assertThat(verdict.firstBreak().orElseThrow().detail()).contains("number 3 is missing");
  }

  @Test
  void deletingTheLastRecordsIsDetectedFromTheChainHead() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-cut", 5));
    long fourth = id(db, "ar-cut", 4);

    deleteChained(db, "ar-cut", 5);
    ChainVerdict verdict = verifier(db).verify("ar-cut").orElseThrow();

    assertThat(verdict.firstBreak().orElseThrow().reason()).isEqualTo(Reason.TRUNCATED);
    assertThat(verdict.firstBreak().orElseThrow().recordId()).isEqualTo(fourth);
  }

  @Test
  void deletingEveryRecordOfARemediationIsDetectedFromTheChainHeadNotTakenForNothingKnown() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-gone", 3));

    sql(db, "DELETE FROM action_execution WHERE event_id IN (SELECT id FROM audit_event WHERE remediation_id = 'ar-gone')");
    sql(db, "DELETE FROM audit_event WHERE remediation_id = 'ar-gone'");
    ChainVerdict verdict = verifier(db).verify("ar-gone").orElseThrow();

    assertThat(verdict.intact()).isFalse();
    assertThat(verdict.firstBreak().orElseThrow().reason()).isEqualTo(Reason.TRUNCATED);
    assertThat(verdict.firstBreak().orElseThrow().detail()).contains("head names number 3: every record was deleted");
    assertThat(verifier(db).verify("ar-never")).as("a remediation never written is still unknown").isEmpty();
  }

  @Test
  void strippingEveryRecordOfItsChainAndChangingOneIsDetectedFromTheChainHead() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-stripped", 3));

    sql(db, "UPDATE audit_event SET chain_seq = NULL, chain_hash = NULL, payload = jsonb_set(payload, '{outcome}',"
        + " '\"Succeeded\"') WHERE remediation_id = 'ar-stripped'");
    ChainVerdict verdict = verifier(db).verify("ar-stripped").orElseThrow();

    assertThat(verdict.intact()).as("records that read as written before chaining began, %s", verdict).isFalse();
    assertThat(verdict.unchainedRecords()).isEqualTo(3);
    assertThat(verdict.firstBreak().orElseThrow().reason()).isEqualTo(Reason.TRUNCATED);
    assertThat(verdict.firstBreak().orElseThrow().detail()).contains("head names number 3")
        .contains("stripped of their hashes");
  }

  @Test
  void aHeadRewrittenToHideADeletedEndDoesNotMatchItsMac() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-hidden", 5));

    deleteChained(db, "ar-hidden", 5);
    // What someone who can write the database would do so that the head no longer names the deleted record.
    pointHeadAt(db, "ar-hidden", 4, false);
    ChainVerdict verdict = verifier(db).verify("ar-hidden").orElseThrow();

    assertThat(verdict.firstBreak().orElseThrow().reason()).as("%s", verdict).isEqualTo(Reason.HEAD_MISMATCH);
    assertThat(verdict.firstBreak().orElseThrow().detail()).contains("does not match its HMAC");

    sql(db, "UPDATE audit_chain_head SET last_mac = NULL WHERE remediation_id = 'ar-hidden'");
    assertThat(firstBreak(db, "ar-hidden").reason())
        .as("its MAC removed too: records of this version say the head is sealed").isEqualTo(Reason.HEAD_MISMATCH);

    sql(db, "UPDATE audit_event SET chain_version = NULL WHERE remediation_id = 'ar-hidden'");
    assertThat(verifier(db).verify("ar-hidden").orElseThrow().firstBreak().orElseThrow())
        .as("the records' version lowered as well: their HMACs bind it").satisfies(b -> {
          assertThat(b.reason()).isEqualTo(Reason.HASH_MISMATCH);
          assertThat(b.sequence()).isEqualTo(1);
        });
  }

  @Test
  void aHeadDeletedWithTheEndOfItsChainOrPutBackFromAnEarlierStateIsNamed() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-headless", 3));
    deleteChained(db, "ar-headless", 3);
    sql(db, "DELETE FROM audit_chain_head WHERE remediation_id = 'ar-headless'");

    ChainVerdict headless = verifier(db).verify("ar-headless").orElseThrow();
    assertThat(headless.firstBreak().orElseThrow().reason()).isEqualTo(Reason.HEAD_MISMATCH);
    assertThat(headless.firstBreak().orElseThrow().detail()).contains("no head").contains("the head was deleted");

    List<AuditEvent> events = events("ar-restored", 5);
    Fixtures.write(db, events.subList(0, 3));
    sql(db, "CREATE TABLE saved_head AS SELECT * FROM audit_chain_head WHERE remediation_id = 'ar-restored'");
    Fixtures.write(db, events.subList(3, 5));
    deleteChained(db, "ar-restored", 4, 5);
    sql(db, "UPDATE audit_chain_head h SET last_seq = s.last_seq, last_hash = s.last_hash, last_mac = s.last_mac"
        + " FROM saved_head s WHERE h.remediation_id = s.remediation_id");
    assertThat(verifier(db).verify("ar-restored").orElseThrow().intact())
        .as("the end deleted and the head put back as it was then: a true earlier state, which no MAC can tell"
            + " from the chain as it stood")
        .isTrue();

    sql(db, "UPDATE audit_chain_head SET last_seq = 2 WHERE remediation_id = 'ar-restored'");
    assertThat(firstBreak(db, "ar-restored").reason())
        .as("a head lowered below its last record").isEqualTo(Reason.HEAD_MISMATCH);
  }

  @Test
  void aChainOfRecordsChainedBeforeHeadsWereSealedHoldsAndIsSealedByItsNextRecord() throws SQLException {
    Database db = database(KEY);
    List<AuditEvent> events = events("ar-legacy", 5);
    Fixtures.write(db, events.subList(0, 3));
    rechainAsVersion1(db, "ar-legacy", 1, true);

    ChainVerdict legacy = verifier(db).verify("ar-legacy").orElseThrow();
    assertThat(legacy.intact()).as("a chain as the writer left it before heads had a MAC, %s", legacy).isTrue();
    assertThat(legacy.chainedRecords()).isEqualTo(3);
    sql(db, "UPDATE audit_chain_head SET last_seq = 4 WHERE remediation_id = 'ar-legacy'");
    assertThat(firstBreak(db, "ar-legacy").reason())
        .as("its head still counts its records").isEqualTo(Reason.TRUNCATED);
    sql(db, "UPDATE audit_chain_head SET last_seq = 3 WHERE remediation_id = 'ar-legacy'");
    sql(db, "UPDATE audit_chain_head SET last_hash = (SELECT chain_hash FROM audit_event WHERE remediation_id ="
        + " 'ar-legacy' AND chain_seq = 2) WHERE remediation_id = 'ar-legacy'");
    assertThat(firstBreak(db, "ar-legacy").reason())
        .as("nor may its head name another record's hash").isEqualTo(Reason.HEAD_MISMATCH);
    rechainAsVersion1(db, "ar-legacy", 1, true); // its head as the writer left it

    Fixtures.write(db, events.subList(3, 5));
    ChainVerdict sealed = verifier(db).verify("ar-legacy").orElseThrow();
    assertThat(sealed.intact()).as("%s", sealed).isTrue();
    assertThat(sealed.chainedRecords()).isEqualTo(5);
    assertThat(Fixtures.count(db, "SELECT count(*) FROM audit_event WHERE remediation_id = 'ar-legacy'"
        + " AND chain_version = 2")).isEqualTo(2);
    deleteChained(db, "ar-legacy", 5);
    pointHeadAt(db, "ar-legacy", 4, true);
    assertThat(firstBreak(db, "ar-legacy").reason())
        .as("sealed since its fourth record").isEqualTo(Reason.HEAD_MISMATCH);
  }

  @Test
  void recordsAnEarlierReleasesReplicaChainsDuringARollingUpgradeAreNoBreak() throws SQLException {
    Database db = database(KEY);
    List<AuditEvent> events = events("ar-rollout", 6);
    Fixtures.write(db, events.subList(0, 4));
    // A replica of the release before V5, still running, chains the next two: version 1 HMACs, no version, and the
    // head moved without touching the MAC the new writer left.
    Fixtures.write(db, events.subList(4, 6));
    rechainAsVersion1(db, "ar-rollout", 5, false);

    ChainVerdict verdict = verifier(db).verify("ar-rollout").orElseThrow();

    assertThat(verdict.intact()).as("%s", verdict).isTrue();
    assertThat(verdict.chainedRecords()).isEqualTo(6);
  }

  /**
   * Rechains a remediation's records from position {@code from} on as a writer of before V5 did: version 1 HMACs, no
   * version, the head's hash moved; its MAC cleared ({@code clearMac}: as V5 leaves a head it adds the column to) or
   * left as it was (a replica of the earlier release writing after V5, which does not know the column).
   */
  private static void rechainAsVersion1(Database db, String remediation, long from, boolean clearMac) throws SQLException {
    ChainHasher hasher = new ChainHasher(KEY);
    String previous = "";
    try (Connection c = db.connect()) {
      List<Long> rows = new ArrayList<>();
      List<String> hashes = new ArrayList<>();
      try (var ps = c.prepareStatement("SELECT " + ChainHasher.COLUMNS + ", chain_seq, chain_hash FROM audit_event"
          + " WHERE remediation_id = ? ORDER BY chain_seq")) {
        ps.setString(1, remediation);
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            long seq = rs.getLong("chain_seq");
            if (seq < from) {
              previous = rs.getString("chain_hash").strip();
              continue;
            }
            previous = hasher.hash(rs, 1, seq, previous);
            rows.add(rs.getLong("id"));
            hashes.add(previous);
          }
        }
      }
      for (int i = 0; i < rows.size(); i++) {
        try (var ps = c.prepareStatement("UPDATE audit_event SET chain_hash = ?, chain_version = NULL WHERE id = ?")) {
          ps.setString(1, hashes.get(i));
          ps.setLong(2, rows.get(i));
          ps.executeUpdate();
        }
      }
      try (var ps = c.prepareStatement("UPDATE audit_chain_head SET last_hash = ?"
          + (clearMac ? ", last_mac = NULL" : "") + " WHERE remediation_id = ?")) {
        ps.setString(1, previous);
        ps.setString(2, remediation);
        ps.executeUpdate();
      }
    }
  }

  @Test
  void aChainStrippedOfItsColumnsAndItsHeadIsNamedForRecordsStoredAfterChainingBegan() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-before", 2));
    Fixtures.write(db, events("ar-erased", 3));

    sql(db, "UPDATE audit_event SET chain_seq = NULL, chain_hash = NULL, chain_version = NULL,"
        + " payload = jsonb_set(payload, '{outcome}', '\"Succeeded\"') WHERE remediation_id = 'ar-erased'");
    sql(db, "DELETE FROM audit_chain_head WHERE remediation_id = 'ar-erased'");
    ChainVerdict verdict = verifier(db).verify("ar-erased").orElseThrow();

    assertThat(verdict.intact()).as("records that would read as written before chaining began, %s", verdict).isFalse();
    assertThat(verdict.firstBreak().orElseThrow().reason()).isEqualTo(Reason.UNCHAINED_RECORD);
    assertThat(verdict.firstBreak().orElseThrow().detail()).contains("stored after chaining began in this trail");
    assertThat(verifier(db).verify("ar-before").orElseThrow().intact()).isTrue();
  }

  /**
   * A record inserted outside the writer is named, with the id the table gives it or one of its choosing (below the
   * chain's first): its chain's sealed head counts the records stored before the chain began (none here). Before, an
   * id below the chain's first read as a record written before chaining began, and the chain verified intact.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "id {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"the table's", "-1"})
  void aRecordInsertedOutsideTheWriterIsNamed(String id) throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-forged", 3));
    boolean chosen = !id.startsWith("the");

    sql(db, "INSERT INTO audit_event (" + (chosen ? "id, " : "") + "idempotency_key, remediation_id, fingerprint, type,"
        + " occurred_at) SELECT " + (chosen ? id + ", " : "") + "'ar-forged/approval', remediation_id, fingerprint,"
        + " 'APPROVAL', occurred_at FROM audit_event WHERE remediation_id = 'ar-forged' LIMIT 1");
    ChainVerdict verdict = verifier(db).verify("ar-forged").orElseThrow();

    assertThat(verdict.intact()).as("%s", verdict).isFalse();
    assertThat(verdict.firstBreak().orElseThrow().reason()).isEqualTo(Reason.UNCHAINED_RECORD);
    assertThat(verdict.firstBreak().orElseThrow().idempotencyKey()).isEqualTo("ar-forged/approval");
  }

  /**
   * The trail's first remediation stripped of its chain and its head deleted: where chaining began is the trail's
   * sealed origin, not its first chained record (which is then another remediation's, after these records); the origin
   * deleted or rewritten leaves no stripped record verifying either.
   */
  @Test
  void theTrailsFirstRemediationStrippedOfItsChainIsNamedAndSoIsATamperedOrigin() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-first", 2));
    Fixtures.write(db, events("ar-second", 2));

    sql(db, "UPDATE audit_event SET chain_seq = NULL, chain_hash = NULL, chain_version = NULL,"
        + " payload = jsonb_set(payload, '{outcome}', '\"Failed\"') WHERE remediation_id = 'ar-first'");
    sql(db, "DELETE FROM audit_chain_head WHERE remediation_id = 'ar-first'");

    assertThat(firstBreak(db, "ar-first").reason()).isEqualTo(Reason.UNCHAINED_RECORD);
    assertThat(firstBreak(db, "ar-first").detail()).contains("stored after chaining began");
    sql(db, "UPDATE audit_chain_origin SET began_after_id = 1000000");
    assertThat(firstBreak(db, "ar-first").detail()).contains("not what the audit key sealed");
    sql(db, "DELETE FROM audit_chain_origin");
    assertThat(firstBreak(db, "ar-first").detail()).contains("missing (deleted)");
    assertThat(verifier(db).verify("ar-second").orElseThrow().intact()).as("an untouched chain").isTrue();
  }

  /** A head of before V6 (no count, its MAC over what it had then) still verifies, held to its records' ids. */
  @Test
  void aHeadOfBeforeItCountedTheRecordsBeforeItsChainStillVerifies() throws SQLException {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-v5", 3));
    String hash = Fixtures.string(db, "SELECT last_hash FROM audit_chain_head WHERE remediation_id = 'ar-v5'");
    sql(db, "UPDATE audit_chain_head SET unchained_before = NULL, last_mac = '"
        + new ChainHasher(KEY).headMac("ar-v5", 3, hash.strip()) + "' WHERE remediation_id = 'ar-v5'");

    ChainVerdict verdict = verifier(db).verify("ar-v5").orElseThrow();

    assertThat(verdict.intact()).as("%s", verdict).isTrue();
    Fixtures.write(db, events("ar-v5", 5).subList(3, 5));
    ChainVerdict after = verifier(db).verify("ar-v5").orElseThrow();
    assertThat(after.intact()).as("and the next write keeps it so: %s", after).isTrue();
  }

  @Test
  void recordsWrittenBeforeAKeyWasSetCountAsUnchainedAndTheChainAfterThemHolds() {
    Database unkeyed = new Database(TestPostgres.settings(url, Duration.ofSeconds(5))).start();
    databases.add(unkeyed);
    List<AuditEvent> events = events("ar-upgraded", 5);
    Fixtures.write(unkeyed, events.subList(0, 2));
    Database db = database(KEY);
    Fixtures.write(db, events.subList(2, 5));

    ChainVerdict verdict = verifier(db).verify("ar-upgraded").orElseThrow();

    assertThat(verdict.intact()).as("%s", verdict).isTrue();
    assertThat(verdict.unchainedRecords()).isEqualTo(2);
    assertThat(verdict.chainedRecords()).isEqualTo(3);
  }

  @Test
  void aKeyShorterThan32BytesIsRefusedWithHowToMakeOne() {
    assertThatThrownBy(() -> AuditKey.of("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes").hasMessageContaining("/dev/urandom");
    assertThat(KEY.toString()).doesNotContain("0123456789abcdef");
  }

  @Test
  void aChainDoesNotHoldUnderAnotherKey() {
    Database db = database(KEY);
    Fixtures.write(db, events("ar-key", 2));

    ChainVerdict verdict = verifier(database(AuditKey.of("another-key-of-at-least-32-bytes-length!")))
        .verify("ar-key").orElseThrow();

    assertThat(verdict.firstBreak().orElseThrow().sequence()).isEqualTo(1);
    assertThat(verdict.firstBreak().orElseThrow().reason()).isEqualTo(Reason.HASH_MISMATCH);
  }

  /**
   * A key rotation: records written under the old key, the chain continued under the new one with the old one
   * retired. The whole chain holds, its sealed head too; under the new key alone it breaks at its first record,
   * under the old key alone at the first record written after the rotation. The retired key writes nothing.
   */
  @Test
  void aChainContinuedAfterAKeyRotationHoldsWithTheOldKeyRetiredAndOnlyThen() throws SQLException {
    AuditKey old = AuditKey.of("the-old-key-of-at-least-32-bytes-length!!");
    AuditKey fresh = AuditKey.of("the-new-key-of-at-least-32-bytes-length!!");
    List<AuditEvent> events = events("ar-rotated", 5);
    Fixtures.write(database(old), events.subList(0, 3));
    Database rotated = database(fresh.withRetired(List.of(old)));
    Fixtures.write(rotated, events.subList(3, 5));

    ChainVerdict ring = verifier(rotated).verify("ar-rotated").orElseThrow();
    assertThat(ring.intact()).as("%s", ring).isTrue();
    assertThat(ring.chainedRecords()).isEqualTo(5);

    assertThat(verifier(database(fresh)).verify("ar-rotated").orElseThrow().firstBreak().orElseThrow())
        .satisfies(b -> {
          assertThat(b.sequence()).as("the new key alone").isEqualTo(1);
          assertThat(b.reason()).isEqualTo(Reason.HASH_MISMATCH);
        });
    assertThat(verifier(database(old)).verify("ar-rotated").orElseThrow().firstBreak().orElseThrow())
        .satisfies(b -> {
          assertThat(b.sequence()).as("the old key alone: written under the new one from 4 on").isEqualTo(4);
          assertThat(b.reason()).isEqualTo(Reason.HASH_MISMATCH);
        });

    // A chain written before the rotation and not since: its records and its sealed head, under the retired key.
    Fixtures.write(database(old), events("ar-before", 2));
    ChainVerdict before = verifier(rotated).verify("ar-before").orElseThrow();
    assertThat(before.intact()).as("%s", before).isTrue();
    // A head MAC made by someone with neither key does not verify.
    sql(rotated, "UPDATE audit_chain_head SET last_mac = 'forged' WHERE remediation_id = 'ar-before'");
    assertThat(verifier(rotated).verify("ar-before").orElseThrow().firstBreak().orElseThrow().reason())
        .isEqualTo(Reason.HEAD_MISMATCH);
  }

  @Test
  void aRetiredKeyEqualToTheCurrentOneOrListedTwiceIsRefused() {
    AuditKey old = AuditKey.of("the-old-key-of-at-least-32-bytes-length!!");
    assertThatThrownBy(() -> KEY.withRetired(List.of(AuditKey.of(" 0123456789abcdef0123456789abcdef-test-key "))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is the current one");
    assertThatThrownBy(() -> KEY.withRetired(List.of(old, old)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
    AuditKey ring = KEY.withRetired(List.of(old.withRetired(List.of(AuditKey.of("a-third-key-of-at-least-32-bytes-length")))));
    assertThat(ring.retired()).as("a retired key's own retired keys are not taken").containsExactly(old);
    assertThat(ring.retired().get(0).retired()).isEmpty();
    assertThat(ring).as("equal by the current key").isEqualTo(KEY);
    assertThat(ring.toString()).as("no key printed").isEqualTo("AuditKey[41 bytes, 1 retired]");
  }

  @Test
  void twoReplicasWritingTheSameRemediationsAtOnceKeepEachChainWhole() throws Exception {
    List<String> remediations = List.of("ar-busy-a", "ar-busy-b", "ar-busy-c");
    JdbcAuditTrail first = trail(database(KEY));
    JdbcAuditTrail second = trail(database(KEY));
    CountDownLatch go = new CountDownLatch(1);
    Thread a = writer(first, remediations, 1, go);
    Thread b = writer(second, remediations, 61, go);

    go.countDown();
    a.join();
    b.join();
    await().atMost(Duration.ofSeconds(30)).until(() -> first.backlog() == 0 && second.backlog() == 0);

    assertThat(first.rejected() + second.rejected()).isZero();
    JdbcAuditChainVerifier verifier = verifier(databases.get(0));
    for (String id : remediations) {
      ChainVerdict verdict = verifier.verify(id).orElseThrow();
      assertThat(verdict.intact()).as("%s", verdict).isTrue();
      assertThat(verdict.chainedRecords()).isEqualTo(120);
    }
    List<ChainVerdict> inRange = verifier.verify(T0, T0.plusSeconds(100_000), 10);
    assertThat(inRange).extracting(ChainVerdict::remediationId).containsExactlyElementsOf(remediations);
    assertThat(inRange).allMatch(ChainVerdict::intact);
  }

  private Thread writer(JdbcAuditTrail trail, List<String> remediations, int firstStep, CountDownLatch go) {
    Thread t = new Thread(() -> {
      try {
        go.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      for (int step = firstStep; step < firstStep + 60; step++) {
        for (String id : remediations) {
          trail.record(action(Fixtures.remediation(id, id, CHECKOUT), step));
        }
      }
    });
    t.start();
    return t;
  }

  private Database database(AuditKey key) {
    Database db = TestPostgres.chained(url, key);
    databases.add(db);
    return db;
  }

  private static JdbcAuditTrail trail(Database db) {
    return JdbcAuditTrail.start(db, new AuditTrailSettings(10_000, 7, Duration.ofMillis(20), Duration.ofMillis(200),
        Duration.ofSeconds(5)));
  }

  private static JdbcAuditChainVerifier verifier(Database db) {
    return new JdbcAuditChainVerifier(db);
  }

  private static List<AuditEvent> events(String id, int count) {
    AuditEvents ar = Fixtures.remediation(id, id, CHECKOUT);
    List<AuditEvent> events = new ArrayList<>();
    for (int step = 1; step <= count; step++) {
      events.add(action(ar, step));
    }
    return events;
  }

  private static AuditEvent action(AuditEvents ar, int step) {
    return ar.action(T0.plusSeconds(step), step, "restart-pod", CHECKOUT, "Succeeded", "step " + step, 10,
        Map.of("grace", "30s"), Map.of());
  }

  private static long id(Database db, String remediation, long seq) {
    return Fixtures.count(db, "SELECT id FROM audit_event WHERE remediation_id = '" + remediation
        + "' AND chain_seq = " + seq);
  }

  /**
   * Points a remediation's chain head at its record {@code position}, its sequence and hash (and, {@code clearMac},
   * its MAC cleared), as someone with write access would to hide the records after it.
   */
  private static void pointHeadAt(Database db, String remediation, long position, boolean clearMac) throws SQLException {
    sql(db, "UPDATE audit_chain_head SET last_seq = " + position + ", last_hash = (SELECT chain_hash FROM audit_event"
        + " WHERE remediation_id = '" + remediation + "' AND chain_seq = " + position + ")"
        + (clearMac ? ", last_mac = NULL" : "") + " WHERE remediation_id = '" + remediation + "'");
  }

  /** The first break the verifier finds in a remediation's chain (there must be one). */
  private static ChainVerdict.ChainBreak firstBreak(Database db, String remediation) {
    return verifier(db).verify(remediation).orElseThrow().firstBreak().orElseThrow();
  }

  /**
   * Deletes the records at these positions of a remediation's chain (and the action rows that refer to them), as
   * someone with write access to the database could.
   */
  private static void deleteChained(Database db, String remediation, long... positions) throws SQLException {
    String list = java.util.Arrays.stream(positions).map(seq -> id(db, remediation, seq)).mapToObj(Long::toString)
        .collect(java.util.stream.Collectors.joining(", "));
    sql(db, "DELETE FROM action_execution WHERE event_id IN (" + list + ")");
    sql(db, "DELETE FROM audit_event WHERE id IN (" + list + ")");
  }

  private static void sql(Database db, String statement) throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
