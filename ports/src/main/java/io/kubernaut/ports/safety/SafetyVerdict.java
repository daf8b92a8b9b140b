package io.kubernaut.ports.safety;

import io.kubernaut.ports.remediation.ConditionReason;
import java.util.Objects;

/**
 * The safety envelope's answer for one step.
 *
 * @param allowed whether the step may run
 * @param reason the condition reason of a denial ({@code Accepted} when allowed)
 * @param message one sentence naming the rule, the object and what to do next
 */
public record SafetyVerdict(boolean allowed, ConditionReason reason, String message) {

  public SafetyVerdict {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** The step may run. */
  public static SafetyVerdict allow(String message) {
    return new SafetyVerdict(true, ConditionReason.Accepted, message);
  }

  /** The step is denied for {@code reason}. */
  public static SafetyVerdict deny(ConditionReason reason, String message) {
    return new SafetyVerdict(false, reason, message);
  }
}
