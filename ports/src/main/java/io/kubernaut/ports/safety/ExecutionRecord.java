package io.kubernaut.ports.safety;

import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One execution of an action, past or running, as the safety envelope sees it. Derived from the
 * KubernetesExecutions that exist, never from memory, so it survives restarts and replicas.
 *
 * @param name the execution's name
 * @param remediation the AlertRemediation it served
 * @param fingerprint the fingerprint of that remediation (at least its first 40 hex characters)
 * @param action the action
 * @param impact what the action declares about its disruption and effects, looked up in the catalog
 * @param target what it acted on
 * @param parameters its parameters
 * @param rollbackData what it recorded to undo itself, e.g. {@code previousReplicas}
 * @param state whether it is running, succeeded or failed
 * @param startedAt when it was created
 * @param completedAt when it ended, or null while active
 * @param failedVerification whether the workflow it ran in failed its verification (ended NotRemediated or RolledBack)
 * @param rollback whether it undid another execution's change (its action is the undone step's; its impact is the
 *     rollback's, {@link ActionImpact#ofRollback}): it counts for the disruption budget and holds its target, but it
 *     is no run of its action for the cooldown, the failed-verification rule or oscillation, nor a success or
 *     failure of its fingerprint
 */
public record ExecutionRecord(String name, String remediation, String fingerprint, String action, ActionImpact impact,
    TargetRef target, Map<String, String> parameters, Map<String, String> rollbackData, State state, Instant startedAt,
    Instant completedAt, boolean failedVerification, boolean rollback) {

  /** An execution of a step (no rollback). */
  public ExecutionRecord(String name, String remediation, String fingerprint, String action, ActionImpact impact,
      TargetRef target, Map<String, String> parameters, Map<String, String> rollbackData, State state, Instant startedAt,
      Instant completedAt, boolean failedVerification) {
    this(name, remediation, fingerprint, action, impact, target, parameters, rollbackData, state, startedAt, completedAt,
        failedVerification, false);
  }

  /** An execution of a step whose workflow did not fail a verification. */
  public ExecutionRecord(String name, String remediation, String fingerprint, String action, ActionImpact impact,
      TargetRef target, Map<String, String> parameters, Map<String, String> rollbackData, State state, Instant startedAt,
      Instant completedAt) {
    this(name, remediation, fingerprint, action, impact, target, parameters, rollbackData, state, startedAt, completedAt,
        false);
  }

  /**
   * Where an execution stands. {@code INTERRUPTED}: its action was called, and its remediation was
   * deleted before it ended; it may have taken effect, so it counts as done where an effect counts (the
   * node budget, cooldown, oscillation; a rollback's, the node budget only), and it is neither a success
   * nor a failure of its fingerprint.
   * Its {@code completedAt} is the later of its interruption and its step's deadline: until then the
   * call may still be running, so it counts as running too ({@link #mayBeRunning}).
   */
  public enum State { ACTIVE, SUCCEEDED, FAILED, INTERRUPTED }

  public ExecutionRecord {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(impact, "impact");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    remediation = remediation == null ? "" : remediation;
    fingerprint = fingerprint == null ? "" : fingerprint;
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    rollbackData = Map.copyOf(rollbackData == null ? Map.of() : rollbackData);
  }

  /**
   * Whether its action may still be running at {@code now}: it is active, or it was interrupted and its
   * step's deadline has not passed. Such an execution holds its target (one execution per target at a
   * time) and counts as acting in its namespace and on its node.
   */
  public boolean mayBeRunning(Instant now) {
    return state == State.ACTIVE || state == State.INTERRUPTED && completedAt != null && completedAt.isAfter(now);
  }

  /** When it ended, or when it started while it is still running. */
  public Instant lastActivity() {
    return completedAt == null ? startedAt : completedAt;
  }
}
