package io.kubernaut.ports.in;

import io.kubernaut.ports.workflow.MonitoringObservation;
import io.kubernaut.ports.workflow.MonitoringVerdict;

/** Driving port: decides whether a finished workflow remediated the problem, and how well. */
public interface AssessRemediation {

  /**
   * Settled as soon as the alert resolved or the target is healthy, or when the window ran out;
   * otherwise unsettled with the time to look again.
   */
  MonitoringVerdict assess(MonitoringObservation observation);
}
