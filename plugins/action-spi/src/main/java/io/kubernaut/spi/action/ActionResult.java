package io.kubernaut.spi.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;

/**
 * The value an action returns. Failures the caller may retry are thrown as
 * {@link RetryableActionException}; a {@link Status#FAILED} result is final for this request.
 *
 * @param status what happened
 * @param message one sentence naming the object and what was done or why not
 * @param rollbackData what {@link RemediationAction#rollback} needs to undo this call, e.g.
 *     {@code previousReplicas=3}; empty when nothing can be undone
 * @param details extra facts for the audit trail, e.g. collected diagnostics
 * @param resultingTarget the target as this call left it: the API server's answer to the call's
 *     last write of the target (or the object the call read, when it found nothing to change), or
 *     null when the call did not report one. The host hands it to the {@link RemediationAction#verify}
 *     it makes right after a successful execution, as {@link ActionContext#observedTarget()}, so the
 *     verification need not read the target again; it is never stored, logged or audited. Report it
 *     only when the postcondition can be read from that object (a delete leaves none). Since SPI 1.4.
 */
public record ActionResult(
    Status status, String message, Map<String, String> rollbackData, Map<String, String> details,
    HasMetadata resultingTarget) {

  /** The outcome of a call. */
  public enum Status {
    /** The action did what it was asked (or found it already done). */
    SUCCEEDED,
    /** The action failed and retrying the same request will not help. */
    FAILED,
    /** The action decided there was nothing to do, e.g. a dry run of an unsupported action. */
    SKIPPED
  }

  /** Checks status and message; copies the maps. */
  public ActionResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    rollbackData = Map.copyOf(rollbackData == null ? Map.of() : rollbackData);
    details = Map.copyOf(details == null ? Map.of() : details);
  }

  /** A result that reports no resulting target (the constructor of SPI 1.0-1.3). */
  public ActionResult(Status status, String message, Map<String, String> rollbackData, Map<String, String> details) {
    this(status, message, rollbackData, details, null);
  }

  /** Success without rollback data. */
  public static ActionResult succeeded(String message) {
    return new ActionResult(Status.SUCCEEDED, message, Map.of(), Map.of());
  }

  /** Success with the data needed to undo it. */
  public static ActionResult succeeded(String message, Map<String, String> rollbackData) {
    return new ActionResult(Status.SUCCEEDED, message, rollbackData, Map.of());
  }

  /** A final failure. */
  public static ActionResult failed(String message) {
    return new ActionResult(Status.FAILED, message, Map.of(), Map.of());
  }

  /** Nothing was done, e.g. the action does not support dry run. */
  public static ActionResult skipped(String message) {
    return new ActionResult(Status.SKIPPED, message, Map.of(), Map.of());
  }

  /** This result with extra details. */
  public ActionResult withDetails(Map<String, String> more) {
    return new ActionResult(status, message, rollbackData, more, resultingTarget);
  }

  /**
   * This result reporting the target as the call left it ({@link #resultingTarget()}): what the
   * API server answered to the call's write. Since SPI 1.4.
   */
  public ActionResult withResultingTarget(HasMetadata target) {
    return new ActionResult(status, message, rollbackData, details, target);
  }

  /** Without the resulting target, which may hold anything the target holds (it is never logged). */
  @Override
  public String toString() {
    return "ActionResult[status=" + status + ", message=" + message + ", rollbackData=" + rollbackData + ", details="
        + details + ", resultingTarget=" + (resultingTarget == null ? "none" : resultingTarget.getKind()) + "]";
  }
}
