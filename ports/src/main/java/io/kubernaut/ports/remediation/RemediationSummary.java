package io.kubernaut.ports.remediation;

import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the gateway needs to know of an existing AlertRemediation.
 *
 * @param name the resource name (also the remediation id and alert tracking id)
 * @param fingerprint the full fingerprint from spec
 * @param phase the current phase; {@link RemediationPhase#Pending} when status is not written yet
 * @param target the resolved target
 * @param duplicates the duplicate counter
 * @param createdAt when the resource was created
 * @param environment the environment classified when it was created
 * @param recentDuplicates the arrival times of the latest duplicates, oldest first, at most
 *     {@link #RECENT_DUPLICATES}; the storm rate rule counts them
 * @param stormsRecorded the storm thresholds already crossed (and escalated) on it
 */
public record RemediationSummary(
    String name,
    Fingerprint fingerprint,
    RemediationPhase phase,
    TargetRef target,
    DuplicateCount duplicates,
    Instant createdAt,
    Environment environment,
    List<Instant> recentDuplicates,
    Set<StormThreshold> stormsRecorded) {

  /** How many duplicate arrival times a store keeps; a storm rate rule cannot ask for more. */
  public static final int RECENT_DUPLICATES = 32;

  public RemediationSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fingerprint, "fingerprint");
    phase = phase == null ? RemediationPhase.Pending : phase;
    environment = environment == null ? Environment.UNKNOWN : environment;
    recentDuplicates = List.copyOf(recentDuplicates == null ? List.of() : recentDuplicates);
    stormsRecorded = Set.copyOf(stormsRecorded == null ? Set.of() : stormsRecorded);
  }

  /** A summary without storm bookkeeping, as a reader that does not track storms sees it. */
  public RemediationSummary(String name, Fingerprint fingerprint, RemediationPhase phase, TargetRef target,
      DuplicateCount duplicates, Instant createdAt) {
    this(name, fingerprint, phase, target, duplicates, createdAt, Environment.UNKNOWN, List.of(), Set.of());
  }

  /** Whether this remediation still absorbs signals with its fingerprint. */
  public boolean isActive() {
    return !phase.isTerminal();
  }
}
