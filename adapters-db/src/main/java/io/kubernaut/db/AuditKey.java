package io.kubernaut.db;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The secret of the audit chain's HMAC-SHA256 ({@code KUBERNAUT_AUDIT_KEY}, a mounted file, or
 * one generated into the embedded data directory). At least 32 bytes; never printed.
 *
 * <p>It may carry retired keys ({@link #withRetired}, {@code KUBERNAUT_AUDIT_KEYS_RETIRED}): keys
 * in force before a rotation, with which what was written then (audit records, chain heads, sealed
 * results) still verifies. Nothing is written with a retired key.
 */
public final class AuditKey {

  /** The shortest key accepted, in bytes: HMAC-SHA256's block of security. */
  public static final int MIN_BYTES = 32;

  private final byte[] bytes;
  private final List<AuditKey> retired;

  private AuditKey(byte[] bytes, List<AuditKey> retired) {
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException("The audit key must have at least " + MIN_BYTES + " bytes, got "
          + bytes.length + "; generate one with: head -c 32 /dev/urandom | base64");
    }
    this.bytes = bytes.clone();
    this.retired = List.copyOf(retired);
  }

  /** The key from its text (a secret's value; surrounding whitespace is ignored), as UTF-8 bytes. */
  public static AuditKey of(String text) {
    return new AuditKey(text.strip().getBytes(StandardCharsets.UTF_8), List.of());
  }

  /**
   * This key, with {@code retired} (keys in force before it, their own retired keys not taken) to verify
   * what was written under them. A retired key equal to this one, or listed twice, is refused: a
   * rotation that did not happen, or a mistake in the list.
   */
  public AuditKey withRetired(List<AuditKey> retired) {
    List<AuditKey> keys = new ArrayList<>();
    for (AuditKey key : retired) {
      AuditKey bare = new AuditKey(key.bytes, List.of());
      if (bare.equals(this)) {
        throw new IllegalArgumentException("A retired audit key is the current one: remove it from the retired keys");
      }
      if (keys.contains(bare)) {
        throw new IllegalArgumentException("A retired audit key is listed twice");
      }
      keys.add(bare);
    }
    return new AuditKey(bytes, keys);
  }

  /** The keys retired before this one, with which earlier records and seals still verify; none by default. */
  public List<AuditKey> retired() {
    return retired;
  }

  /**
   * A key for another use, derived from this one (HMAC-SHA256 of {@code purpose} under this key, 32
   * bytes): one secret serves several seals without any of them revealing or sharing the others' key.
   */
  public byte[] derive(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(bytes, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  byte[] bytes() {
    return bytes.clone();
  }

  /** Equal when the current keys are: the retired ones do not count. */
  @Override
  public boolean equals(Object o) {
    return o instanceof AuditKey k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "AuditKey[" + bytes.length + " bytes" + (retired.isEmpty() ? "" : ", " + retired.size() + " retired") + "]";
  }
}
