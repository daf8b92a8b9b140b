package io.kubernaut.ports.signal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A normalised alert or event, as the gateway hands it to the core.
 *
 * @param source where it came from
 * @param name the alert name (or the event reason)
 * @param severity the raw severity label as sent, possibly empty
 * @param status firing or resolved
 * @param target the object the source names explicitly (an event's involvedObject), or {@code null}
 *     when the core should locate it from the labels
 * @param labels the alert's labels merged with the common labels, the alert's own winning
 * @param annotations likewise for annotations
 * @param startsAt when the source says it started
 * @param sourceFingerprint the source's own identity (Alertmanager's label fingerprint), or empty
 */
public record Signal(
    SignalSource source,
    String name,
    String severity,
    SignalStatus status,
    TargetRef target,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    String sourceFingerprint) {

  public Signal {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(status, "status");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A signal needs a name (alertname or event reason).");
    }
    severity = severity == null ? "" : severity;
    labels = Map.copyOf(labels == null ? Map.of() : labels);
    annotations = Map.copyOf(annotations == null ? Map.of() : annotations);
    sourceFingerprint = sourceFingerprint == null ? "" : sourceFingerprint;
  }
}
