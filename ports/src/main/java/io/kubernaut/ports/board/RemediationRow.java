package io.kubernaut.ports.board;

import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.Objects;

/**
 * One remediation as a list shows it.
 *
 * @param name the AlertRemediation's name
 * @param phase its phase ({@link RemediationPhase#Pending} before the controller wrote status)
 * @param environment the classified environment, or empty
 * @param priority the priority the processing assigned (P0..P3), or empty before processing
 * @param severity the normalised severity
 * @param alertName the alert name or Kubernetes event reason
 * @param target the resolved target
 * @param createdAt when the resource was created
 * @param completedAt when it ended, or null while active
 * @param outcome how it ended (Remediated, NotRemediated, AutoResolved…), or empty
 * @param duplicates how many signals it absorbed, the first one included
 * @param message the controller's sentence about the current state and the next step, or empty
 * @param blockedUntil when a time-bound rule that blocks it lifts, or null
 * @param storm the storm threshold it crossed, or null
 */
public record RemediationRow(String name, RemediationPhase phase, String environment, String priority, String severity,
    String alertName, TargetRef target, Instant createdAt, Instant completedAt, String outcome, long duplicates,
    String message, Instant blockedUntil, Storm storm) {

  public RemediationRow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(createdAt, "createdAt");
    phase = phase == null ? RemediationPhase.Pending : phase;
    environment = orEmpty(environment);
    priority = orEmpty(priority);
    severity = orEmpty(severity);
    alertName = orEmpty(alertName);
    outcome = orEmpty(outcome);
    message = orEmpty(message);
  }

  /**
   * A storm threshold the remediation's signals crossed.
   *
   * @param threshold the threshold's name (rate, pattern, topology)
   * @param count how many signals counted
   * @param limit the configured limit
   * @param window the window they were counted in, as configured (such as {@code 1m}), or empty
   * @param escalatedAt when the escalation was sent, or null
   */
  public record Storm(String threshold, long count, long limit, String window, Instant escalatedAt) {
    public Storm {
      threshold = orEmpty(threshold);
      window = orEmpty(window);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
