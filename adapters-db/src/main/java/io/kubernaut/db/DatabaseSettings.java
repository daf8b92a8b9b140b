package io.kubernaut.db;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the database adapter needs from the operator's configuration.
 *
 * @param jdbcUrl an external PostgreSQL ({@code KUBERNAUT_DB_URL}); empty to start the embedded one
 * @param user the user for the external database
 * @param password its password
 * @param embeddedDataDir where the embedded PostgreSQL keeps its files (survives restarts)
 */
public record DatabaseSettings(Optional<String> jdbcUrl, String user, String password, Path embeddedDataDir) {}
