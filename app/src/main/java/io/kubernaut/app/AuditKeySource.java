package io.kubernaut.app;

import io.kubernaut.db.AuditKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the audit chain's HMAC key comes from: {@code KUBERNAUT_AUDIT_KEY} (the chart sets it from
 * a Secret), or in embedded mode {@code $KUBERNAUT_DATA_DIR/audit-key}, generated (32 random
 * bytes, base64, owner-only) on the first start. Cluster mode without a key writes records
 * unchained and says so once.
 */
final class AuditKeySource {

  private static final Logger LOG = LoggerFactory.getLogger(AuditKeySource.class);
  static final String EMBEDDED_FILE = "audit-key";

  private AuditKeySource() {}

  /** The key to chain records with, or empty to write them unchained. */
  static Optional<AuditKey> resolve(OperatorConfig config, boolean embedded) {
    Optional<String> value = config.auditKey();
    if (value.isPresent()) {
      return Optional.of(named("KUBERNAUT_AUDIT_KEY", value.get()));
    }
    if (embedded) {
      return Optional.of(named(config.dataDir().resolve(EMBEDDED_FILE).toString(),
          readOrGenerate(config.dataDir().resolve(EMBEDDED_FILE))));
    }
    LOG.warn("No audit key is set (KUBERNAUT_AUDIT_KEY): audit records are written"
        + " without a hash chain and /api/v1/audit/verify answers 409.");
    return Optional.empty();
  }

  private static AuditKey named(String source, String text) {
    try {
      return AuditKey.of(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The audit key from " + source + " is refused: " + e.getMessage(), e);
    }
  }

  private static String readOrGenerate(Path file) {
    try {
      if (Files.exists(file) && !Files.readString(file).isBlank()) {
        return Files.readString(file);
      }
      Files.createDirectories(file.getParent());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String key = Base64.getEncoder().encodeToString(random);
      Files.writeString(file, key + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system: the directory's permissions apply.
      }
      LOG.info("Generated the audit key into {}", file);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or write the audit key at " + file, e);
    }
  }
}
