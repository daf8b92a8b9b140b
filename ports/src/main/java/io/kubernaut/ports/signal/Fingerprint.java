package io.kubernaut.ports.signal;

import java.util.regex.Pattern;

/**
 * The identity of a distinct problem: SHA-256 (lower-case hex) of
 * {@code alertname:namespace:kind:name} of the resolved target.
 *
 * @param hex the 64 hex characters
 */
public record Fingerprint(String hex) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public Fingerprint {
    if (hex == null || !HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException("A fingerprint is 64 lower-case hex characters, got: " + hex);
    }
  }

  /** The first 40 characters, which fit a Kubernetes label value. */
  public String labelValue() {
    return hex.substring(0, 40);
  }

  /** A short form for names and logs. */
  public String shortForm() {
    return hex.substring(0, 10);
  }
}
