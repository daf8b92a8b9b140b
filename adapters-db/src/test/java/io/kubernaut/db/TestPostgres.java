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
    String name = "audit_" + DATABASES.incrementAndGet();
    try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return new Database(settings(server().getJdbcUrl("postgres", name), Duration.ofSeconds(5))).start();
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
