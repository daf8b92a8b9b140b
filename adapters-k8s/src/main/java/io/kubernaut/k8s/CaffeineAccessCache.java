package io.kubernaut.k8s;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.kubernaut.ports.access.Caller;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.out.AccessReviewer;
import io.kubernaut.ports.out.TokenReviewer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Remembers TokenReview and SubjectAccessReview answers briefly, positive ones longer than
 * negative ones, so a flood of requests (even unauthenticated ones with one bad token) costs the
 * API server one review per distinct token and permission per period, not one per request. Tokens
 * are kept as their SHA-256 only. A failed review (API server away) is not remembered.
 */
final class CaffeineAccessCache {

  /** How long an accepted token or a granted permission is remembered. */
  static final Duration POSITIVE_TTL = Duration.ofSeconds(30);
  /** How long a refused token or a denied permission is remembered. */
  static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);
  /** At most this many answers of each kind are remembered. */
  static final long MAX_ENTRIES = 10_000;

  private CaffeineAccessCache() {}

  /** The token reviewer, remembering its answers. */
  static TokenReviewer tokenReviewer(TokenReviewer reviewer, Ticker ticker) {
    Cache<String, Optional<Caller>> tokens = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).ticker(ticker)
        .expireAfter(expiry((Optional<Caller> caller) -> caller.isPresent())).build();
    return (token, audience) -> tokens.get(sha256(audience + "\n" + token), k -> reviewer.authenticate(token, audience));
  }

  /** The access reviewer, remembering its answers. */
  static AccessReviewer accessReviewer(AccessReviewer reviewer, Ticker ticker) {
    Cache<String, Boolean> grants = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).ticker(ticker)
        .expireAfter(expiry((Boolean granted) -> granted)).build();
    return (caller, permission) -> grants.get(key(caller, permission), k -> reviewer.permits(caller, permission));
  }

  private static String key(Caller caller, Permission permission) {
    return permission.name() + "\n" + caller.username() + "\n" + caller.uid() + "\n" + String.join(",", caller.groups());
  }

  private static <V> Expiry<String, V> expiry(java.util.function.Predicate<V> positive) {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(String key, V value, long currentTime) {
        return (positive.test(value) ? POSITIVE_TTL : NEGATIVE_TTL).toNanos();
      }

      @Override
      public long expireAfterUpdate(String key, V value, long currentTime, long currentDuration) {
        return expireAfterCreate(key, value, currentTime);
      }

      @Override
      public long expireAfterRead(String key, V value, long currentTime, long currentDuration) {
        return currentDuration;
      }
    };
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no SHA-256.", e);
    }
  }
}
