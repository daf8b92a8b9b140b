package io.kubernaut.ports.remediation;

/** The phases of an AlertRemediation, in PascalCase as they appear in status. */
public enum RemediationPhase {
  Pending(false),
  Processing(false),
  Analyzing(false),
  AwaitingApproval(false),
  Executing(false),
  Completed(true),
  Failed(true),
  TimedOut(true),
  Cancelled(true),
  /** Stopped by a safety rule (repeated failures, oscillation); it ends and must not block dedup forever. */
  Blocked(true);

  private final boolean terminal;

  RemediationPhase(boolean terminal) {
    this.terminal = terminal;
  }

  /** Whether the remediation has ended; a new signal with the same fingerprint then starts a new one. */
  public boolean isTerminal() {
    return terminal;
  }

  /** Whether execution has begun, after which a resolved alert no longer ends the remediation. */
  public boolean hasStartedExecuting() {
    return this == Executing;
  }
}
