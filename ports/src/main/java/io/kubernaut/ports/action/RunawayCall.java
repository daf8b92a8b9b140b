package io.kubernaut.ports.action;

import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.Objects;

/**
 * An action call that did not end by its deadline and still runs in this process: it was
 * interrupted, and its plugin has not let go. It may still change its target.
 *
 * @param executionId the execution it was made for
 * @param action the action
 * @param target what it acts on
 * @param deadline the deadline it passed
 * @param rollback whether the call undoes the action (its rollback) rather than running it
 */
public record RunawayCall(String executionId, String action, TargetRef target, Instant deadline, boolean rollback) {
  public RunawayCall {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(deadline, "deadline");
    executionId = executionId == null ? "" : executionId;
  }

  /** A call that runs the action (not its rollback). */
  public RunawayCall(String executionId, String action, TargetRef target, Instant deadline) {
    this(executionId, action, target, deadline, false);
  }
}
