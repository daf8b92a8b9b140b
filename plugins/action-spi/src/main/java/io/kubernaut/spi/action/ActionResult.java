package io.kubernaut.spi.action;

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
 */
public record ActionResult(
    Status status, String message, Map<String, String> rollbackData, Map<String, String> details) {

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
    return new ActionResult(status, message, rollbackData, more);
  }
}
