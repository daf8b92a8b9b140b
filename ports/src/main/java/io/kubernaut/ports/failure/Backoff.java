package io.kubernaut.ports.failure;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between retries of a {@link RetryableException}: the pause after failed
 * attempt {@code n} is {@code initial · 2^(n−1)}, capped at {@code max}. A value with no state,
 * clock or randomness of its own, so every adapter that retries waits by the same rule: the caller
 * counts its attempts and, where many callers retry together, draws the jitter share.
 *
 * @param initial the pause after the first failure
 * @param max the longest pause
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || max.isNegative()) {
      throw new IllegalArgumentException("A backoff cannot pause for a negative time, got " + initial + " and " + max
          + ".");
    }
  }

  /** The pause after failed attempt {@code attempt} (1-based): doubled per earlier failure, at most {@code max}. */
  public Duration after(int attempt) {
    return Duration.ofMillis(stepMillis(attempt));
  }

  /**
   * The pause after failed attempt {@code attempt} with "equal jitter": half of {@link #after} plus
   * {@code share} of the other half, so that retries of many messages spread out instead of
   * arriving together.
   *
   * @param share a random number in {@code [0, 1)}
   */
  public Duration withEqualJitter(int attempt, double share) {
    long step = stepMillis(attempt);
    long half = step / 2;
    return Duration.ofMillis(half + (long) (share * (step - half)));
  }

  private long stepMillis(int attempt) {
    long base = initial.toMillis();
    long cap = max.toMillis();
    int doublings = Math.max(0, attempt - 1);
    return doublings >= 30 || base > (cap >> doublings) ? cap : base << doublings;
  }
}
