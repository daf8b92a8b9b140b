package io.kubernaut.core.dedup;

import io.kubernaut.ports.remediation.RemediationSummary;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * BR-WH-008: a signal is a duplicate while a non-terminal remediation with the same
 * fingerprint exists. A remediation that has ended lets a new one start.
 */
public final class Deduplicator {

  private Deduplicator() {}

  /** The active remediation that absorbs a signal with this fingerprint, if any (oldest first). */
  public static Optional<RemediationSummary> activeAmong(List<RemediationSummary> sameFingerprint) {
    return sameFingerprint.stream()
        .filter(RemediationSummary::isActive)
        .min(Comparator.comparing(RemediationSummary::name));
  }
}
