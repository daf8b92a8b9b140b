package io.kubernaut.http.api;

import io.kubernaut.ports.access.Caller;
import io.kubernaut.ports.access.Permission;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The two static credentials of static-token mode: the admin token, allowed everything, and the
 * ingest token, allowed to post signals only. Tokens are compared in constant time.
 */
final class StaticCredentials {

  /** The user name recorded for the admin token (the approver of API approvals). */
  static final String ADMIN = "admin-token";
  /** The user name recorded for the ingest token. */
  static final String INGEST = "ingest-token";

  private final Optional<byte[]> admin;
  private final Optional<byte[]> ingest;

  StaticCredentials(Optional<String> adminToken, Optional<String> ingestToken) {
    this.admin = adminToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    this.ingest = ingestToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether static-token mode is on (at least one token configured). */
  boolean enabled() {
    return admin.isPresent() || ingest.isPresent();
  }

  /** The caller a token stands for, or empty when it is neither token. */
  Optional<Caller> caller(String token) {
    byte[] presented = token.getBytes(StandardCharsets.UTF_8);
    // Both comparisons always run, so the answer time does not tell which token was close.
    boolean isAdmin = admin.map(a -> MessageDigest.isEqual(a, presented)).orElse(false);
    boolean isIngest = ingest.map(i -> MessageDigest.isEqual(i, presented)).orElse(false);
    if (isAdmin) {
      return Optional.of(Caller.named(ADMIN));
    }
    return isIngest ? Optional.of(Caller.named(INGEST)) : Optional.empty();
  }

  /** What a static caller may do. */
  static Set<Permission> permissions(Caller caller) {
    return switch (caller.username()) {
      case ADMIN -> EnumSet.allOf(Permission.class);
      case INGEST -> EnumSet.of(Permission.SIGNALS_CREATE);
      default -> EnumSet.noneOf(Permission.class);
    };
  }
}
