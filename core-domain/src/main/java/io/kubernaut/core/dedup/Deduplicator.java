package io.kubernaut.core.dedup;

import io.kubernaut.ports.remediation.RemediationSummary;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * BR-WH-008: a signal is a duplicate while a non-terminal remediation with the same
 * fingerprint exists, or one that a time-bound safety rule (cooldown, busy target, repeated
 * failures, disruption budget) ended {@code Blocked}, until that block would have lifted. Any other
 * ended remediation, or a block that has lifted, lets a new one start.
 */
public final class Deduplicator {

  private Deduplicator() {}

  /** The active remediation among these, if any (oldest first); a blocked one does not count. */
  public static Optional<RemediationSummary> activeAmong(List<RemediationSummary> sameFingerprint) {
    return sameFingerprint.stream()
        .filter(RemediationSummary::isActive)
        .min(Comparator.comparing(RemediationSummary::name));
  }

  /**
   * The remediation that absorbs a signal with this fingerprint arriving at {@code at}, if any:
   * an active one first, else one still held by its time-bound block (oldest name first).
   */
  public static Optional<RemediationSummary> absorbingAt(List<RemediationSummary> sameFingerprint, Instant at) {
    return activeAmong(sameFingerprint).or(() -> sameFingerprint.stream()
        .filter(r -> r.absorbsAt(at))
        .min(Comparator.comparing(RemediationSummary::name)));
  }
}
