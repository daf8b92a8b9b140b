package io.kubernaut.app;

import io.kubernaut.db.AuditKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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

  /**
   * The key to chain records with, with the keys it retired ({@code KUBERNAUT_AUDIT_KEYS_RETIRED}), or empty to
   * write them unchained. Retired keys without a current one are refused: nothing would verify with them.
   */
  static Optional<AuditKey> resolve(OperatorConfig config, boolean embedded) {
    Optional<AuditKey> current = current(config, embedded);
    List<String> retired = config.retiredAuditKeys();
    if (retired.isEmpty()) {
      return current;
    }
    if (current.isEmpty()) {
      throw new IllegalArgumentException("KUBERNAUT_AUDIT_KEYS_RETIRED is set but KUBERNAUT_AUDIT_KEY is not: retired"
          + " keys verify what was written before a rotation to a current key; set the current one too.");
    }
    List<AuditKey> keys = new ArrayList<>();
    for (int i = 0; i < retired.size(); i++) {
      keys.add(named("KUBERNAUT_AUDIT_KEYS_RETIRED (line " + (i + 1) + " of the non-blank ones)", retired.get(i)));
    }
    try {
      AuditKey ring = current.get().withRetired(keys);
      LOG.info("The audit key has {} retired key(s): records, heads and seals written under them still verify",
          keys.size());
      return Optional.of(ring);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("KUBERNAUT_AUDIT_KEYS_RETIRED is refused: " + e.getMessage(), e);
    }
  }

  private static Optional<AuditKey> current(OperatorConfig config, boolean embedded) {
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
