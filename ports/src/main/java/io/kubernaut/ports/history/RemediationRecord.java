package io.kubernaut.ports.history;

import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.Optional;

/**
 * A past or running remediation as the audit store knows it. Fields of events not yet written
 * are empty (for example a remediation whose creation event is still queued).
 *
 * @param remediationId the AlertRemediation name
 * @param fingerprint its fingerprint
 * @param alertName the alert's name, empty when unknown
 * @param target the target, kind and name empty when unknown
 * @param environment its environment, empty when unknown
 * @param severity its severity, empty when unknown
 * @param createdAt when it was created
 * @param finalPhase the terminal phase, once ended
 * @param outcome the outcome, once ended
 * @param completedAt when it ended
 */
public record RemediationRecord(
    String remediationId,
    Fingerprint fingerprint,
    String alertName,
    TargetRef target,
    String environment,
    String severity,
    Optional<Instant> createdAt,
    Optional<String> finalPhase,
    Optional<String> outcome,
    Optional<Instant> completedAt) {}
