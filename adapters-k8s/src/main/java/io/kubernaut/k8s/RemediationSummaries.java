package io.kubernaut.k8s;

import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.Duplicates;
import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.signal.Fingerprint;
import java.time.Instant;

/** Maps an AlertRemediation resource to the boundary record the core reads. */
final class RemediationSummaries {

  private RemediationSummaries() {}

  static RemediationSummary of(AlertRemediation ar) {
    AlertRemediationStatus status = ar.getStatus();
    Instant created = ar.getMetadata().getCreationTimestamp() == null
        ? Instant.parse(ar.getSpec().getReceivedAt())
        : Instant.parse(ar.getMetadata().getCreationTimestamp());
    return new RemediationSummary(
        ar.getMetadata().getName(),
        new Fingerprint(ar.getSpec().getFingerprint()),
        status == null ? null : status.getPhase(),
        ar.getSpec().getTarget().toTargetRef(),
        duplicates(status == null ? null : status.getDuplicates(), created),
        created);
  }

  private static DuplicateCount duplicates(Duplicates d, Instant created) {
    if (d == null || d.getCount() == null) {
      return DuplicateCount.first(created);
    }
    return new DuplicateCount(d.getCount(), Instant.parse(d.getFirstSeen()), Instant.parse(d.getLastSeen()));
  }
}
