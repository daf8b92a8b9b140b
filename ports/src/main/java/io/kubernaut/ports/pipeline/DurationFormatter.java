package io.kubernaut.ports.pipeline;

import java.time.Duration;

/**
 * Durations as people read them, for condition messages and notifications: never the ISO-8601
 * form ({@code PT5M}) that {@link Duration#toString()} gives.
 */
public final class DurationFormatter {

  private DurationFormatter() {}

  /**
   * In words, largest unit first, zero parts left out: {@code 45 s}, {@code 5 min}, {@code 1 min 30 s},
   * {@code 1 h 30 min}, {@code 1 d}, {@code 2 d 3 h}; under a second in milliseconds ({@code 250 ms}).
   * A negative duration reads as {@code 0 s}.
   */
  public static String words(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return "0 s";
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + " ms";
    }
    return joined(d.toSeconds(), " d", " h", " min", " s", " ");
  }

  /**
   * In the short form of the configuration and of notification details, as Prometheus and Go write
   * it: {@code 45s}, {@code 5m}, {@code 5m3s}, {@code 1h2m}, {@code 2d}; a negative duration reads as {@code 0s}.
   */
  public static String compact(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    return seconds == 0 ? "0s" : joined(seconds, "d", "h", "m", "s", "");
  }

  private static String joined(long seconds, String day, String hour, String minute, String second, String gap) {
    long[] parts = {seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60, seconds % 60};
    String[] units = {day, hour, minute, second};
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] > 0) {
        out.append(out.isEmpty() ? "" : gap).append(parts[i]).append(units[i]);
      }
    }
    return out.toString();
  }
}
