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
 */
public record ActionOutcome(
    ActionStatus status, String message, Map<String, String> rollbackData, Map<String, String> details) {
  public ActionOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    rollbackData = Map.copyOf(rollbackData == null ? Map.of() : rollbackData);
    details = Map.copyOf(details == null ? Map.of() : details);
  }

  /** An outcome without rollback data or details. */
  public static ActionOutcome of(ActionStatus status, String message) {
    return new ActionOutcome(status, message, Map.of(), Map.of());
  }
}
