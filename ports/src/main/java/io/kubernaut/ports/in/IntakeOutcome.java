package io.kubernaut.ports.in;

import io.kubernaut.ports.remediation.StormThreshold;
import java.util.List;
import java.util.Objects;

/**
 * What became of one signal.
 *
 * @param result the kind of outcome
 * @param remediationName the AlertRemediation it created or counted against; empty if none
 * @param fingerprint the fingerprint hex; empty when the signal was rejected or ignored before it had one
 * @param duplicateCount the remediation's duplicate count after this signal
 * @param message a sentence for the caller
 * @param stormsQueued the storm thresholds this signal crossed: their escalation is queued, and is sent once the
 *     store has recorded the crossing (once per threshold, across replicas)
 * @param ignoredBecause why an {@link Result#IGNORED} signal needs no remediation; null for any other result
 */
public record IntakeOutcome(
    Result result, String remediationName, String fingerprint, long duplicateCount, String message,
    List<StormThreshold> stormsQueued, IgnoreReason ignoredBecause) {

  /** An outcome that crossed no storm threshold. */
  public IntakeOutcome(Result result, String remediationName, String fingerprint, long duplicateCount, String message) {
    this(result, remediationName, fingerprint, duplicateCount, message, List.of(), null);
  }

  /** An outcome that is not an ignored signal. */
  public IntakeOutcome(Result result, String remediationName, String fingerprint, long duplicateCount, String message,
      List<StormThreshold> stormsQueued) {
    this(result, remediationName, fingerprint, duplicateCount, message, stormsQueued, null);
  }

  /** A signal that needs no remediation: nothing is persisted, and the sender is answered 2xx. */
  public static IntakeOutcome ignored(IgnoreReason reason, String message) {
    return new IntakeOutcome(Result.IGNORED, "", "", 0, message, List.of(), Objects.requireNonNull(reason, "reason"));
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
    /** The signal is well formed but not actionable (see {@link IgnoreReason}); nothing was persisted. */
    IGNORED,
    /** The signal was not acceptable; the message says why. */
    REJECTED
  }

  /** Why a well-formed signal is not actionable, UpperCamelCase as it appears on the wire and in metrics. */
  public enum IgnoreReason {
    /** Its alert name is on the operator's list of ignored alerts (by default Watchdog and InfoInhibitor). */
    IgnoredAlertName,
    /** It names no pod, workload, node or namespace, so there is nothing in the cluster to remediate. */
    NoTarget,
    /**
     * Its target's namespace or name label is not a Kubernetes object name (a templating mistake, or a value made to
     * reach another object, such as {@code ../nodes/x}): nothing in the cluster can match it.
     */
    InvalidTargetName,
    /**
     * A firing notification of an alert episode already reported resolved (a late resend, such as an
     * Alertmanager HA peer's twin delivery): no news of the problem.
     */
    ResolvedEpisode
  }

  public IntakeOutcome {
    Objects.requireNonNull(result, "result");
    remediationName = remediationName == null ? "" : remediationName;
    fingerprint = fingerprint == null ? "" : fingerprint;
    message = message == null ? "" : message;
    stormsQueued = List.copyOf(stormsQueued == null ? List.of() : stormsQueued);
    if ((result == Result.IGNORED) != (ignoredBecause != null)) {
      throw new IllegalArgumentException("An ignored outcome, and only an ignored one, carries the reason it is ignored.");
    }
  }
}
