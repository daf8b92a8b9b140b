package io.kubernaut.k8s.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code scale} subresource of Deployments, StatefulSets and ReplicaSets, which the mock does not
 * serve: GET answers an {@code autoscaling/v1} Scale built from the object; PUT, and PATCH (merge,
 * strategic-merge or JSON patch, as {@code kubectl scale} sends), set {@code spec.replicas} on the
 * object, unless the request is a dry run, which answers the Scale it would produce and changes nothing.
 */
final class Scaler {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SCALABLE = Set.of("deployments", "statefulsets", "replicasets");

  private final java.util.function.Function<RecordedRequest, MockResponse> store;

  Scaler(java.util.function.Function<RecordedRequest, MockResponse> store) {
    this.store = store;
  }

  static boolean addresses(ResourcePath path) {
    return "apps".equals(path.group()) && "scale".equals(path.subresource()) && SCALABLE.contains(path.plural())
        && path.name() != null;
  }

  MockResponse answer(RecordedRequest request, ResourcePath path) throws IOException {
    MockResponse current = store.apply(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET,
        path.objectPath(), request.getHeaders(), new Buffer()));
    if (current.code() != 200) {
      return current;
    }
    JsonNode object = JSON.readTree(current.getBody().getBytes());
    ObjectNode scale = scale(object, object.path("spec").path("replicas").asInt(1));
    JsonNode wanted = switch (request.getMethod()) {
      case "GET" -> scale;
      case "PUT" -> JSON.readTree(ApiDiscovery.body(request));
      case "PATCH" -> patched(scale, request);
      default -> null;
    };
    if (wanted == null) {
      return status(405, "MethodNotAllowed", request.getMethod() + " is not supported on the scale subresource.");
    }
    JsonNode replicas = wanted.path("spec").path("replicas");
    if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
      return status(422, "Invalid", "spec.replicas must be a non-negative integer.");
    }
    if (!request.getMethod().equals("GET") && !path.dryRun()) {
      MockResponse written = store.apply(new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH,
          path.objectPath(), Headers.builder().add("Content-Type", "application/merge-patch+json").build(),
          new Buffer(("{\"spec\":{\"replicas\":" + replicas.asInt() + "}}").getBytes(StandardCharsets.UTF_8))));
      if (written.code() / 100 != 2) {
        return written;
      }
      object = JSON.readTree(written.getBody().getBytes());
    }
    return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json")
        .setBody(JSON.writeValueAsString(scale(object, replicas.asInt())));
  }

  private static JsonNode patched(ObjectNode scale, RecordedRequest request) throws IOException {
    JsonNode patch = JSON.readTree(ApiDiscovery.body(request));
    String type = String.valueOf(request.getHeader("Content-Type"));
    if (type.startsWith("application/json-patch+json")) {
      return JsonPatch.apply(patch, scale);
    }
    return StrategicMerger.apply(scale.deepCopy(), patch);
  }

  private static ObjectNode scale(JsonNode object, int replicas) {
    ObjectNode scale = JSON.createObjectNode();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      if (object.path("metadata").has(field)) {
        metadata.set(field, object.path("metadata").get(field));
      }
    }
    scale.putObject("spec").put("replicas", replicas);
    ObjectNode status = scale.putObject("status");
    status.put("replicas", object.path("status").path("replicas").asInt(0));
    JsonNode labels = object.path("spec").path("selector").path("matchLabels");
    if (labels.isObject()) {
      Iterable<Map.Entry<String, JsonNode>> entries = labels::fields;
      status.put("selector", java.util.stream.StreamSupport.stream(entries.spliterator(), false)
          .map(e -> e.getKey() + "=" + e.getValue().asText()).collect(Collectors.joining(",")));
    }
    return scale;
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse().setResponseCode(code).addHeader("Content-Type", "application/json").setBody(
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code + ",\"reason\":\"" + reason
            + "\",\"message\":" + JSON.valueToTree(message) + "}");
  }
}
