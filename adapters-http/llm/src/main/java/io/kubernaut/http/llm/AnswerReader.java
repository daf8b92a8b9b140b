package io.kubernaut.http.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.signal.TargetRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads untrusted JSON answers leniently into recommendations: values are coerced to strings,
 * missing ids are numbered, a missing target means the alert's. A target given that names no object
 * is read as one without a kind ({@link #unreadable}), which the core's validation drops
 * ({@code INVALID_TARGET}); it never stands for the alert's. Whether anything is acceptable is
 * decided later by the core's validation, never here.
 */
final class AnswerReader {

  private AnswerReader() {}

  static List<Recommendation> recommendations(JsonNode array, TargetRef alertTarget, double fallbackConfidence) {
    List<Recommendation> result = new ArrayList<>();
    if (array == null || !array.isArray()) {
      return result;
    }
    for (JsonNode r : array) {
      String id = text(r, "id", "step-" + (result.size() + 1));
      result.add(new Recommendation(id, text(r, "action", ""), target(r.get("target"), alertTarget),
          strings(r.get("parameters")), r.path("confidence").asDouble(fallbackConfidence), text(r, "risk", "MEDIUM"),
          text(r, "rationale", ""), list(r.get("dependsOn"))));
    }
    return result;
  }

  static TargetRef target(JsonNode t, TargetRef alertTarget) {
    if (t == null || t.isNull()) {
      return alertTarget;
    }
    if (t.isTextual()) {
      // kind/namespace/name (the namespace may be empty: Node//worker-2) or kind/name; anything else names no object.
      String[] parts = t.asText().split("/", -1);
      if (parts.length == 3 && !parts[0].isBlank() && !parts[2].isBlank()) {
        return new TargetRef(parts[0], parts[1], parts[2]);
      }
      if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
        return new TargetRef(parts[0], namespaceOf(parts[0], "", alertTarget), parts[1]);
      }
      return unreadable(t.asText());
    }
    if (!t.isObject() || text(t, "name", "").isBlank()) {
      return unreadable(t.toString());
    }
    String kind = text(t, "kind", alertTarget.kind());
    return new TargetRef(kind, namespaceOf(kind, text(t, "namespace", ""), alertTarget), text(t, "name", ""));
  }

  /** A target that names no object: no kind, and what was given as its name (cut), for the drop to quote. */
  static TargetRef unreadable(String given) {
    return new TargetRef("", "", given.length() <= 200 ? given : given.substring(0, 199) + "\u2026");
  }

  /**
   * The namespace an answer gave, else the alert's: the schema asked of the model makes the namespace
   * optional, and a target left without one would lie outside every namespace and be dropped as out of
   * scope. A cluster-scoped kind (a node, a namespace) has none.
   */
  private static String namespaceOf(String kind, String given, TargetRef alertTarget) {
    return !given.isEmpty() || TargetRef.clusterScoped(kind) ? given : alertTarget.namespace();
  }

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> result = new LinkedHashMap<>();
    if (object != null && object.isObject()) {
      object.fields().forEachRemaining(f -> result.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText()
          : f.getValue().toString()));
    }
    return result;
  }

  static List<String> list(JsonNode array) {
    List<String> result = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(v -> result.add(v.asText()));
    }
    return result;
  }

  static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? fallback : v.asText();
  }
}
