package io.kubernaut.http.notify;

import io.kubernaut.ports.failure.Backoff;
import java.time.Duration;

/**
 * How deliveries are queued, retried and protected by the circuit breaker.
 *
 * @param queueCapacity messages held per channel (queued, or waiting for a retry or for an open
 *     breaker) before new ones are dropped (and recorded as failed)
 * @param maxAttempts tries per message and channel, the first included; a refusal by an open
 *     breaker is not a try
 * @param initialBackoff the pause after the first failure; it doubles per attempt, with jitter
 * @param maxBackoff the longest pause
 * @param timeout per attempt (connect plus answer)
 * @param failureThreshold consecutive transient failures that open a channel's breaker
 * @param openFor how long an open breaker refuses before letting a trial through; messages refused
 *     meanwhile wait for it
 * @param closeAfter trial successes that close a half-open breaker
 * @param dedupCapacity idempotency keys remembered (oldest forgotten first)
 */
record DeliveryPolicy(int queueCapacity, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
    Duration timeout, int failureThreshold, Duration openFor, int closeAfter, int dedupCapacity) {

  static final DeliveryPolicy DEFAULTS = new DeliveryPolicy(1000, 5, Duration.ofSeconds(2), Duration.ofMinutes(2),
      Duration.ofSeconds(10), 5, Duration.ofSeconds(60), 2, 10_000);

  /**
   * The pause before retrying after failed attempt {@code attempt}: the backoff with equal jitter,
   * so that retries of many messages spread out, or the server's {@code Retry-After} when that is
   * longer, but never more than {@code maxBackoff}.
   *
   * @param share a random number in {@code [0, 1)}
   * @param retryAfter what the server asked for, or null
   */
  Duration pauseAfter(int attempt, double share, Duration retryAfter) {
    long pause = new Backoff(initialBackoff, maxBackoff).withEqualJitter(attempt, share).toMillis();
    long wanted = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), maxBackoff.toMillis());
    return Duration.ofMillis(Math.max(pause, wanted));
  }
}
