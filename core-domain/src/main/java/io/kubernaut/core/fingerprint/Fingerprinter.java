package io.kubernaut.core.fingerprint;

import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Computes the identity of a distinct problem: SHA-256 of {@code alertname:namespace:kind:name}. */
public final class Fingerprinter {

  /**
   * A fresh SHA-256 digest to clone: cloning costs less than {@code MessageDigest.getInstance}'s
   * provider look-up, which every signal the gateway takes in would otherwise pay.
   */
  private static final MessageDigest SHA_256 = sha256();

  private Fingerprinter() {}

  /** The fingerprint of {@code alertName} firing on the (already resolved) {@code target}. */
  public static Fingerprint of(String alertName, TargetRef target) {
    String key = alertName + ":" + target.namespace() + ":" + target.kind() + ":" + target.name();
    byte[] digest = fresh().digest(key.getBytes(StandardCharsets.UTF_8));
    return new Fingerprint(HexFormat.of().formatHex(digest));
  }

  private static MessageDigest fresh() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      return sha256(); // A provider whose digest cannot be cloned: look it up each time.
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK ships SHA-256.", e);
    }
  }
}
