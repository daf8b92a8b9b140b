package io.kubernaut.db;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The secret of the audit chain's HMAC-SHA256 ({@code KUBERNAUT_AUDIT_KEY}, a mounted file, or
 * one generated into the embedded data directory). At least 32 bytes; never printed.
 */
public final class AuditKey {

  /** The shortest key accepted, in bytes: HMAC-SHA256's block of security. */
  public static final int MIN_BYTES = 32;

  private final byte[] bytes;

  private AuditKey(byte[] bytes) {
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException("The audit key must have at least " + MIN_BYTES + " bytes, got "
          + bytes.length + "; generate one with: head -c 32 /dev/urandom | base64");
    }
    this.bytes = bytes.clone();
  }

  /** The key from its text (a secret's value; surrounding whitespace is ignored), as UTF-8 bytes. */
  public static AuditKey of(String text) {
    return new AuditKey(text.strip().getBytes(StandardCharsets.UTF_8));
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
    return "AuditKey[" + bytes.length + " bytes]";
  }
}
