package io.kubernaut.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the database adapter needs from the operator's configuration.
 *
 * @param jdbcUrl an external PostgreSQL ({@code KUBERNAUT_DB_URL}); empty to start the embedded one
 * @param user the user for the external database
 * @param password its password
 * @param embeddedDataDir where the embedded PostgreSQL keeps its files (survives restarts)
 * @param connectionTimeout how long a caller waits for a pooled connection before the database
 *     counts as unreachable (at least 250 ms)
 * @param auditKey the HMAC key of the audit chain; empty writes records unchained
 */
public record DatabaseSettings(Optional<String> jdbcUrl, String user, String password, Path embeddedDataDir,
    Duration connectionTimeout, Optional<AuditKey> auditKey) {

  /** The default wait for a connection. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  public DatabaseSettings {
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("The connection timeout must be at least 250 ms, got " + connectionTimeout);
    }
  }

  /** Settings with the default connection timeout. */
  public DatabaseSettings(Optional<String> jdbcUrl, String user, String password, Path embeddedDataDir,
      Optional<AuditKey> auditKey) {
    this(jdbcUrl, user, password, embeddedDataDir, DEFAULT_CONNECTION_TIMEOUT, auditKey);
  }

  /** Settings without an audit key: records are written unchained. */
  public DatabaseSettings(Optional<String> jdbcUrl, String user, String password, Path embeddedDataDir,
      Duration connectionTimeout) {
    this(jdbcUrl, user, password, embeddedDataDir, connectionTimeout, Optional.empty());
  }
}
