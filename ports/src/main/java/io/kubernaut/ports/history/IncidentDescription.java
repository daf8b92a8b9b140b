package io.kubernaut.ports.history;

import java.util.Map;
import java.util.Optional;

/**
 * What an incident looks like for similarity search: its alert's labels and annotation text.
 *
 * @param remediationId the incident being compared, excluded from its own results
 * @param labels the alert's labels (including {@code alertname})
 * @param annotations the alert's annotations (summary, description, ...)
 */
public record IncidentDescription(
    Optional<String> remediationId, Map<String, String> labels, Map<String, String> annotations) {
  public IncidentDescription {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }
}
