package io.kubernaut.ports.workflow;

import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.verification.Measurement;
import io.kubernaut.ports.verification.VerificationCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the WorkflowExecution controller does next.
 *
 * @param transitions the phases to enter, in order (empty: stay); each with its reason and sentence
 * @param message the status message while staying (ignored when a transition is made)
 * @param call the check to make now
 * @param start the steps whose executions to create now
 * @param rollBack the step whose rollback execution to create now; null for none
 * @param steps every planned step's state, in plan order, for status
 * @param outcome the monitoring outcome ({@code Remediated}...) when the workflow ends Completed; else null
 * @param effectiveness 0..1 with the outcome; else null
 * @param blocked the safety rule that ended the workflow (notified as BLOCKED); null otherwise
 * @param requeue when to look again; null to wait for an event
 * @param measure the verification checks (queries filled) to measure with the {@link Call#ASSESS} call
 * @param measured the measurements judged in this decision, to record in status and the audit trail
 * @param escalation a sentence naming the failed check and its last value, to notify; null otherwise
 * @param askApproval a sentence asking a person to approve the rollback (naming the failed check, its
 *     last value and the steps to roll back), to notify as an approval request; null otherwise
 */
public record WorkflowDecision(List<Transition> transitions, String message, Call call, List<String> start, String rollBack,
    Map<String, StepState> steps, String outcome, Double effectiveness, ConditionReason blocked, Duration requeue,
    List<VerificationCheck> measure, List<Measurement> measured, String escalation, String askApproval) {

  /** A decision that asks no approval. */
  public WorkflowDecision(List<Transition> transitions, String message, Call call, List<String> start, String rollBack,
      Map<String, StepState> steps, String outcome, Double effectiveness, ConditionReason blocked, Duration requeue,
      List<VerificationCheck> measure, List<Measurement> measured, String escalation) {
    this(transitions, message, call, start, rollBack, steps, outcome, effectiveness, blocked, requeue, measure, measured,
        escalation, null);
  }

  /** A decision that measures nothing. */
  public WorkflowDecision(List<Transition> transitions, String message, Call call, List<String> start, String rollBack,
      Map<String, StepState> steps, String outcome, Double effectiveness, ConditionReason blocked, Duration requeue) {
    this(transitions, message, call, start, rollBack, steps, outcome, effectiveness, blocked, requeue, List.of(), List.of(),
        null, null);
  }

  /** The check the controller makes after applying the decision. */
  public enum Call {
    /** Nothing: write status if it changed and stop. */
    NONE,
    /** Run the Validating checks and ask again with their answer. */
    VALIDATE,
    /** Look at the alert and the target and ask again with what was seen. */
    ASSESS,
    /** Nothing to check: apply the decision and ask again. */
    CONTINUE
  }

  /**
   * One phase entered.
   *
   * @param phase the phase
   * @param reason the Ready condition's reason
   * @param message a sentence naming the workflow and the next step
   */
  public record Transition(WorkflowPhase phase, ConditionReason reason, String message) {
    public Transition {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  public WorkflowDecision {
    transitions = List.copyOf(transitions == null ? List.of() : transitions);
    start = List.copyOf(start == null ? List.of() : start);
    steps = steps == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(steps));
    Objects.requireNonNull(call, "call");
    measure = List.copyOf(measure == null ? List.of() : measure);
    measured = List.copyOf(measured == null ? List.of() : measured);
  }

  /** The phase after this decision: the last transition's, or null when it stays. */
  public WorkflowPhase phase() {
    return transitions.isEmpty() ? null : transitions.get(transitions.size() - 1).phase();
  }
}
