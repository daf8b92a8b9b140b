package io.kubernaut.k8s.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The field selectors on Events that the mock cannot evaluate, such as the
 * {@code involvedObject.name}, {@code involvedObject.namespace}, {@code involvedObject.kind} and
 * {@code involvedObject.uid} terms {@code kubectl describe} sends: it filters the unfiltered list by
 * every term ({@code =}, {@code ==}, {@code !=}), on any dotted field of the Event.
 */
final class EventFilter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Term(String field, String value, boolean equal) {}

  /** Whether {@code path} lists Events with a field selector. */
  static boolean addresses(String method, ResourcePath path) {
    return "GET".equals(method) && path.group().isEmpty() && "events".equals(path.plural()) && path.name() == null
        && path.query().containsKey("fieldSelector") && !"true".equals(path.query().get("watch"));
  }

  /** The query string of {@code path} without its field selector. */
  static String unfiltered(ResourcePath path) {
    StringBuilder b = new StringBuilder(path.objectPath());
    char sep = '?';
    for (var e : path.query().entrySet()) {
      if (!e.getKey().equals("fieldSelector")) {
        b.append(sep).append(java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8)).append('=')
            .append(java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8));
        sep = '&';
      }
    }
    return b.toString();
  }

  /** The list {@code body} keeping only the items every term of the selector matches. */
  static String filter(String body, String selector) throws IOException {
    List<Term> terms = new ArrayList<>();
    for (String raw : selector.split(",")) {
      if (raw.isBlank()) {
        continue;
      }
      int ne = raw.indexOf("!=");
      if (ne > 0) {
        terms.add(new Term(raw.substring(0, ne).trim(), raw.substring(ne + 2).trim(), false));
      } else {
        String[] kv = raw.split("==?", 2);
        terms.add(new Term(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "", true));
      }
    }
    ObjectNode list = (ObjectNode) JSON.readTree(body);
    ArrayNode kept = JSON.createArrayNode();
    for (JsonNode item : list.path("items")) {
      if (terms.stream().allMatch(t -> value(item, t.field()).equals(t.value()) == t.equal())) {
        kept.add(item);
      }
    }
    list.put("kind", "EventList");
    list.set("items", kept);
    return JSON.writeValueAsString(list);
  }

  private static String value(JsonNode item, String field) {
    JsonNode node = TablePrinter.at(item, "." + field);
    return node == null || node.isNull() ? "" : node.asText();
  }
}
