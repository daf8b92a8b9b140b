package io.kubernaut.ports.remediation;

import java.util.Objects;

/**
 * What the core decided the central controller should make true.
 *
 * @param phase the phase the remediation should be in
 * @param outcome how it ended, when {@code phase} is terminal; else {@code null}
 * @param reason the reason for the Ready condition and the event
 * @param message a sentence naming the remediation and the next step
 */
public record RemediationDecision(RemediationPhase phase, String outcome, ConditionReason reason, String message) {
  public RemediationDecision {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
