package io.kubernaut.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The two static credentials of {@code /api/**}: the admin token (every route) and the ingest
 * token (the signal routes only). Configured by environment; embedded mode generates whichever is
 * missing into the data directory, owner-readable only, and reuses it on the next start.
 *
 * @param admin {@code KUBERNAUT_API_TOKEN} or {@code $KUBERNAUT_DATA_DIR/api-token}
 * @param ingest {@code KUBERNAUT_INGEST_TOKEN} or {@code $KUBERNAUT_DATA_DIR/ingest-token}
 */
record StaticTokens(Optional<String> admin, Optional<String> ingest) {

  static final String ADMIN_FILE = "api-token";
  static final String INGEST_FILE = "ingest-token";

  /** The configured tokens only; none configured means TokenReview. */
  static StaticTokens configured(OperatorConfig config) {
    return new StaticTokens(config.apiToken(), config.ingestToken());
  }

  /** The configured tokens, the missing ones read from or generated into the data directory. */
  static StaticTokens embedded(OperatorConfig config) {
    Path dir = config.dataDir();
    return new StaticTokens(Optional.of(config.apiToken().orElseGet(() -> fileToken(dir.resolve(ADMIN_FILE)))),
        Optional.of(config.ingestToken().orElseGet(() -> fileToken(dir.resolve(INGEST_FILE)))));
  }

  /** Reads a token file, or generates and writes one (owner-readable only). */
  private static String fileToken(Path tokenFile) {
    try {
      if (Files.exists(tokenFile)) {
        String existing = Files.readString(tokenFile).trim();
        if (!existing.isEmpty()) {
          return existing;
        }
      }
      Files.createDirectories(tokenFile.getParent());
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String token = HexFormat.of().formatHex(random);
      Files.writeString(tokenFile, token + "\n");
      try {
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system: the directory's permissions apply.
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or write the API token at " + tokenFile, e);
    }
  }
}
