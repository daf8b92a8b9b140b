package io.kubernaut.http.notify;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": the n-th pause is half of {@code initial * 2^(n-1)}
 * (capped at {@code max}) plus a random share of the other half, so retries of many messages
 * spread out instead of arriving together. A server's {@code Retry-After} wins when it is longer.
 */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The pause after failed attempt number {@code attempt} (1-based). */
  Duration after(int attempt, Duration retryAfter) {
    long base = initial.toMillis();
    long capped = max.toMillis();
    long exp = attempt >= 31 ? capped : Math.min(capped, base * (1L << Math.max(0, attempt - 1)));
    long half = exp / 2;
    long pause = half + (long) (random.getAsDouble() * (exp - half));
    long wanted = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), capped);
    return Duration.ofMillis(Math.max(pause, wanted));
  }
}
