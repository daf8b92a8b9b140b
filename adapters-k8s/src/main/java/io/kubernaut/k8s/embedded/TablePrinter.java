package io.kubernaut.k8s.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders objects as the {@code meta.k8s.io/v1} Table kubectl asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}: a custom resource with its CRD's
 * printer columns (simple JSON paths such as {@code .status.phase}; a date column as an age, as the
 * API server does), any other kind with NAME and AGE.
 */
final class TablePrinter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME_DESCRIPTION = "Name must be unique within a namespace.";

  private record Column(String name, String type, String format, String description, int priority, String jsonPath) {}

  private final Map<String, List<Column>> columnsByResource = new HashMap<>();

  TablePrinter(List<CustomResourceDefinition> crds) {
    for (CustomResourceDefinition crd : crds) {
      List<Column> columns = new ArrayList<>();
      columns.add(new Column("Name", "string", "name", NAME_DESCRIPTION, 0, ".metadata.name"));
      var definitions = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
      for (CustomResourceColumnDefinition c : definitions == null ? List.<CustomResourceColumnDefinition>of() : definitions) {
        columns.add(new Column(c.getName(), c.getType(), c.getFormat() == null ? "" : c.getFormat(),
            c.getDescription() == null ? "" : c.getDescription(), c.getPriority() == null ? 0 : c.getPriority(),
            c.getJsonPath()));
      }
      columnsByResource.put(crd.getSpec().getGroup() + "/" + crd.getSpec().getNames().getPlural(), columns);
    }
  }

  /** Whether kubectl asked for a Table: a GET (not a watch) accepting {@code as=Table}. */
  static boolean wanted(String method, String accept, ResourcePath path) {
    return "GET".equals(method) && accept != null && accept.contains("as=Table") && path.subresource() == null
        && !"true".equals(path.query().get("watch")) && !"1".equals(path.query().get("watch"));
  }

  /** The Table for {@code body}, a list or a single object of the resource {@code path} addresses. */
  String table(ResourcePath path, String body, Instant now) throws java.io.IOException {
    JsonNode read = JSON.readTree(body);
    List<Column> columns = columnsByResource.getOrDefault(path.group() + "/" + path.plural(), List.of(
        new Column("Name", "string", "name", NAME_DESCRIPTION, 0, ".metadata.name"),
        new Column("Age", "date", "", "Time since the object was created.", 0, ".metadata.creationTimestamp")));
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (read.path("metadata").has("resourceVersion")) {
      metadata.put("resourceVersion", read.path("metadata").path("resourceVersion").asText());
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column c : columns) {
      definitions.addObject().put("name", c.name()).put("type", c.type().equals("date") ? "string" : c.type())
          .put("format", c.format()).put("description", c.description()).put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = new ArrayList<>();
    if (read.has("items")) {
      read.path("items").forEach(objects::add);
    } else {
      objects.add(read);
    }
    String include = path.query().getOrDefault("includeObject", "Metadata");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        JsonNode value = at(object, c.jsonPath());
        if (value == null || value.isNull() || value.isMissingNode()) {
          cells.addNull();
        } else if (c.type().equals("date")) {
          cells.add(age(value.asText(), now));
        } else {
          cells.add(value);
        }
      }
      if (include.equals("Object")) {
        row.set("object", object);
      } else if (!include.equals("None")) {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata"));
      }
    }
    return JSON.writeValueAsString(table);
  }

  /** The value at a simple JSON path ({@code .a.b.c}), or null. */
  static JsonNode at(JsonNode object, String jsonPath) {
    JsonNode node = object;
    for (String part : jsonPath.replaceFirst("^\\{?\\.", "").replaceFirst("}$", "").split("\\.")) {
      node = node.path(part);
    }
    return node.isMissingNode() ? null : node;
  }

  /** A timestamp as kubectl shows an age: 45s, 3m20s, 12m, 5h10m, 20h, 3d4h, 40d, 2y. */
  static String age(String timestamp, Instant now) {
    Duration d;
    try {
      d = Duration.between(Instant.parse(timestamp), now);
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      return s % 60 == 0 ? m + "m" : m + "m" + s % 60 + "s";
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      return m % 60 == 0 ? h + "h" : h + "h" + m % 60 + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    long days = h / 24;
    if (days < 8) {
      return h % 24 == 0 ? days + "d" : days + "d" + h % 24 + "h";
    }
    return days < 730 ? days + "d" : days / 365 + "y";
  }
}
