package io.kubernaut.ports.action;

import java.util.Map;
import java.util.Objects;

/**
 * The result of one call of an action.
 *
 * @param status how it ended
 * @param message one sentence naming the object and what happened or what to do next
 * @param rollbackData what a rollback needs, e.g. {@code previousReplicas=3}; record it in status
 * @param details extra facts for the audit trail
 * @param resultingTarget the target as the call left it (the API server's answer to its write), or
 *     null: the caller hands it to the verification it makes right after, as that request's
 *     {@link ActionRequest#observedTarget()}. Opaque here (the ports are JDK-only); never stored,
 *     logged or audited
 */
public record ActionOutcome(
    ActionStatus status, String message, Map<String, String> rollbackData, Map<String, String> details,
    Object resultingTarget) {
  public ActionOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    rollbackData = Map.copyOf(rollbackData == null ? Map.of() : rollbackData);
    details = Map.copyOf(details == null ? Map.of() : details);
  }

  /** An outcome that reports no resulting target. */
  public ActionOutcome(ActionStatus status, String message, Map<String, String> rollbackData, Map<String, String> details) {
    this(status, message, rollbackData, details, null);
  }

  /** Without the resulting target, which may hold anything the target holds. */
  @Override
  public String toString() {
    return "ActionOutcome[status=" + status + ", message=" + message + ", rollbackData=" + rollbackData + ", details="
        + details + ", resultingTarget=" + (resultingTarget == null ? "none" : "reported") + "]";
  }

  /** An outcome without rollback data or details. */
  public static ActionOutcome of(ActionStatus status, String message) {
    return new ActionOutcome(status, message, Map.of(), Map.of());
  }
}
