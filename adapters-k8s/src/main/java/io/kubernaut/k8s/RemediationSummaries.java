package io.kubernaut.k8s;

import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.Duplicates;
import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.StormThreshold;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.Rfc3339Times;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps an AlertRemediation resource to the boundary record the core reads. Its times are read with
 * {@link Rfc3339Times}: a summary holds up to 32 recent arrival times, and every flush of duplicate
 * counts makes a new version of the remediation to map.
 */
final class RemediationSummaries {

  private RemediationSummaries() {}

  static RemediationSummary of(AlertRemediation ar) {
    AlertRemediationStatus status = ar.getStatus();
    Instant created = ar.getMetadata().getCreationTimestamp() == null
        ? Rfc3339Times.parse(ar.getSpec().getReceivedAt())
        : Rfc3339Times.parse(ar.getMetadata().getCreationTimestamp());
    return new RemediationSummary(
        ar.getMetadata().getName(),
        new Fingerprint(ar.getSpec().getFingerprint()),
        status == null ? null : status.getPhase(),
        ar.getSpec().getTarget().toTargetRef(),
        duplicates(status == null ? null : status.getDuplicates(), created),
        created,
        Environment.fromWireName(ar.getSpec().getEnvironment()),
        status == null || status.getRecentDuplicates() == null ? List.of()
            : status.getRecentDuplicates().stream().map(Rfc3339Times::parse).toList(),
        storms(status),
        status == null || status.getBlockedUntil() == null ? null : Rfc3339Times.parse(status.getBlockedUntil()),
        GatewayStatus.resolvedAlerts(status));
  }

  private static Set<StormThreshold> storms(AlertRemediationStatus status) {
    Set<StormThreshold> crossed = EnumSet.noneOf(StormThreshold.class);
    if (status != null && status.getStorm() != null && status.getStorm().getCrossed() != null) {
      for (String t : status.getStorm().getCrossed()) {
        for (StormThreshold known : StormThreshold.values()) {
          if (known.wireName().equals(t.toLowerCase(Locale.ROOT))) {
            crossed.add(known);
          }
        }
      }
    }
    return crossed;
  }

  private static DuplicateCount duplicates(Duplicates d, Instant created) {
    if (d == null || d.getCount() == null) {
      return DuplicateCount.first(created);
    }
    return new DuplicateCount(d.getCount(), Rfc3339Times.parse(d.getFirstSeen()), Rfc3339Times.parse(d.getLastSeen()));
  }
}
