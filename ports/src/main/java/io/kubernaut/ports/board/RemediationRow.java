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
 * @param severity the severity judged with its processing ({@code status.severity}), until then the alert's, normalised
 * @param alertName the alert name or Kubernetes event reason
 * @param target the resolved target
 * @param createdAt when the resource was created
 * @param completedAt when it ended, or null while active
 * @param outcome how it ended (Remediated, NotRemediated, AutoResolved…), or empty
 * @param duplicates how many signals it absorbed, the first one included
 * @param message the controller's sentence about the current state and the next step, or empty
 * @param blockedUntil when a time-bound rule that blocks it lifts, or null
 * @param storm the storm threshold it crossed, or null
 * @param rollback the decision on rolling back after a failed verification that it awaits, or null
 */
public record RemediationRow(String name, RemediationPhase phase, String environment, String priority, String severity,
    String alertName, TargetRef target, Instant createdAt, Instant completedAt, String outcome, long duplicates,
    String message, Instant blockedUntil, Storm storm, PendingRollback rollback) {

  /** A row that awaits no rollback decision. */
  public RemediationRow(String name, RemediationPhase phase, String environment, String priority, String severity,
      String alertName, TargetRef target, Instant createdAt, Instant completedAt, String outcome, long duplicates,
      String message, Instant blockedUntil, Storm storm) {
    this(name, phase, environment, priority, severity, alertName, target, createdAt, completedAt, outcome, duplicates,
        message, blockedUntil, storm, null);
  }

  /** The same row, awaiting {@code pending} (null: no rollback decision). */
  public RemediationRow withRollback(PendingRollback pending) {
    return new RemediationRow(name, phase, environment, priority, severity, alertName, target, createdAt, completedAt,
        outcome, duplicates, message, blockedUntil, storm, pending);
  }

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

  /**
   * Verification failed and the workflow waits for a person to decide whether to roll its steps
   * back (approve) or keep them (reject).
   *
   * @param askedAt when the decision was asked for
   * @param expiresAt when the question expires (the steps then stay in effect), or null when unknown
   * @param check the check that failed, or empty when the status does not say
   * @param lastValue its last measured value, or null when there was none
   * @param detail what was compared, as measured, or empty
   * @param message the workflow's sentence: which steps would be rolled back, and how long is left
   */
  public record PendingRollback(Instant askedAt, Instant expiresAt, String check, Double lastValue, String detail,
      String message) {
    public PendingRollback {
      Objects.requireNonNull(askedAt, "askedAt");
      check = orEmpty(check);
      detail = orEmpty(detail);
      message = orEmpty(message);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
