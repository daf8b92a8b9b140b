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
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit database: an external PostgreSQL or an embedded one (zonky), a HikariCP pool, and the
 * Flyway migrations applied at start. {@link #health()} is ready only once migrated and reachable.
 */
public final class Database implements HealthIndicator, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final DatabaseSettings settings;
  private EmbeddedPostgres embedded;
  private HikariDataSource pool;
  private volatile String failure = "The database has not been started yet.";

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
      config.setConnectionTimeout(5_000);
      pool = new HikariDataSource(config);
      var result = Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
      LOG.info("Audit database ready at {}: {} migrations applied, schema version {}", redact(url),
          result.migrationsExecuted, result.targetSchemaVersion);
      failure = null;
    } catch (RuntimeException e) {
      failure = "The audit database could not be started or migrated: " + e.getMessage();
      LOG.warn(failure, e);
    }
    return this;
  }

  private String startEmbedded() {
    try {
      Files.createDirectories(settings.embeddedDataDir());
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

  @Override
  public Health health() {
    if (failure != null) {
      return Health.down(failure);
    }
    try (Connection c = pool.getConnection()) {
      return c.isValid(2) ? Health.up("The audit database is migrated and reachable.")
          : Health.down("The audit database did not answer a validity check.");
    } catch (SQLException e) {
      return Health.down("The audit database is unreachable: " + e.getMessage());
    }
  }

  @Override
  public void close() {
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
