package io.kubernaut.core.analysis;

import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.processing.Enrichment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A copy of a request fit to leave the process: every free-text value (labels, annotations, event
 * messages, degradations, namespace annotations) goes through {@link RedactSecrets}, and
 * {@code last-applied-configuration} annotations, which hold whole manifests, are removed.
 */
final class RequestRedaction {

  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private final RedactSecrets redactor;

  RequestRedaction(RedactSecrets redactor) {
    this.redactor = redactor;
  }

  InvestigationRequest redact(InvestigationRequest r) {
    Enrichment e = r.enrichment();
    Enrichment safe = new Enrichment(e.ownerChain(), e.pods(),
        e.events().stream().map(ev -> new Enrichment.EventSummary(ev.reason(), redactor.redact(ev.message()), ev.object(),
            ev.count(), ev.lastSeen())).toList(),
        e.nodes(), e.containers(), e.autoscaler(), e.disruptionBudget(), e.rollout(),
        values(e.namespaceAnnotations()), values(e.namespaceLabels()),
        e.degradations().stream().map(redactor::redact).toList());
    return r.withData(values(r.labels()), values(r.annotations()), safe);
  }

  private Map<String, String> values(Map<String, String> map) {
    Map<String, String> result = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      if (!LAST_APPLIED.equals(k)) {
        result.put(k, redactor.redact(v));
      }
    });
    return result;
  }
}
