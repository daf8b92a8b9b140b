package io.kubernaut.ports.safety;

import io.kubernaut.ports.remediation.ConditionReason;
import java.time.Instant;
import java.util.Objects;

/**
 * The safety envelope's answer for one step.
 *
 * @param allowed whether the step may run
 * @param reason the condition reason of a denial ({@code Accepted} when allowed)
 * @param message one sentence naming the rule, the object and what to do next
 * @param until when a time-bound denial (cooldown, busy target, repeated failures) would lift; null
 *     when it is allowed or the denial does not lift by itself. The gateway keeps later signals of the
 *     same problem on the blocked remediation until then, so a block does not start a new one per delivery.
 */
public record SafetyVerdict(boolean allowed, ConditionReason reason, String message, Instant until) {

  public SafetyVerdict {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** A verdict without a lift time. */
  public SafetyVerdict(boolean allowed, ConditionReason reason, String message) {
    this(allowed, reason, message, null);
  }

  /** The step may run. */
  public static SafetyVerdict allow(String message) {
    return new SafetyVerdict(true, ConditionReason.Accepted, message);
  }

  /** The step is denied for {@code reason}, until someone changes something. */
  public static SafetyVerdict deny(ConditionReason reason, String message) {
    return new SafetyVerdict(false, reason, message);
  }

  /** The step is denied for {@code reason} until {@code until}, when the rule would let it run. */
  public static SafetyVerdict deny(ConditionReason reason, String message, Instant until) {
    return new SafetyVerdict(false, reason, message, Objects.requireNonNull(until, "until"));
  }
}
