package io.kubernaut.ports.in;

import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.StormCrossing;

/**
 * Driving port: escalate a storm threshold crossing that the remediation store has just recorded.
 * The store calls it from its write, for the crossings that write recorded and no other: since only
 * one writer (across replicas) records a threshold, each crossing is escalated once.
 */
public interface EscalateStorm {

  /**
   * Sends the escalation of {@code crossing}.
   *
   * @param recorded the remediation as the write that recorded the crossing left it
   */
  void escalate(RemediationSummary recorded, StormCrossing crossing);

  /** Escalates nothing: for a store used without the storm use case (tests, tools). */
  static EscalateStorm none() {
    return (recorded, crossing) -> {};
  }
}
