package io.kubernaut.ports.remediation;

import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.Signal;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to create an AlertRemediation. The spec is immutable after creation.
 *
 * @param name the deterministic resource name
 * @param fingerprint the identity of the problem
 * @param signal the signal that opened it
 * @param target the resolved top-level target
 * @param severity the normalised severity
 * @param environment the environment, as far as the gateway could tell
 * @param receivedAt when the gateway received it
 * @param affectedResources for a topology-storm remediation, every resource folded into it; else empty
 */
public record NewRemediation(
    String name,
    Fingerprint fingerprint,
    Signal signal,
    TargetRef target,
    Severity severity,
    Environment environment,
    Instant receivedAt,
    List<TargetRef> affectedResources) {
  public NewRemediation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(receivedAt, "receivedAt");
    affectedResources = List.copyOf(affectedResources == null ? List.of() : affectedResources);
  }
}
