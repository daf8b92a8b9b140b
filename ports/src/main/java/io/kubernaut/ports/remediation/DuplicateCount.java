package io.kubernaut.ports.remediation;

import java.time.Instant;

/**
 * How often a remediation's signal has been seen again while it was active.
 *
 * @param count duplicates received after the first signal
 * @param firstSeen when the first signal arrived
 * @param lastSeen when the latest duplicate arrived
 */
public record DuplicateCount(long count, Instant firstSeen, Instant lastSeen) {
  /** The count before any duplicate. */
  public static DuplicateCount first(Instant at) {
    return new DuplicateCount(0, at, at);
  }

  /** The count after one more duplicate seen at {@code at}. */
  public DuplicateCount plusOne(Instant at) {
    return new DuplicateCount(count + 1, firstSeen, at.isAfter(lastSeen) ? at : lastSeen);
  }
}
