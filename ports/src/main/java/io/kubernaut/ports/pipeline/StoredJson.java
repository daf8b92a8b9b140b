package io.kubernaut.ports.pipeline;

/**
 * How the Kubernetes API server writes the JSON strings of an object it stores, which is what its
 * size limits count: Go's encoding, which escapes more than a JSON encoder must. Kept here once for
 * both counters: the analysis's budget on an investigator's text (core) and the analysis status's
 * cap on what Jackson writes (the Kubernetes adapter).
 */
public final class StoredJson {

  /** The bytes of the escape Go writes for {@code <}: a backslash, then {@code u003c}. */
  public static final int ESCAPE_BYTES = 6;

  private StoredJson() {}

  /**
   * Whether the API server writes {@code c} as a six-byte escape where Jackson writes it as it is:
   * {@code <}, {@code >}, {@code &}, U+2028 and U+2029.
   */
  public static boolean widened(char c) {
    return c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029';
  }

  /**
   * The bytes {@code text} takes in a JSON string as the API server writes it: UTF-8 (a character
   * outside the Basic Multilingual Plane four, a lone surrogate three, as its replacement); a quote,
   * backslash, newline, return or tab two; any other control character and every {@link #widened}
   * one six.
   */
  public static int bytes(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
        bytes += 2;
      } else if (c < 0x20 || widened(c)) {
        bytes += ESCAPE_BYTES;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3; // the rest of the plane, and a lone surrogate written as U+FFFD
      }
    }
    return bytes;
  }
}
