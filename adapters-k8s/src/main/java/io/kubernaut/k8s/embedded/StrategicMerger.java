package io.kubernaut.k8s.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies merge patches as the API server does, which the mock cannot: its merge appends to lists,
 * and it has no strategic merge. A JSON merge patch follows RFC 7386 (a list is replaced). A
 * strategic-merge patch is turned into the merge patch with the same effect on the current object: a list of objects that all carry a {@code name} (containers,
 * env, volumes, ports, volume mounts) is merged element by element on that key, as the API server
 * does with its patch-merge keys; any other list is replaced, as in a merge patch. Patch directives
 * ({@code $patch}, {@code $retainKeys}, {@code $setElementOrder}) are not supported and are dropped.
 */
final class StrategicMerger {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StrategicMerger() {}

  /**
   * The object {@code current} becomes under {@code patch}: a JSON merge patch (RFC 7386), or a
   * strategic-merge patch when {@code strategic}.
   */
  static String patched(String current, String patch, boolean strategic) throws IOException {
    JsonNode object = JSON.readTree(current);
    JsonNode change = JSON.readTree(patch);
    return JSON.writeValueAsString(apply(object, strategic ? rewrite(change, object) : change));
  }

  /**
   * Whether {@code patch} carries a resourceVersion precondition that {@code current} no longer has:
   * a real API server answers such a patch 409 Conflict.
   */
  static boolean stale(String current, String patch) throws IOException {
    JsonNode wanted = JSON.readTree(patch).path("metadata").path("resourceVersion");
    return wanted.isTextual() && !wanted.asText().equals(
        JSON.readTree(current).path("metadata").path("resourceVersion").asText());
  }

  /** The merge patch with the effect of the strategic-merge {@code patch} on {@code current}. */
  static JsonNode rewrite(JsonNode patch, JsonNode current) {
    if (patch.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().startsWith("$")) {
          out.set(e.getKey(), rewrite(e.getValue(), current == null ? null : current.get(e.getKey())));
        }
      }
      return out;
    }
    if (patch.isArray() && current != null && current.isArray() && keyedByName(patch) && keyedByName(current)) {
      Map<String, JsonNode> merged = new LinkedHashMap<>();
      current.forEach(element -> merged.put(element.get("name").asText(), element));
      patch.forEach(element -> {
        String name = element.get("name").asText();
        JsonNode old = merged.get(name);
        merged.put(name, old == null ? element : apply(old.deepCopy(), rewrite(element, old)));
      });
      ArrayNode out = JSON.createArrayNode();
      merged.values().forEach(out::add);
      return out;
    }
    return patch;
  }

  private static boolean keyedByName(JsonNode array) {
    for (JsonNode element : array) {
      if (!element.isObject() || !element.hasNonNull("name")) {
        return false;
      }
    }
    return true;
  }

  /** RFC 7386: applies a merge patch to {@code target}. */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode out = target != null && target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), apply(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }
}
