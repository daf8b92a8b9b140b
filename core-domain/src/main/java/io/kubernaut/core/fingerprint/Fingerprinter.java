package io.kubernaut.core.fingerprint;

import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Computes the identity of a distinct problem: SHA-256 of {@code alertname:namespace:kind:name}. */
public final class Fingerprinter {

  private Fingerprinter() {}

  /** The fingerprint of {@code alertName} firing on the (already resolved) {@code target}. */
  public static Fingerprint of(String alertName, TargetRef target) {
    String key = alertName + ":" + target.namespace() + ":" + target.kind() + ":" + target.name();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return new Fingerprint(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK ships SHA-256.", e);
    }
  }
}
