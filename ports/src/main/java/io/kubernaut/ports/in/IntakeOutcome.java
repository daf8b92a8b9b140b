package io.kubernaut.ports.in;

import io.kubernaut.ports.remediation.StormThreshold;
import java.util.List;
import java.util.Objects;

/**
 * What became of one signal.
 *
 * @param result the kind of outcome
 * @param remediationName the AlertRemediation it created or counted against; empty if none
 * @param fingerprint the fingerprint hex; empty when the signal was rejected before it had one
 * @param duplicateCount the remediation's duplicate count after this signal
 * @param message a sentence for the caller
 * @param stormsEscalated the storm thresholds this signal crossed, each escalated once
 */
public record IntakeOutcome(
    Result result, String remediationName, String fingerprint, long duplicateCount, String message,
    List<StormThreshold> stormsEscalated) {

  /** An outcome that escalated no storm. */
  public IntakeOutcome(Result result, String remediationName, String fingerprint, long duplicateCount, String message) {
    this(result, remediationName, fingerprint, duplicateCount, message, List.of());
  }

  /** The kinds of outcome, as the gateway reports them per alert. */
  public enum Result {
    /** A new AlertRemediation was persisted. */
    CREATED,
    /** An active AlertRemediation with the same fingerprint counted it. */
    DUPLICATE,
    /** The signal was a resolution, recorded on its remediation or ignored. */
    RESOLVED,
    /** The signal was folded into a topology-storm remediation. */
    AGGREGATED,
    /** The signal was not acceptable; the message says why. */
    REJECTED
  }

  public IntakeOutcome {
    Objects.requireNonNull(result, "result");
    remediationName = remediationName == null ? "" : remediationName;
    fingerprint = fingerprint == null ? "" : fingerprint;
    message = message == null ? "" : message;
    stormsEscalated = List.copyOf(stormsEscalated == null ? List.of() : stormsEscalated);
  }
}
