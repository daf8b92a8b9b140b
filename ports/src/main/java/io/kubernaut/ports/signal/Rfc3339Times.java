package io.kubernaut.ports.signal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads an RFC 3339 time as {@link Instant#parse} does, with a fast path for the one shape Alertmanager
 * sends and {@link Instant#toString()} writes into Kubernetes status ({@code 2026-11-20T10:00:00Z}, with
 * up to nine fraction digits): {@code Instant.parse} goes through a general formatter (about 1.5 KiB of
 * garbage a time) and was a sixth of the gateway's CPU per duplicate; an AlertRemediation's summary
 * reads 32 recent arrival times. Anything else, and anything the fast path finds out of range, is left
 * to {@code Instant.parse}, so the accepted times and the errors stay its own.
 */
public final class Rfc3339Times {

  private static final int SHORTEST = "2026-11-20T10:00:00Z".length();

  private Rfc3339Times() {}

  /** The instant {@code text} names; throws {@link java.time.format.DateTimeParseException} as {@link Instant#parse}. */
  public static Instant parse(String text) {
    Instant fast = fastPath(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /** The instant {@code text} names, or empty when it names none (a value written by hand): read, not thrown. */
  public static java.util.Optional<Instant> tryParse(String text) {
    if (text == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(parse(text));
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  private static Instant fastPath(String s) {
    int n = s.length();
    if (n < SHORTEST || n == SHORTEST + 1 || n > SHORTEST + 10 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-'
        || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':'
        || (n > SHORTEST && s.charAt(19) != '.')) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int nanos = 0;
    if (n > SHORTEST) {
      int fraction = digits(s, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 1 - 20; i < 9; i++) {
        nanos *= 10;
      }
    }
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC),
          nanos);
    } catch (DateTimeException outOfRange) {
      return null; // Such as a leap second or the 31st of a short month: Instant.parse decides.
    }
  }

  /** The ASCII digits {@code s[from, to)} as a number, or -1 if any is not a digit. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }
}
