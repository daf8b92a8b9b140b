package io.kubernaut.ports.remediation;

import java.time.Instant;
import java.util.Objects;

/**
 * What the central controller observed of one AlertRemediation, as the core needs it to decide.
 *
 * @param name the resource name
 * @param phase the phase in status, or {@code null} before the first reconcile
 * @param createdAt the creation time
 * @param resolvedAt when the source resolved the alert, or {@code null}
 * @param cancelRequested whether a user asked to cancel (annotation {@code kubernaut.io/cancel=true})
 * @param now the reconcile time, from the injected clock
 */
public record RemediationSnapshot(
    String name, RemediationPhase phase, Instant createdAt, Instant resolvedAt, boolean cancelRequested, Instant now) {
  public RemediationSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(now, "now");
  }
}
