package io.kubernaut.db;

import io.kubernaut.ports.out.RemediationNames;
import io.kubernaut.ports.signal.Fingerprint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of a fingerprint's remediations in the audit trail's {@code remediation} table. On the
 * gateway's path: a read that fails (the database down or not configured) answers "cannot tell" and
 * the next reads answer so at once for {@link #PAUSE}, so a database outage costs a new alert at most
 * one wait on the pool per pause; the gateway then gives a name no earlier remediation had.
 */
final class JdbcRemediationNames implements RemediationNames {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcRemediationNames.class);
  /** How long reads are skipped after one failed. */
  static final Duration PAUSE = Duration.ofSeconds(30);
  /**
   * The most names read of one fingerprint: its latest remediations, which the next name must come after (the earlier
   * ones come before them in the sequence). Read in any order, a fingerprint with more remediations than this gave its
   * oldest names, and the next name could be one the trail holds already.
   */
  private static final int LIMIT = 10_000;
  private static final String SQL = "SELECT remediation_id FROM remediation WHERE fingerprint = ?"
      + " ORDER BY created_at DESC NULLS FIRST, remediation_id DESC LIMIT " + LIMIT;

  /** Where connections come from: the database's pool. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final java.util.function.BooleanSupplier remembers;
  private final Clock clock;
  private volatile Instant pausedUntil = Instant.MIN;

  @Inject
  JdbcRemediationNames(Database database) {
    this(() -> !database.unconfigured(), () -> {
      if (!database.migratedAlready()) {
        // A connect would run the migrations first, on the gateway's thread and with every other new alert
        // waiting behind its lock: name from the cluster until the audit writer has migrated the schema.
        throw new java.sql.SQLTransientConnectionException("The audit schema is not migrated yet.");
      }
      return database.connect();
    }, Clock.systemUTC());
  }

  JdbcRemediationNames(Connector connector, Clock clock) {
    this(() -> true, connector, clock);
  }

  /** {@code remembers}: false when no audit database is configured, so no name is remembered (nor freed for reuse). */
  JdbcRemediationNames(java.util.function.BooleanSupplier remembers, Connector connector, Clock clock) {
    this.remembers = remembers;
    this.connector = connector;
    this.clock = clock;
  }

  @Override
  public Optional<List<String>> usedFor(Fingerprint fingerprint) {
    if (!remembers.getAsBoolean()) {
      // No trail: no audit record a name could collide with, and retention deletes nothing unaudited.
      return Optional.of(List.of());
    }
    if (clock.instant().isBefore(pausedUntil)) {
      return Optional.empty();
    }
    try (Connection c = connector.connect(); PreparedStatement s = c.prepareStatement(SQL)) {
      s.setQueryTimeout(2);
      s.setString(1, fingerprint.hex());
      List<String> names = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return Optional.of(names);
    } catch (SQLException | RuntimeException e) {
      pausedUntil = clock.instant().plus(PAUSE);
      LOG.warn("Could not read the names of earlier remediations of {} from the audit trail ({}); new remediations are "
          + "named for {} s as no earlier one can have been (a name retention freed is not given again)",
          fingerprint.shortForm(), e.getMessage(), PAUSE.toSeconds());
      return Optional.empty();
    }
  }
}
