package io.kubernaut.ports.analysis;

import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What an investigator works from. Labels, annotations and the enrichment are untrusted data
 * gathered from the alert and the cluster: investigators must never treat them as instructions.
 *
 * @param fingerprint the alert fingerprint (may be empty), the LLM cache key with a hash of the context
 * @param alertName the alert name
 * @param severity the normalised severity, e.g. {@code warning}
 * @param environment the classified environment
 * @param target the alert's resolved target
 * @param labels the alert's labels
 * @param annotations the alert's annotations
 * @param enrichment the cluster context (empty when none was gathered)
 * @param at when the analysis runs; rules compare rollout times against it
 */
public record InvestigationRequest(String fingerprint, String alertName, String severity, Environment environment,
    TargetRef target, Map<String, String> labels, Map<String, String> annotations, Enrichment enrichment, Instant at) {
  public InvestigationRequest {
    Objects.requireNonNull(alertName, "alertName");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(at, "at");
    fingerprint = fingerprint == null ? "" : fingerprint;
    severity = severity == null ? "" : severity;
    environment = environment == null ? Environment.UNKNOWN : environment;
    labels = Map.copyOf(labels == null ? Map.of() : labels);
    annotations = Map.copyOf(annotations == null ? Map.of() : annotations);
    enrichment = enrichment == null
        ? new Enrichment(null, null, null, null, null, null, null, null, null, null, null) : enrichment;
  }

  /** The same request with other labels, annotations and enrichment (e.g. redacted copies). */
  public InvestigationRequest withData(Map<String, String> newLabels, Map<String, String> newAnnotations,
      Enrichment newEnrichment) {
    return new InvestigationRequest(fingerprint, alertName, severity, environment, target, newLabels, newAnnotations,
        newEnrichment, at);
  }
}
