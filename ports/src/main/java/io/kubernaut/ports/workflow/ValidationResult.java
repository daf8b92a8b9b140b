package io.kubernaut.ports.workflow;

import io.kubernaut.ports.remediation.ConditionReason;
import java.time.Instant;
import java.util.Objects;

/**
 * The answer of the Validating phase's checks (catalog, parameters, target, safety envelope,
 * access review, dry run), made by the adapter step by step in plan order; the first denial wins.
 *
 * @param step the denied step's id; null when every step passed
 * @param reason the denial's reason; null when every step passed
 * @param message the denial's sentence; null when every step passed
 * @param safety whether the denial came from the safety envelope (it blocks the remediation and notifies)
 * @param blockedUntil when a time-bound safety denial would lift ({@link
 *     io.kubernaut.ports.safety.SafetyVerdict#until()}); null otherwise
 */
public record ValidationResult(String step, ConditionReason reason, String message, boolean safety,
    Instant blockedUntil) {

  /** A result without a lift time. */
  public ValidationResult(String step, ConditionReason reason, String message, boolean safety) {
    this(step, reason, message, safety, null);
  }

  /** Every step passed. */
  public static ValidationResult admitted() {
    return new ValidationResult(null, null, null, false);
  }

  /** A step was denied. */
  public static ValidationResult denied(String step, ConditionReason reason, String message, boolean safety) {
    return denied(step, reason, message, safety, null);
  }

  /** A step was denied; a time-bound safety denial says when it would lift. */
  public static ValidationResult denied(String step, ConditionReason reason, String message, boolean safety,
      Instant blockedUntil) {
    return new ValidationResult(Objects.requireNonNull(step, "step"), Objects.requireNonNull(reason, "reason"),
        Objects.requireNonNull(message, "message"), safety, blockedUntil);
  }

  /** Whether every step passed. */
  public boolean allowed() {
    return reason == null;
  }
}
