package io.kubernaut.ports.remediation;

import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.pipeline.ChildKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the core decided the central controller should make true.
 *
 * @param phase the phase the remediation should be in
 * @param outcome how it ended, when {@code phase} is terminal; else {@code null}
 * @param reason the reason for the Ready condition and the event
 * @param message a sentence naming the remediation and the next step
 * @param createChild the child to create now, or {@code null}
 * @param stopChildren active children to stop (mark Failed) because the remediation ended
 * @param stopReason the reason those children are stopped with
 * @param failurePhase the phase that failed or timed out, when it did
 * @param escalation a notification to send once for this decision, or {@code null}
 * @param requeueAfter when to look again even if nothing changes (the next deadline), or {@code null}
 * @param delete whether retention has expired and the audit confirmed: delete it and its children
 * @param blockedUntil for a remediation ended {@code Blocked} by a time-bound safety rule, when the rule would
 *     lift; written to status so that the gateway keeps later signals of the problem on it until then; else null
 */
public record RemediationDecision(
    RemediationPhase phase,
    String outcome,
    ConditionReason reason,
    String message,
    ChildKind createChild,
    List<ChildKind> stopChildren,
    ConditionReason stopReason,
    String failurePhase,
    NotificationType escalation,
    Duration requeueAfter,
    boolean delete,
    Instant blockedUntil) {

  /** A decision that records no time-bound block. */
  public RemediationDecision(RemediationPhase phase, String outcome, ConditionReason reason, String message,
      ChildKind createChild, List<ChildKind> stopChildren, ConditionReason stopReason, String failurePhase,
      NotificationType escalation, Duration requeueAfter, boolean delete) {
    this(phase, outcome, reason, message, createChild, stopChildren, stopReason, failurePhase, escalation,
        requeueAfter, delete, null);
  }

  /** The canonical constructor. */
  public RemediationDecision {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    stopChildren = List.copyOf(stopChildren == null ? List.of() : stopChildren);
  }

  /** A decision that only states a phase. */
  public static RemediationDecision stay(RemediationPhase phase, ConditionReason reason, String message) {
    return new RemediationDecision(phase, null, reason, message, null, List.of(), null, null, null, null, false);
  }

  public Optional<Duration> requeue() {
    return Optional.ofNullable(requeueAfter);
  }

  public RemediationDecision withRequeue(Duration after) {
    return new RemediationDecision(phase, outcome, reason, message, createChild, stopChildren, stopReason,
        failurePhase, escalation, after, delete, blockedUntil);
  }

  /** This decision, recording that the time-bound block that ends it lifts at {@code until}. */
  public RemediationDecision withBlockedUntil(Instant until) {
    return new RemediationDecision(phase, outcome, reason, message, createChild, stopChildren, stopReason,
        failurePhase, escalation, requeueAfter, delete, until);
  }
}
