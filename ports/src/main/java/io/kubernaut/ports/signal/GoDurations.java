package io.kubernaut.ports.signal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations Kubernaut's configuration and custom resources are written in, as Go writes
 * them: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 24h}, {@code 2d}, {@code 250ms}; at most
 * {@link #MAX}.
 */
public final class GoDurations {

  /**
   * The longest duration taken: every timeout, window and the retention are shorter. A longer one is
   * refused rather than read: added to a date it would pass the last instant Java can hold, and
   * every reconcile that computes a deadline from it would fail.
   */
  public static final Duration MAX = Duration.ofDays(3_650);

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private GoDurations() {}

  /** The duration {@code value} (its text, trimmed) names; an IllegalArgumentException that quotes it otherwise. */
  public static Duration parse(Object value) {
    String text = String.valueOf(value).trim();
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      if (m.group(1).replaceFirst("^0+", "").length() > 11) {
        throw tooLong(text);
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      end = m.end();
      if (total.compareTo(MAX) > 0) {
        throw tooLong(text);
      }
    }
    if (end != text.length() || end == 0 || total.isZero()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration such as 90s, 5m, 1h or 24h");
    }
    return total;
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException("\"" + (text.length() <= 40 ? text : text.substring(0, 39) + "\u2026")
        + "\" is longer than " + MAX.toDays() + "d, the longest duration Kubernaut takes");
  }
}
