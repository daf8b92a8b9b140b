package io.kubernaut.ports.notification;

/**
 * Well-known keys of {@link Notification#details()}: the per-type figures that the composed text
 * uses, and {@link #PRIORITY} which routing matches on. Other keys are shown as extra facts.
 */
public final class NotificationDetails {

  /** The remediation priority, {@code P0}..{@code P3}; routing matches on it. */
  public static final String PRIORITY = "priority";
  /** TIMED_OUT: the phase that ran out of time. */
  public static final String TIMEOUT_PHASE = "timeoutPhase";
  /** TIMED_OUT: how long the phase (or the remediation) ran, e.g. {@code 10m}. */
  public static final String DURATION = "duration";
  /** BLOCKED, FAILED, MANUAL_REVIEW: why. */
  public static final String REASON = "reason";
  /** FAILED: the phase that failed. */
  public static final String FAILURE_PHASE = "failurePhase";
  /** STORM: how many alerts arrived. */
  public static final String COUNT = "count";
  /** STORM: over which window, e.g. {@code 1m}. */
  public static final String WINDOW = "window";
  /** The alert name, when known. */
  public static final String ALERT_NAME = "alertName";
  /**
   * The threshold a notification crossed (a timeout phase, a storm bucket, a failure count). Part
   * of the default idempotency key of {@link Notification#of}, so that crossing a new threshold
   * notifies again while a replay of the same one does not.
   */
  public static final String THRESHOLD = "threshold";

  private NotificationDetails() {}
}
