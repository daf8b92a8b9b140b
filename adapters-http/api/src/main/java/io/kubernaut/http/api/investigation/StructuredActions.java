package io.kubernaut.http.api.investigation;

import io.kubernaut.ports.analysis.Recommendation;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes recommendations in the HolmesGPT-API {@code v2-structured} action shape: {@code {actionType,
 * parameters{namespace, resourceType, resourceName, …}, priority, confidence, reasoning
 * {primaryReason, riskAssessment}}}. The HolmesGPT client in {@code adapters-http/llm} reads the
 * same shape with its own copy of the resource-type names: the modules share nothing but ports.
 */
final class StructuredActions {

  private static final Map<String, String> KINDS = Map.of("pod", "Pod", "deployment", "Deployment",
      "statefulset", "StatefulSet", "daemonset", "DaemonSet", "node", "Node", "pvc", "PersistentVolumeClaim",
      "service", "Service", "hpa", "HorizontalPodAutoscaler");

  private StructuredActions() {}

  /** Writes one recommendation in the structured shape. */
  static Map<String, Object> write(Recommendation r) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("namespace", r.target().namespace());
    params.put("resourceType", resourceType(r.target().kind()));
    params.put("resourceName", r.target().name());
    params.putAll(r.parameters());
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("id", r.id());
    a.put("actionType", r.action());
    a.put("parameters", params);
    a.put("priority", r.confidence() >= 0.85 ? "high" : r.confidence() >= 0.7 ? "medium" : "low");
    a.put("confidence", r.confidence());
    a.put("reasoning", Map.of("primaryReason", r.rationale(), "riskAssessment", r.risk().toLowerCase(Locale.ROOT)));
    a.put("dependsOn", r.dependsOn());
    return a;
  }

  private static String resourceType(String kind) {
    return KINDS.entrySet().stream().filter(e -> e.getValue().equals(kind)).map(Map.Entry::getKey).findFirst()
        .orElse(kind.toLowerCase(Locale.ROOT));
  }
}
