package io.kubernaut.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kubernaut.ports.out.HealthIndicator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit database: an external PostgreSQL or an embedded one (zonky), a HikariCP pool, and the
 * Flyway migrations applied at start, after which {@link PgvectorInstaller} chooses how similar
 * incidents are ranked. {@link #health()} is ready only once migrated and reachable.
 *
 * <p>A database that is unreachable at start is not fatal: readiness reports it, and the first
 * {@link #connect()} after it comes back applies the migrations. The embedded one first frees its
 * data directory from a postmaster orphaned by a killed run ({@link OrphanedPostmasterReaper}).
 */
public final class Database implements HealthIndicator, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** How long an orphaned postmaster of a killed run gets to shut down before it is killed. */
  private static final Duration ORPHAN_GRACE = Duration.ofSeconds(10);

  private final DatabaseSettings settings;
  private volatile EmbeddedPostgres embedded;
  private final List<Runnable> beforeClose = new CopyOnWriteArrayList<>();
  private volatile HikariDataSource pool;
  private volatile boolean migrated;
  private volatile SimilarityScorer similarityScorer = SimilarityScorer.PORTABLE;
  private volatile String failure = "The database has not been started yet." + QUEUED;

  /** The longest a statement's answer is waited for on an open connection. */
  static final java.time.Duration SOCKET_TIMEOUT = java.time.Duration.ofMinutes(2);

  public Database(DatabaseSettings settings) {
    this.settings = settings;
  }

  /** Starts (or connects to) PostgreSQL and migrates it. A failure is kept for {@code /readyz}, not thrown. */
  public Database start() {
    try {
      String url = settings.jdbcUrl().orElseGet(this::startEmbedded);
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setUsername(settings.jdbcUrl().isPresent() ? settings.user() : "postgres");
      config.setPassword(settings.jdbcUrl().isPresent() ? settings.password() : "postgres");
      config.setMaximumPoolSize(8);
      config.setPoolName("kubernaut-audit");
      config.setInitializationFailTimeout(-1);
      config.setConnectionTimeout(settings.connectionTimeout().toMillis());
      // A connection whose server went silent (a network black hole) would otherwise hold its thread for the
      // TCP timeout, about 15 minutes; parameters in KUBERNAUT_DB_URL still win over these.
      config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
      config.addDataSourceProperty("tcpKeepAlive", "true");
      pool = new HikariDataSource(config);
      migrate();
      LOG.info("Audit database ready at {}", redact(url));
    } catch (RuntimeException | SQLException e) {
      failure = "The audit database could not be started or migrated: " + e.getMessage() + QUEUED;
      LOG.warn(failure, e);
    }
    return this;
  }

  /**
   * Applies the migrations once, then chooses the similarity scorer ({@link PgvectorInstaller});
   * later calls return at once.
   */
  private synchronized void migrate() throws SQLException {
    if (migrated) {
      return;
    }
    // Its own connections, without the pool's socket timeout: a migration may rewrite a large table.
    var result = Flyway.configure().dataSource(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword())
        .locations("classpath:db/migration").load().migrate();
    LOG.info("Audit schema migrated: {} migrations applied, schema version {}",
        result.migrationsExecuted, result.targetSchemaVersion);
    try (Connection c = pool.getConnection()) {
      // Installing pgvector may rewrite the remediation table: no socket timeout for it (Hikari restores the
      // pool's on return).
      c.setNetworkTimeout(Runnable::run, 0);
      similarityScorer = PgvectorInstaller.install(c);
      Optional<AuditKey> key = settings.auditKey();
      if (key.isPresent()) {
        AuditChainer.ensureOrigin(c, new ChainHasher(key.get())); // where chaining began, sealed, once per trail
      }
    }
    migrated = true;
    failure = null;
  }

  /**
   * A pooled connection to the migrated schema. Migrates first when the start could not.
   *
   * @throws SQLException a transient one ({@link SQLTransientConnectionException}) while the
   *     database is unreachable
   */
  Connection connect() throws SQLException {
    if (pool == null) {
      throw new SQLTransientConnectionException(failure == null ? "The database is not started." : failure);
    }
    if (!migrated) {
      try {
        migrate();
      } catch (FlywayException e) {
        throw new SQLTransientConnectionException("The audit schema could not be migrated yet: " + e.getMessage(), e);
      }
    }
    return pool.getConnection();
  }

  /** How similar incidents are ranked on this database: pgvector or portable SQL; chosen when migrated. */
  SimilarityScorer similarityScorer() {
    return similarityScorer;
  }

  /** Runs the task at the start of {@link #close()}, before the pool closes (e.g. a last flush). */
  void beforeClose(Runnable task) {
    beforeClose.add(task);
  }

  private String startEmbedded() {
    try {
      Files.createDirectories(settings.embeddedDataDir());
      new OrphanedPostmasterReaper(settings.embeddedDataDir(), ORPHAN_GRACE).reap();
      embedded = EmbeddedPostgres.builder()
          .setDataDirectory(settings.embeddedDataDir())
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .start();
      return embedded.getJdbcUrl("postgres", "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + settings.embeddedDataDir(), e);
    }
  }

  /** The audit chain's HMAC key; empty when records are written unchained. */
  Optional<AuditKey> auditKey() {
    return settings.auditKey();
  }

  /** Set when no database is configured: never started, nothing to remember. */
  private volatile boolean unconfigured;

  /** Whether the schema is migrated: until then a {@link #connect} would migrate it first, which may take long. */
  boolean migratedAlready() {
    return migrated;
  }

  /** Whether a pool was started: false when no database is configured or the start failed. */
  boolean started() {
    return pool != null;
  }

  /** The pool, once started. */
  public DataSource dataSource() {
    if (pool == null) {
      throw new IllegalStateException("The database is not started.");
    }
    return pool;
  }

  @Override
  public String component() {
    return "database";
  }

  /**
   * Keeps the database unstarted and says why on {@code /readyz} (cluster mode without
   * {@code KUBERNAUT_DB_URL}): a degraded state, the gateway stays ready.
   */
  public void leaveUnconfigured(String reason) {
    failure = reason;
    unconfigured = true;
  }

  /** Whether it was left unconfigured ({@link #leaveUnconfigured}): there is no audit database to ask. */
  boolean unconfigured() {
    return unconfigured;
  }

  /** What the audit database being down means, the end of every sentence saying it is. */
  private static final String QUEUED = " Audit events queue and are retried, and retention keeps finished remediations"
      + " until their audit is stored.";

  /** The audit database being down degrades the operator but does not take it out of its Service. */
  @Override
  public boolean gatesReadiness() {
    return false;
  }

  @Override
  public Health health() {
    if (pool == null) {
      return Health.down(failure == null ? "The audit database is not started." + QUEUED : failure);
    }
    try (Connection c = connect()) {
      return c.isValid(2) ? Health.up("The audit database is migrated and reachable.")
          : Health.down("The audit database did not answer a validity check." + QUEUED);
    } catch (SQLException e) {
      return Health.down("The audit database is unreachable: " + e.getMessage()
          + " Check KUBERNAUT_DB_URL and the server." + QUEUED);
    }
  }

  @Override
  public void close() {
    beforeClose.forEach(Runnable::run);
    if (pool != null) {
      pool.close();
    }
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        LOG.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }

  private static String redact(String url) {
    return url.replaceAll("password=[^&]*", "password=***");
  }
}
