package io.kubernaut.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link SimilarityScorer} of a database once, right after the Flyway migrations, and
 * sets pgvector up when the server has it: {@code CREATE EXTENSION IF NOT EXISTS vector} unless
 * it is installed already, then the column {@code remediation.similarity_embedding vector(N)}.
 * Logs one line saying which scorer is active and why.
 *
 * <p>The column is generated and stored: {@code GENERATED ALWAYS AS (similarity_vector::vector(N))}.
 * PostgreSQL computes it on every insert and update of {@code similarity_vector}, so no writer
 * can let it drift, and adding it rewrites the table, which fills it for every existing row: the
 * backfill when the extension is first enabled is that one statement.
 *
 * <p>Why this DDL is run by the adapter, guarded by detection, and not by a Flyway migration:
 * <ul>
 *   <li>every migration must succeed on every server, and plain SQL cannot name the type
 *       {@code vector} where the extension is missing;
 *   <li>a versioned migration, even a Java one that checks first, runs once: on a server that
 *       gets pgvector (or the privilege to create it) after the schema was made, it would never
 *       run again, so the database would stay on the portable path for good;
 *   <li>the column is derived data: dropping it (or the extension) loses nothing, and the next
 *       start adds it back. The Flyway schema stays the one every server has.
 * </ul>
 * Everything runs in one transaction under an advisory lock, so replicas starting together do
 * not race, and a failure (typically SQLSTATE 42501: only a superuser may create pgvector, which
 * is not a trusted extension) rolls it all back and leaves the portable path.
 */
final class PgvectorInstaller {

  private static final Logger LOG = LoggerFactory.getLogger(PgvectorInstaller.class);
  /** The advisory lock key that serialises set-ups of the same database ("kubervec" in ASCII). */
  private static final long LOCK = 0x6b75_6265_7276_6563L;
  private static final String COLUMN = "ALTER TABLE remediation ADD COLUMN similarity_embedding vector("
      + IncidentVectoriser.DIMENSIONS + ") GENERATED ALWAYS AS (similarity_vector::vector("
      + IncidentVectoriser.DIMENSIONS + ")) STORED";

  private PgvectorInstaller() {}

  /**
   * Sets pgvector up where possible and answers the scorer to use from now on.
   *
   * @throws SQLException only when the server cannot be asked at all; a failed set-up answers
   *     {@link SimilarityScorer#PORTABLE} instead
   */
  static SimilarityScorer install(Connection c) throws SQLException {
    String available = string(c, "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'");
    if (available == null) {
      LOG.info("Similar incidents: portable SQL scorer, because this server has no pgvector extension.");
      return SimilarityScorer.PORTABLE;
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
      boolean created = string(c, "SELECT extversion FROM pg_extension WHERE extname = 'vector'") == null;
      if (created) {
        s.execute("CREATE EXTENSION IF NOT EXISTS vector");
      }
      boolean added = string(c, "SELECT attname FROM pg_attribute WHERE attrelid = 'remediation'::regclass"
          + " AND attname = 'similarity_embedding' AND NOT attisdropped") == null;
      if (added) {
        s.execute(COLUMN);
      }
      String version = string(c, "SELECT extversion FROM pg_extension WHERE extname = 'vector'");
      c.commit();
      LOG.info("Similar incidents: pgvector {} scorer (extension {}, column similarity_embedding {}).", version,
          created ? "created now" : "installed already", added ? "added and filled now" : "present");
      return SimilarityScorer.PGVECTOR;
    } catch (SQLException e) {
      c.rollback();
      LOG.warn("Similar incidents: portable SQL scorer, because pgvector {} is available but could not be set up"
          + " (SQLSTATE {}: {}).{}", available, e.getSQLState(), e.getMessage().replaceAll("\\s*\n\\s*", " "),
          "42501".equals(e.getSQLState()) ? " A superuser can run CREATE EXTENSION vector in this database;"
              + " the next start then uses it." : "");
      return SimilarityScorer.PORTABLE;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static String string(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
