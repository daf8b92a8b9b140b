package io.kubernaut.ports.remediation;

/**
 * A source's resolution as the store recorded it.
 *
 * @param remediation the remediation after it
 * @param stillFiring how many other source alerts of its problem still fire: while any does, the
 *     remediation is not resolved ({@link FiringAlerts})
 * @param earlierEpisode whether it was the resolution of an earlier episode of the alert that created the remediation
 *     (it started before that alert's episode did): a late one (an Alertmanager HA peer's twin, a retry), which
 *     resolves nothing
 */
public record RecordedResolution(RemediationSummary remediation, int stillFiring, boolean earlierEpisode) {

  /** A resolution of the episode the remediation tracks. */
  public RecordedResolution(RemediationSummary remediation, int stillFiring) {
    this(remediation, stillFiring, false);
  }

  /**
   * Whether a resolution of {@code source} that started at {@code resolvedStart} is of an earlier episode than the
   * one the remediation was created for ({@code createdBy}, started at {@code createdStart}).
   */
  public static boolean earlier(String source, java.time.Instant resolvedStart, String createdBy,
      java.time.Instant createdStart) {
    return source != null && !source.isEmpty() && source.equals(createdBy) && resolvedStart != null
        && createdStart != null && resolvedStart.isBefore(createdStart);
  }
}
