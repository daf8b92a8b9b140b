package io.kubernaut.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (zonky) shared by the test classes of this module; each test gets its own
 * freshly created, empty database on it.
 */
final class TestPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  /** A started {@link Database} on a new empty database, migrated from scratch. */
  static Database freshDatabase() {
    return new Database(settings(freshUrl(), Duration.ofSeconds(5))).start();
  }

  /** The JDBC URL of a new empty database. */
  static String freshUrl() {
    String name = "audit_" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return server().getJdbcUrl("postgres", name);
  }

  /** A started {@link Database} on {@code url} that chains audit records with {@code key}. */
  static Database chained(String url, AuditKey key) {
    return new Database(new DatabaseSettings(Optional.of(url), "postgres", "postgres", Path.of("target/unused"),
        Duration.ofSeconds(5), Optional.of(key))).start();
  }

  static DatabaseSettings settings(String url, Duration connectionTimeout) {
    return new DatabaseSettings(Optional.of(url), "postgres", "postgres", Path.of("target/unused"), connectionTimeout);
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }
}
