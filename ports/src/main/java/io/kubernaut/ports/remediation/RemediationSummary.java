package io.kubernaut.ports.remediation;

import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.Objects;

/**
 * What the gateway needs to know of an existing AlertRemediation.
 *
 * @param name the resource name (also the remediation id and alert tracking id)
 * @param fingerprint the full fingerprint from spec
 * @param phase the current phase; {@link RemediationPhase#Pending} when status is not written yet
 * @param target the resolved target
 * @param duplicates the duplicate counter
 * @param createdAt when the resource was created
 */
public record RemediationSummary(
    String name,
    Fingerprint fingerprint,
    RemediationPhase phase,
    TargetRef target,
    DuplicateCount duplicates,
    Instant createdAt) {
  public RemediationSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fingerprint, "fingerprint");
    phase = phase == null ? RemediationPhase.Pending : phase;
  }

  /** Whether this remediation still absorbs signals with its fingerprint. */
  public boolean isActive() {
    return !phase.isTerminal();
  }
}
