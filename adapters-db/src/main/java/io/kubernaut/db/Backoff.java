package io.kubernaut.db;

import java.time.Duration;

/**
 * Exponential backoff: initial, doubled after each failure, capped; reset after a success.
 * Not thread-safe; owned by the single writer thread.
 */
final class Backoff {

  private final long initialMillis;
  private final long maxMillis;
  private long nextMillis;

  Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("Backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.nextMillis = initialMillis;
  }

  /** The delay before the next attempt; doubles the one after. */
  long nextDelayMillis() {
    long delay = nextMillis;
    nextMillis = Math.min(maxMillis, nextMillis * 2);
    return delay;
  }

  /** Back to the initial delay after a success. */
  void reset() {
    nextMillis = initialMillis;
  }
}
