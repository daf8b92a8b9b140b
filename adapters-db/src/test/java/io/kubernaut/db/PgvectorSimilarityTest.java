package io.kubernaut.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.history.SimilarIncident;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pgvector scorer on a real PostgreSQL with pgvector, named by {@code KUBERNAUT_TEST_PGVECTOR_URL}
 * with {@code KUBERNAUT_TEST_PGVECTOR_USER} and {@code KUBERNAUT_TEST_PGVECTOR_PASSWORD} (CI starts
 * one with {@code .ci/pgvector.sh}). The user must be a superuser: pgvector is not a trusted
 * extension, and the tests create databases and a role of their own, and drop them afterwards.
 * Skipped without the URL, unless {@code KUBERNAUT_REQUIRE_PGVECTOR=1}, where they fail instead.
 *
 * <p>Equivalence is checked on one seeded history by running the same probes through both
 * scorers on the same connection.
 */
class PgvectorSimilarityTest {

  private static final String URL = System.getenv("KUBERNAUT_TEST_PGVECTOR_URL");
  private static final String USER = System.getenv().getOrDefault("KUBERNAUT_TEST_PGVECTOR_USER", "postgres");
  private static final String PASSWORD = System.getenv().getOrDefault("KUBERNAUT_TEST_PGVECTOR_PASSWORD", "");
  private static final String LIMITED_ROLE = "kubernaut_test_limited_" + ProcessHandle.current().pid();
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final List<String> CREATED = new ArrayList<>();

  private static final String[] ALERTS = {"KubePodOOMKilled", "KubePodCrashLooping", "HighLatency", "DiskFull"};
  private static final String[] NAMESPACES = {"payments", "shop", "search", "auth", "billing"};
  private static final String[] CONTAINERS = {"api", "db", "worker", "cache"};
  private static final String[] WORDS = {"memory", "limit", "exceeded", "restarts", "latency", "disk", "volume",
      "pressure", "timeout", "upstream", "errors", "spike", "node", "evicted"};

  @BeforeAll
  static void requireServer() {
    if (URL == null || URL.isBlank()) {
      if ("1".equals(System.getenv("KUBERNAUT_REQUIRE_PGVECTOR"))) {
        fail("KUBERNAUT_REQUIRE_PGVECTOR=1 but KUBERNAUT_TEST_PGVECTOR_URL is not set: "
            + ".ci/pgvector.sh did not provide the pgvector server.");
      }
      Assumptions.abort("KUBERNAUT_TEST_PGVECTOR_URL is not set: no PostgreSQL with pgvector to test against.");
    }
  }

  @AfterAll
  static void dropWhatTheTestsCreated() throws SQLException {
    if (URL == null || URL.isBlank()) {
      return;
    }
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
      for (String name : CREATED) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
      s.execute("DROP ROLE IF EXISTS " + LIMITED_ROLE);
    }
  }

  @Test
  void createsTheExtensionAndRanksExactlyAsThePortableScorerDoes() throws SQLException {
    try (Database database = start(newDatabase(""), USER, PASSWORD)) {
      assertThat(database.similarityScorer()).isEqualTo(SimilarityScorer.PGVECTOR);
      Fixtures.write(database, history(400, new Random(7)));

      assertBothScorersAgree(database, new Random(11));
      assertThat(Fixtures.count(database, "SELECT count(*) FROM remediation WHERE similarity_embedding IS NULL"))
          .isZero();
    }
  }

  @Test
  void fallsBackWhenTheRoleMayNotCreateTheExtensionAndFillsTheColumnOnceItExists() throws SQLException {
    admin("CREATE ROLE " + LIMITED_ROLE + " LOGIN PASSWORD 'limited'");
    String name = newDatabase(" OWNER " + LIMITED_ROLE + " TEMPLATE template0");
    try (Database database = start(name, LIMITED_ROLE, "limited")) {
      assertThat(database.similarityScorer()).isEqualTo(SimilarityScorer.PORTABLE);
      Fixtures.write(database, history(120, new Random(3)));
    }

    try (Connection c = DriverManager.getConnection(urlOf(name), USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION vector");
    }
    try (Database database = start(name, LIMITED_ROLE, "limited")) {
      assertThat(database.similarityScorer()).isEqualTo(SimilarityScorer.PGVECTOR);
      assertThat(Fixtures.count(database, "SELECT count(*) FROM remediation WHERE similarity_embedding IS NULL"))
          .as("filled for the rows written before").isZero();

      Fixtures.write(database, history(30, new Random(5)).stream().map(e -> rename(e, "later-")).toList());
      assertThat(Fixtures.count(database, "SELECT count(*) FROM remediation"
          + " WHERE similarity_embedding IS DISTINCT FROM similarity_vector::vector")).as("kept in step").isZero();
      assertBothScorersAgree(database, new Random(13));
    }
  }

  private static void assertBothScorersAgree(Database database, Random random) throws SQLException {
    List<double[]> probes = new ArrayList<>();
    probes.add(IncidentVectoriser.vectorise(Map.of(), Map.of()));
    for (int i = 0; i < 20; i++) {
      probes.add(IncidentVectoriser.vectorise(labels(random), annotations(random)));
    }
    int nonEmpty = 0;
    try (Connection c = database.connect()) {
      for (double[] probe : probes) {
        for (int limit : new int[] {1, 5, 500}) {
          for (double min : new double[] {-1, 0, 0.5}) {
            String exclude = "incident-" + random.nextInt(50);
            List<SimilarIncident> portable = SimilarityScorer.PORTABLE.similar(c, probe, exclude, limit, min);
            List<SimilarIncident> pgvector = SimilarityScorer.PGVECTOR.similar(c, probe, exclude, limit, min);
            assertThat(ids(pgvector)).as("limit %d, min %s", limit, min).isEqualTo(ids(portable));
            for (int i = 0; i < portable.size(); i++) {
              assertThat(Math.abs(pgvector.get(i).similarity() - portable.get(i).similarity())).isLessThan(1e-6);
            }
            nonEmpty += portable.isEmpty() ? 0 : 1;
          }
        }
      }
    }
    assertThat(nonEmpty).as("probes that found something").isGreaterThan(probes.size() * 6);
  }

  /**
   * Incidents drawn from small vocabularies, so that many share labels, many have equal vectors
   * (recurring alerts, told apart only by recency) and some were created at the same instant.
   */
  private static List<AuditEvent> history(int size, Random random) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Map<String, String> labels = labels(random);
      String id = "incident-" + i;
      events.add(Fixtures.remediation(id, id, new TargetRef("Deployment", labels.get("namespace"), "app"))
          .created(Fixtures.T0.plusSeconds(random.nextInt(size / 2)), labels.get("alertname"), "production",
              "warning", labels, random.nextInt(3) == 0 ? annotations(random) : Map.of()));
    }
    return events;
  }

  private static Map<String, String> labels(Random random) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", ALERTS[random.nextInt(ALERTS.length)]);
    labels.put("namespace", NAMESPACES[random.nextInt(NAMESPACES.length)]);
    if (random.nextBoolean()) {
      labels.put("container", CONTAINERS[random.nextInt(CONTAINERS.length)]);
    }
    labels.put("pod", "pod-" + random.nextInt(1000));
    return labels;
  }

  private static Map<String, String> annotations(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(6); i >= 0; i--) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return Map.of("summary", text.toString());
  }

  private static AuditEvent rename(AuditEvent e, String prefix) {
    return new AuditEvent(prefix + e.idempotencyKey(), prefix + e.remediationId(), e.fingerprint(), e.namespace(),
        e.type(), e.occurredAt(), e.payload());
  }

  private static List<String> ids(List<SimilarIncident> incidents) {
    return incidents.stream().map(s -> s.remediation().remediationId()).toList();
  }

  private static Database start(String name, String user, String password) {
    Database database = new Database(new DatabaseSettings(Optional.of(urlOf(name)), user, password,
        Path.of("target/unused"), Duration.ofSeconds(5))).start();
    assertThat(database.health().ready()).as(database.health().detail()).isTrue();
    return database;
  }

  private static String newDatabase(String options) throws SQLException {
    String name = "kubernaut_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    admin("CREATE DATABASE " + name + options);
    CREATED.add(name);
    return name;
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The test server's URL with another database name. */
  private static String urlOf(String database) {
    return URL.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
  }
}
