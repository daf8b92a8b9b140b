package io.kubernaut.ports.remediation;

import io.kubernaut.ports.pipeline.Phase;

/** The phases of an AlertRemediation, in PascalCase as they appear in status. */
public enum RemediationPhase implements Phase {
  Pending(false, "Accepted by the gateway; the central controller has not started it yet."),
  Processing(false, "Its AlertProcessing enriches, classifies and routes the alert."),
  Analyzing(false, "Its AIAnalysis finds the root cause and recommends actions."),
  AwaitingApproval(false, "The recommendations wait for a human to approve or reject them."),
  Executing(false, "Its WorkflowExecution runs, then monitors, the recommended steps."),
  Completed(true, "Ended: remediated, not remediated, auto-resolved, dry run, or left for manual review."),
  Failed(true, "Ended because a child failed or the approval expired."),
  TimedOut(true, "Ended because a phase or the whole remediation ran out of time."),
  Cancelled(true, "Ended by a cancel request or a rejected approval."),
  /** Stopped by a safety rule (repeated failures, oscillation); it ends and must not block dedup forever. */
  Blocked(true, "Ended by the safety envelope or the kill switch before anything changed.");

  private final boolean terminal;
  private final String description;

  RemediationPhase(boolean terminal, String description) {
    this.terminal = terminal;
    this.description = description;
  }

  /** Whether the remediation has ended; a new signal with the same fingerprint then starts a new one. */
  @Override
  public boolean isTerminal() {
    return terminal;
  }

  @Override
  public boolean isSuccessful() {
    return this == Completed;
  }

  @Override
  public String description() {
    return description;
  }

  /** Whether execution has begun, after which a resolved alert no longer ends the remediation. */
  public boolean hasStartedExecuting() {
    return this == Executing;
  }
}
