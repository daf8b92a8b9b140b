package io.kubernaut.ports.remediation;

/**
 * A source's resolution as the store recorded it.
 *
 * @param remediation the remediation after it
 * @param stillFiring how many other source alerts of its problem still fire: while any does, the
 *     remediation is not resolved ({@link FiringAlerts})
 */
public record RecordedResolution(RemediationSummary remediation, int stillFiring) {}
