package io.kubernaut.ports.processing;

import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Asks the core to enrich, classify and route one alert.
 *
 * @param alertName the alert name
 * @param rawSeverity the severity label as sent
 * @param target the resolved target
 * @param labels the alert's labels
 * @param enrichmentBudget how long enrichment may take before it degrades
 */
public record ProcessingRequest(String alertName, String rawSeverity, TargetRef target, Map<String, String> labels,
    Duration enrichmentBudget) {
  public ProcessingRequest {
    Objects.requireNonNull(alertName, "alertName");
    Objects.requireNonNull(target, "target");
    labels = Map.copyOf(labels == null ? Map.of() : labels);
    enrichmentBudget = enrichmentBudget == null ? Duration.ofSeconds(5) : enrichmentBudget;
  }
}
