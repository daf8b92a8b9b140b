package io.kubernaut.ports.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the monitoring phase saw of a finished workflow.
 *
 * @param totalSteps the steps planned
 * @param succeededSteps the steps that completed
 * @param alertResolved whether the gateway recorded the alert's resolution
 * @param targetHealthy whether the target checks healthy now; null when it cannot be told
 * @param monitoringStarted when monitoring began
 * @param window how long to wait for the problem to go away
 * @param now the decision time
 */
public record MonitoringObservation(int totalSteps, int succeededSteps, boolean alertResolved, Boolean targetHealthy,
    Instant monitoringStarted, Duration window, Instant now) {

  public MonitoringObservation {
    Objects.requireNonNull(monitoringStarted, "monitoringStarted");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(now, "now");
    if (totalSteps < 0 || succeededSteps < 0 || succeededSteps > totalSteps) {
      throw new IllegalArgumentException("succeededSteps must lie within 0.." + totalSteps + ", got " + succeededSteps);
    }
  }
}
