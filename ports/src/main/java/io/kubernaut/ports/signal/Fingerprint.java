package io.kubernaut.ports.signal;

/**
 * The identity of a distinct problem: SHA-256 (lower-case hex) of
 * {@code alertname:namespace:kind:name} of the resolved target.
 *
 * @param hex the 64 hex characters
 */
public record Fingerprint(String hex) {
  public Fingerprint {
    if (!isHex64(hex)) {
      throw new IllegalArgumentException("A fingerprint is 64 lower-case hex characters, got: " + hex);
    }
  }

  /** Whether {@code s} is 64 lower-case hex characters; a loop, as every signal and summary makes a fingerprint. */
  private static boolean isHex64(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
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
