package io.kubernaut.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaMigrationTest {

  private Database database;

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void migratesAnEmptyDatabaseToEveryAuditTableAndReportsReady() throws SQLException {
    database = TestPostgres.freshDatabase();

    assertThat(database.health().ready()).as(database.health().detail()).isTrue();
    assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
        .contains("audit_event", "remediation", "phase_transition", "analysis", "analysis_recommendation",
            "action_execution", "approval", "notification");
  }

  @Test
  void keysEveryTableByRemediationIdAndFingerprint() throws SQLException {
    database = TestPostgres.freshDatabase();

    for (String table : List.of("audit_event", "remediation", "phase_transition", "analysis",
        "analysis_recommendation", "action_execution", "approval", "notification")) {
      assertThat(strings("SELECT column_name FROM information_schema.columns WHERE table_name = '" + table + "'"))
          .as(table).contains("remediation_id", "fingerprint");
    }
  }

  @Test
  void indexesTheAuditTrailForItsStableOrderAndEachFilter() throws SQLException {
    database = TestPostgres.freshDatabase();

    assertThat(strings("SELECT indexdef FROM pg_indexes WHERE tablename = 'audit_event'"))
        .anyMatch(d -> d.contains("UNIQUE") && d.contains("(idempotency_key)"))
        .anyMatch(d -> d.contains("(occurred_at, id)"))
        .anyMatch(d -> d.contains("(remediation_id, occurred_at, id)"))
        .anyMatch(d -> d.contains("(type, occurred_at, id)"))
        .anyMatch(d -> d.contains("(namespace, occurred_at, id)"));
  }

  @Test
  void startingAgainOnAMigratedDatabaseAppliesNothingTwice() throws SQLException {
    database = TestPostgres.freshDatabase();
    Database again = new Database(TestPostgres.settings(url(), java.time.Duration.ofSeconds(5))).start();
    try {
      assertThat(again.health().ready()).isTrue();
      assertThat(strings("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
          .containsExactly("1", "2", "3", "4", "5", "6");
    } finally {
      again.close();
    }
  }

  /**
   * V3: the ACTION rows the operator projected before it wrote the history's words (their key's
   * lower-case word, which the history never counted as a success) are rewritten; an external
   * writer's rows are left as posted.
   */
  @Test
  void actionOutcomesOfTheOperatorWrittenBeforeVersion3AreRewrittenInTheHistorysWords() throws SQLException {
    String url = TestPostgres.freshUrl();
    org.flywaydb.core.Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration")
        .target("2").load().migrate();
    List<String> before = List.of("succeeded", "succeeded-attempt-2", "verified-after-restart", "dry-run-succeeded",
        "rollback-succeeded", "rollback-failed_permanent", "rollback-skipped", "failed_retryable-attempt-3", "timed_out", "not_started",
        "skipped", "failed_permanent");
    try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
        Statement st = c.createStatement()) {
      int id = 0;
      for (String outcome : before) {
        insertAction(st, ++id, "ar-1/action/" + id + "/" + outcome, id, outcome);
      }
      insertAction(st, ++id, "external:runner-42", 0, "succeeded");
    }
    database = new Database(TestPostgres.settings(url, java.time.Duration.ofSeconds(5))).start();

    assertThat(strings("SELECT outcome FROM action_execution ORDER BY id")).containsExactly("Succeeded", "Succeeded",
        "Succeeded", "DryRun", "RolledBack", "RollbackFailed", "RollbackSkipped", "FailedRetryable", "TimedOut", "NotStarted", "Skipped",
        "FailedPermanent", "succeeded");
  }

  private static void insertAction(Statement st, int id, String key, int step, String outcome) throws SQLException {
    String fp = "a".repeat(64);
    st.execute("INSERT INTO audit_event (id, idempotency_key, remediation_id, fingerprint, type, occurred_at) VALUES ("
        + id + ", '" + key + "', 'ar-1', '" + fp + "', 'ACTION', now())");
    st.execute("INSERT INTO action_execution (event_id, remediation_id, fingerprint, step, action_type, outcome,"
        + " occurred_at) VALUES (" + id + ", 'ar-1', '" + fp + "', " + step + ", 'restart_pod', '" + outcome + "', now())");
  }

  @Test
  void aDatabaseThatCannotBeReachedIsNotReadyAndSaysWhy() {
    database = new Database(TestPostgres.settings("jdbc:postgresql://127.0.0.1:1/none",
        java.time.Duration.ofMillis(300))).start();

    assertThat(database.health().ready()).isFalse();
    assertThat(database.health().detail()).startsWith("The audit database is unreachable");
  }

  private String url() throws SQLException {
    try (Connection c = database.connect()) {
      return c.getMetaData().getURL();
    }
  }

  private List<String> strings(String sql) throws SQLException {
    try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
