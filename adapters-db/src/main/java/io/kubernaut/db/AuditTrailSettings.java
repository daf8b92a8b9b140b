package io.kubernaut.db;

import java.time.Duration;

/**
 * How the audit writer queues and retries.
 *
 * @param capacity the bounded queue's size; beyond it {@code record} answers back-pressure
 * @param batchSize the most events written in one transaction
 * @param initialBackoff the first wait after a failed write
 * @param maxBackoff the longest wait between attempts while the database is down
 * @param closeTimeout how long closing waits for the queue to drain
 */
record AuditTrailSettings(int capacity, int batchSize, Duration initialBackoff, Duration maxBackoff,
    Duration closeTimeout) {

  /** 10,000 events, batches of 100, backoff from 100 ms to 10 s, 5 s to drain on close. */
  static final AuditTrailSettings DEFAULTS = new AuditTrailSettings(
      10_000, 100, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(5));

  AuditTrailSettings {
    if (capacity < 1 || batchSize < 1) {
      throw new IllegalArgumentException("Capacity and batch size must be positive.");
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("The audit writer's backoff needs 0 < initial <= max, got " + initialBackoff
          + " and " + maxBackoff + ".");
    }
  }
}
