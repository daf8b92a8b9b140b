package io.kubernaut.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL after an unclean end: the operator's JVM killed with SIGKILL (its
 * postmaster lives on and holds the data directory), or a {@code postmaster.pid} left behind whose
 * PID now belongs to another process (a container restart).
 */
class OrphanedPostmasterTest {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmasterTest.class);

  private final Path dataDir = Path.of("target", "orphan-pg-" + System.nanoTime()).toAbsolutePath();
  private final List<Database> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(Database::close);
  }

  @Test
  void aStartAfterTheOperatorWasKilledStopsTheOrphanedPostmasterAndComesUpReady() throws Exception {
    long orphan = killOperatorLeavingItsPostmaster();
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

    long begin = System.nanoTime();
    Database database = start();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    LOG.info("Recovered from an orphaned postmaster in {} ms", millis);

    assertThat(database.health().ready()).as(database.health().detail()).isTrue();
    assertThat(selectOne(database)).isEqualTo(1);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(postmasterPid()).isNotEqualTo(orphan);
  }

  @Test
  void aLeftoverPidFileNamingAnotherLiveProcessIsRemovedAndTheStartComesUpReady() throws Exception {
    start().close();
    started.clear();
    Process unrelated = new ProcessBuilder("sleep", "60").start();
    try {
      Files.writeString(dataDir.resolve("postmaster.pid"), unrelated.pid() + "\n" + dataDir
          + "\n1700000000\n5432\n/tmp\nlocalhost\n  5416560    720899\nready   \n");

      Database database = start();

      assertThat(database.health().ready()).as(database.health().detail()).isTrue();
      assertThat(selectOne(database)).isEqualTo(1);
      assertThat(unrelated.isAlive()).isTrue();
    } finally {
      unrelated.destroyForcibly();
    }
  }

  @Test
  void aDataDirectoryOfALiveDatabaseIsLeftAlone() throws Exception {
    Database database = start();
    long postmaster = postmasterPid();

    var finding = new OrphanedPostmasterReaper(dataDir, Duration.ofSeconds(1)).reap();

    assertThat(finding).isEqualTo(OrphanedPostmasterReaper.Finding.OWNED_BY_LIVE_PROCESS);
    assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
    assertThat(selectOne(database)).isEqualTo(1);
  }

  /** Runs {@link OrphaningOperator} in its own JVM until its database is ready, then SIGKILLs it. */
  private long killOperatorLeavingItsPostmaster() throws IOException, InterruptedException {
    Process operator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OrphaningOperator.class.getName(), dataDir.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(operator.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("READY")) {
        LOG.debug("operator: {}", line);
        assertThat(line).doesNotStartWith("FAILED");
      }
      assertThat(line).as("the operator's database came up").isEqualTo("READY");
      operator.destroyForcibly();
      assertThat(operator.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    return postmasterPid();
  }

  private Database start() {
    Database database = new Database(new DatabaseSettings(Optional.empty(), "", "", dataDir,
        Duration.ofSeconds(5))).start();
    started.add(database);
    return database;
  }

  private long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
  }

  private static int selectOne(Database database) throws SQLException {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
