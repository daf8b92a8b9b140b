package io.kubernaut.http.investigation;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.signal.TargetRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HolmesGPT-API {@code v2-structured} action shape, both ways: {@code {actionType,
 * parameters{namespace, resourceType, resourceName, …}, priority, confidence, reasoning
 * {primaryReason, riskAssessment}}}.
 */
final class StructuredActions {

  private static final Map<String, String> KINDS = Map.of("pod", "Pod", "deployment", "Deployment",
      "statefulset", "StatefulSet", "daemonset", "DaemonSet", "node", "Node", "pvc", "PersistentVolumeClaim",
      "service", "Service", "hpa", "HorizontalPodAutoscaler");

  private StructuredActions() {}

  /** Reads {@code structuredActions} into recommendations. */
  static List<Recommendation> read(JsonNode actions, TargetRef alertTarget) {
    List<Recommendation> result = new ArrayList<>();
    if (actions == null || !actions.isArray()) {
      return result;
    }
    for (JsonNode a : actions) {
      Map<String, String> params = AnswerReader.strings(a.get("parameters"));
      String type = params.remove("resourceType");
      String name = params.remove("resourceName");
      String namespace = params.remove("namespace");
      String kind = type == null ? alertTarget.kind() : KINDS.getOrDefault(type.toLowerCase(Locale.ROOT), type);
      TargetRef target = new TargetRef(kind, "Node".equals(kind) ? "" : namespace == null ? alertTarget.namespace()
          : namespace, name == null ? alertTarget.name() : name);
      JsonNode reasoning = a.path("reasoning");
      result.add(new Recommendation(AnswerReader.text(a, "id", "step-" + (result.size() + 1)),
          AnswerReader.text(a, "actionType", ""), target, params, a.path("confidence").asDouble(0),
          AnswerReader.text(reasoning, "riskAssessment", "medium").toUpperCase(Locale.ROOT),
          AnswerReader.text(reasoning, "primaryReason", ""), AnswerReader.list(a.get("dependsOn"))));
    }
    return result;
  }

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
