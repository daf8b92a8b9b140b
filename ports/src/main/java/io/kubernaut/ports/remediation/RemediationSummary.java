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
 * @param blockedUntil when the time-bound safety rule that ended it {@link RemediationPhase#Blocked} would
 *     have lifted (a cooldown, a busy target, repeated failures, a disruption budget), as persisted in its
 *     status; null when it was not blocked so
 * @param resolvedAlerts the source alerts' episodes reported resolved on it: a late firing of one of them
 *     is not news ({@link ResolvedAlerts})
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
    Set<StormThreshold> stormsRecorded,
    Instant blockedUntil,
    ResolvedAlerts resolvedAlerts) {

  /** How many duplicate arrival times a store keeps; a storm rate rule cannot ask for more. */
  public static final int RECENT_DUPLICATES = 32;

  public RemediationSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fingerprint, "fingerprint");
    phase = phase == null ? RemediationPhase.Pending : phase;
    environment = environment == null ? Environment.UNKNOWN : environment;
    recentDuplicates = List.copyOf(recentDuplicates == null ? List.of() : recentDuplicates);
    stormsRecorded = Set.copyOf(stormsRecorded == null ? Set.of() : stormsRecorded);
    resolvedAlerts = resolvedAlerts == null ? ResolvedAlerts.NONE : resolvedAlerts;
  }

  /** A summary of a remediation on which no source alert's episode was reported resolved. */
  public RemediationSummary(String name, Fingerprint fingerprint, RemediationPhase phase, TargetRef target,
      DuplicateCount duplicates, Instant createdAt, Environment environment, List<Instant> recentDuplicates,
      Set<StormThreshold> stormsRecorded, Instant blockedUntil) {
    this(name, fingerprint, phase, target, duplicates, createdAt, environment, recentDuplicates, stormsRecorded,
        blockedUntil, ResolvedAlerts.NONE);
  }

  /** A summary of a remediation that no time-bound block ended. */
  public RemediationSummary(String name, Fingerprint fingerprint, RemediationPhase phase, TargetRef target,
      DuplicateCount duplicates, Instant createdAt, Environment environment, List<Instant> recentDuplicates,
      Set<StormThreshold> stormsRecorded) {
    this(name, fingerprint, phase, target, duplicates, createdAt, environment, recentDuplicates, stormsRecorded, null,
        ResolvedAlerts.NONE);
  }

  /** A summary without storm bookkeeping, as a reader that does not track storms sees it. */
  public RemediationSummary(String name, Fingerprint fingerprint, RemediationPhase phase, TargetRef target,
      DuplicateCount duplicates, Instant createdAt) {
    this(name, fingerprint, phase, target, duplicates, createdAt, Environment.UNKNOWN, List.of(), Set.of(), null,
        ResolvedAlerts.NONE);
  }

  /** Whether this remediation has not ended yet. */
  public boolean isActive() {
    return !phase.isTerminal();
  }

  /**
   * Whether a signal with its fingerprint arriving at {@code at} is a duplicate of this remediation:
   * while it is active, and after a time-bound block ended it, until the block would have lifted. So
   * a cooldown does not start a new (and again blocked) remediation per delivery; the first delivery
   * after the lift starts the next one.
   */
  public boolean absorbsAt(Instant at) {
    return isActive() || (phase == RemediationPhase.Blocked && blockedUntil != null && at.isBefore(blockedUntil));
  }
}
