package io.kubernaut.ports.remediation;

import io.kubernaut.ports.pipeline.Phase;

/** The phases of an AlertRemediation, in PascalCase as they appear in status. */
public enum RemediationPhase implements Phase {
  Pending(Phase.active("Accepted by the gateway; not started yet: new, or waiting for a place in the pipeline (Queued).")),
  Processing(Phase.active("Its AlertProcessing enriches, classifies and routes the alert.")),
  Analyzing(Phase.active("Its AIAnalysis finds the root cause and recommends actions.")),
  AwaitingApproval(Phase.active("The recommendations wait for a human to approve or reject them.")),
  Executing(Phase.active("Its WorkflowExecution runs, then monitors, the recommended steps.")),
  Completed(Phase.ending("Ended: remediated, not remediated, auto-resolved, dry run, or left for manual review.")),
  Failed(Phase.ending("Ended because a child failed or the approval expired.")),
  TimedOut(Phase.ending("Ended because a phase or the whole remediation ran out of time.")),
  Cancelled(Phase.ending("Ended by a cancel request or a rejected approval.")),
  /** Stopped by a safety rule (repeated failures, oscillation); it ends and must not block dedup forever. */
  Blocked(Phase.ending("Ended by the safety envelope or the kill switch: no further step ran; steps completed before the kill switch stay in effect."));

  private final Traits traits;

  RemediationPhase(Traits traits) {
    this.traits = traits;
  }

  @Override
  public Traits traits() {
    return traits;
  }

  @Override
  public boolean isSuccessful() {
    return this == Completed;
  }

  /** Whether execution has begun, after which a resolved alert no longer ends the remediation. */
  public boolean hasStartedExecuting() {
    return this == Executing;
  }
}
