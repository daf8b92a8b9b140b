package io.kubernaut.ports.action;

import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A request to run one action once.
 *
 * @param executionId stable id of the execution, the same across retries and restarts; actions
 *     use it to be idempotent
 * @param attempt 1 for the first attempt, incremented on each retry
 * @param action the action's name in the catalog
 * @param target the object to act on
 * @param parameters the action's parameters, validated against its declared schema
 * @param dryRun whether to change nothing
 * @param deadline when the caller stops waiting; the host may stop earlier (its call timeout)
 * @param observedTarget the target as the caller read it from the API server just before this call,
 *     or null: the validation hands its read to the dry run it makes next, so the action need not
 *     read the target again. Opaque here (the ports are JDK-only); the Kubernetes adapters pass the
 *     API object they read, and the action host hands it to the action only when it is that target
 * @param executionStartedAt when the execution began (its creation, by the API server's clock),
 *     before any of its attempts could change the target, or null when unknown: a verification
 *     tells the object an attempt left behind (a replacement under the same name) from one no
 *     attempt touched by it
 */
public record ActionRequest(
    String executionId,
    int attempt,
    String action,
    TargetRef target,
    Map<String, String> parameters,
    boolean dryRun,
    Instant deadline,
    Object observedTarget,
    Instant executionStartedAt) {

  /** A request without an observed target: the action reads its target itself. */
  public ActionRequest(String executionId, int attempt, String action, TargetRef target, Map<String, String> parameters,
      boolean dryRun, Instant deadline) {
    this(executionId, attempt, action, target, parameters, dryRun, deadline, null, null);
  }

  /** A request whose execution's start is not known. */
  public ActionRequest(String executionId, int attempt, String action, TargetRef target, Map<String, String> parameters,
      boolean dryRun, Instant deadline, Object observedTarget) {
    this(executionId, attempt, action, target, parameters, dryRun, deadline, observedTarget, null);
  }

  /** Without the observed target, which may hold anything the target holds. */
  @Override
  public String toString() {
    return "ActionRequest[executionId=" + executionId + ", attempt=" + attempt + ", action=" + action + ", target="
        + target + ", parameters=" + parameters + ", dryRun=" + dryRun + ", deadline=" + deadline + ", observedTarget="
        + (observedTarget == null ? "none" : "handed over") + ", executionStartedAt=" + executionStartedAt + "]";
  }

  /** This request with the target as the caller read it just before the call. */
  public ActionRequest withObservedTarget(Object observed) {
    return new ActionRequest(executionId, attempt, action, target, parameters, dryRun, deadline, observed,
        executionStartedAt);
  }

  /** This request with when its execution began. */
  public ActionRequest withExecutionStartedAt(Instant started) {
    return new ActionRequest(executionId, attempt, action, target, parameters, dryRun, deadline, observedTarget, started);
  }

  public ActionRequest {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(deadline, "deadline");
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
    }
  }
}
