package io.kubernaut.http.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.signal.TargetRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the HolmesGPT-API {@code v2-structured} action shape: {@code {actionType,
 * parameters{namespace, resourceType, resourceName, …}, priority, confidence, reasoning
 * {primaryReason, riskAssessment}}}. The HTTP API writes the same shape for its own
 * HolmesGPT-compatible endpoints (its own copy of the resource-type names, {@code KINDS}).
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
      // Without a name, only the alert's own kind stands for the alert's target: another kind names no object.
      TargetRef target = name == null && !kind.equals(alertTarget.kind())
          ? AnswerReader.unreadable(kind + " without resourceName")
          : new TargetRef(kind, TargetRef.clusterScoped(kind) ? "" : namespace == null ? alertTarget.namespace()
              : namespace, name == null ? alertTarget.name() : name);
      JsonNode reasoning = a.path("reasoning");
      result.add(new Recommendation(AnswerReader.text(a, "id", "step-" + (result.size() + 1)),
          AnswerReader.text(a, "actionType", ""), target, params, a.path("confidence").asDouble(0),
          AnswerReader.text(reasoning, "riskAssessment", "medium").toUpperCase(Locale.ROOT),
          AnswerReader.text(reasoning, "primaryReason", ""), AnswerReader.list(a.get("dependsOn"))));
    }
    return result;
  }
}
