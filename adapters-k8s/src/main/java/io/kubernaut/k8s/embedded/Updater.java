package io.kubernaut.k8s.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherHandler;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudPersistence;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Updates a stored object (PUT, JSON patch, merge and strategic-merge patch, on the object or its
 * status subresource) as fabric8's CRUD handlers ({@code PutHandler}, {@code PatchHandler}) do, with
 * the stored object and the request parsed once and the result written once. The handlers parse the
 * body into a typed resource to validate it, parse it again as a tree, diff the old and new trees
 * twice (for the generation, then for the resourceVersion), and the dispatcher parses the result once
 * more to index it: with the merge patches (which the embedded API server turned into a PUT after
 * parsing both twice more) six to eight parses and two diffs per write, under the write lock, on the
 * API server's one event loop.
 *
 * <p>Same rules, but one: a resourceVersion in the body that is not the stored one is a 409, also for
 * a PUT to {@code /status} (fabric8's PUT handler takes that one, a real API server does not; the
 * controllers' optimistic status writes rely on it); namespace, uid,
 * creationTimestamp, resourceVersion and generation are kept from the stored object; the generation
 * goes up when anything outside {@code metadata} and {@code status} changed (a status write never
 * bumps it), the resourceVersion when anything changed at all; a write to the object keeps the stored
 * status when the kind has a status subresource, a write to {@code /status} changes only the status.
 * (fabric8 decides "changed outside metadata and status" from its JSON diff's operation paths, so a
 * value moved between spec and metadata or status by one write may escape it there; here it counts.)
 *
 * <p>Anything off the common path goes to fabric8's handlers, which answer it exactly as before: a
 * body that is not a JSON object with kind, apiVersion, metadata and name (or whose labels, annotations
 * or finalizers are not what the typed resource reads), an object not found, a name or namespace that
 * is not the path's, a deletion (a deletionTimestamp in the result), a write without a status to keep.
 * Each method answers null then, before anything is stored.
 */
final class Updater implements KubernetesCrudDispatcherHandler {

  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final String METADATA = "metadata";

  private final KubernetesCrudPersistence store;
  private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();

  Updater(KubernetesCrudPersistence store) {
    this.store = store;
  }

  /** What a write to one stored object made of it: the object after the write, from the stored one. */
  @FunctionalInterface
  private interface Change {
    /** The object the write asks for (a request body, or the stored object patched), or null: the handler's. */
    ObjectNode apply(ObjectNode current) throws IOException;
  }

  /** A PUT of {@code body} to {@code path}; null: fabric8's handler answers. */
  MockResponse replace(String path, byte[] body) {
    ObjectNode wanted = objectOrNull(body);
    MockResponse stale = wanted == null ? null : staleStatus(path, wanted);
    if (stale != null) {
      return stale;
    }
    if (wanted == null || !writable(wanted)) {
      return null;
    }
    return write(path, current -> wanted, false);
  }

  /**
   * The 409 a real API server answers to a PUT to {@code /status} whose resourceVersion is not the
   * stored one (fabric8's handler takes it, whatever else the body holds); null otherwise.
   */
  private MockResponse staleStatus(String path, ObjectNode wanted) {
    if (!KubernetesCrudDispatcherHandler.isStatusPath(path)) {
      return null;
    }
    Map.Entry<AttributeSet, String> entry = store.findResource(store.getKey(path));
    if (entry == null) {
      return null;
    }
    try {
      validateResourceVersion(JSON.readTree(entry.getValue()), wanted);
      return null;
    } catch (KubernetesCrudDispatcherException e) {
      return new MockResponse().setResponseCode(e.getCode()).setBody(e.toStatusBody());
    } catch (IOException e) {
      return null;
    }
  }

  /** A JSON patch (RFC 6902) of {@code path}; null: fabric8's handler answers. */
  MockResponse jsonPatch(String path, byte[] body) {
    JsonNode patch = parsed(body);
    if (patch == null || !patch.isArray()) {
      return null;
    }
    return write(path, current -> {
      JsonNode patched = JsonPatch.apply(patch, initPaths(current.deepCopy(), patch));
      return patched instanceof ObjectNode o && writable(o) ? o : null;
    }, true);
  }

  /**
   * A merge patch (RFC 7386), or a strategic-merge patch, of {@code path} with {@link StrategicMerger};
   * null: the embedded API server's own conversion answers (a resourceVersion precondition that fails,
   * among others).
   */
  MockResponse mergePatch(String path, byte[] body, boolean strategic) {
    JsonNode patch = parsed(body);
    if (patch == null || !patch.isObject()) {
      return null;
    }
    return write(path, current -> {
      JsonNode wanted = patch.path(METADATA).path("resourceVersion");
      if (wanted.isTextual() && !wanted.asText().equals(current.path(METADATA).path("resourceVersion").asText())) {
        return null;
      }
      JsonNode patched = StrategicMerger.apply(current.deepCopy(), strategic ? StrategicMerger.rewrite(patch, current) : patch);
      return patched instanceof ObjectNode o && writable(o) ? o : null;
    }, false);
  }

  /**
   * Writes what {@code change} makes of the stored object: as the PUT handler writes its body, or, for
   * a {@code patch}, as the PATCH handler writes the patched object (which it validates before it keeps
   * the status, where the PUT handler validates after; a patch's result it checks as a resource too,
   * there only after the diffs, to the same effect). Called holding the dispatcher's write lock.
   */
  private MockResponse write(String path, Change change, boolean patch) {
    AttributeSet query = store.getKey(path);
    Map.Entry<AttributeSet, String> entry = store.findResource(query);
    if (entry == null) {
      return null;
    }
    try {
      ObjectNode current = (ObjectNode) JSON.readTree(entry.getValue());
      ObjectNode wanted = change.apply(current);
      if (wanted == null || deleting(current) || deleting(wanted)) {
        return null;
      }
      if (patch && !sameName(query, wanted)) {
        return null;
      }
      if (patch) {
        validateResourceVersion(current, wanted);
      }
      boolean statusPath = KubernetesCrudDispatcherHandler.isStatusPath(path);
      ObjectNode updated;
      if (statusPath) {
        updated = current.deepCopy();
        KubernetesCrudDispatcherHandler.setStatus(updated, wanted.get(STATUS));
      } else {
        updated = wanted;
        if (store.isStatusSubresourceEnabledForResource(path)) {
          if (patch && current.get(STATUS) == null) {
            return null; // the PATCH handler keeps a missing node there
          }
          KubernetesCrudDispatcherHandler.setStatus(updated, current.get(STATUS));
        }
      }
      if (!patch && !sameName(query, updated)) {
        return null;
      }
      if (!patch) {
        validateResourceVersion(current, updated); // a PUT to /status was checked against its own (staleStatus)
      }
      store.preserveMetadata(current, updated);
      if (!statusPath && changedOutsideMetadataAndStatus(current, updated)) {
        ((ObjectNode) updated.get(METADATA)).put("generation", current.path(METADATA).path("generation").asInt(0) + 1);
      }
      if (!current.equals(updated)) {
        ((ObjectNode) updated.get(METADATA)).put("resourceVersion", String.valueOf(store.requestResourceVersion()));
      }
      String stored = JSON.writeValueAsString(updated);
      store.processEvent(path, query, entry.getKey(), keyed(updated), stored);
      written.incrementAndGet();
      return new MockResponse().setResponseCode(patch ? HttpURLConnection.HTTP_ACCEPTED : HttpURLConnection.HTTP_OK)
          .setBody(stored);
    } catch (KubernetesCrudDispatcherException e) {
      return new MockResponse().setResponseCode(e.getCode()).setBody(e.toStatusBody());
    } catch (IOException | ClassCastException e) {
      return null;
    }
  }

  /** Whether the object is marked for deletion: such writes (which may delete it) are fabric8's. */
  private static boolean deleting(JsonNode object) {
    return object.path(METADATA).hasNonNull("deletionTimestamp");
  }

  /** How many writes it stored (the others were refused, or fabric8's handlers'). */
  long written() {
    return written.get();
  }

  @Override
  public MockResponse handle(String path, String contentType, String requestBody) {
    throw new UnsupportedOperationException("called through replace, jsonPatch and mergePatch");
  }

  /** Whether the name and namespace the object gives (if any) are the path's, which fabric8 refuses otherwise. */
  private boolean sameName(AttributeSet query, JsonNode updated) {
    try {
      validatePath(query, updated);
      return true;
    } catch (KubernetesCrudDispatcherException e) {
      return false;
    }
  }

  /** Whether anything but {@code metadata} and {@code status} differs: what bumps the generation. */
  static boolean changedOutsideMetadataAndStatus(ObjectNode before, ObjectNode after) {
    Set<String> fields = new HashSet<>();
    before.fieldNames().forEachRemaining(fields::add);
    after.fieldNames().forEachRemaining(fields::add);
    for (String field : fields) {
      if (!field.equals(METADATA) && !field.equals(STATUS) && !Objects.equals(before.get(field), after.get(field))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether fabric8's handlers would read {@code object} as the resource they validate: kind,
   * apiVersion and a name (or generateName) as text, metadata an object whose labels and annotations
   * are text and finalizers a list of text. Anything else goes to them, which refuse it as they do.
   */
  private static boolean writable(ObjectNode object) {
    JsonNode metadata = object.get(METADATA);
    if (!nonEmptyText(object.get("kind")) || !nonEmptyText(object.get("apiVersion")) || metadata == null
        || !metadata.isObject() || !(nonEmptyText(metadata.get("name")) || nonEmptyText(metadata.get("generateName")))) {
      return false;
    }
    return allText(metadata.get("labels"), true) && allText(metadata.get("annotations"), true)
        && allText(metadata.get("finalizers"), false);
  }

  /** Whether {@code node} is absent, null, or an object ({@code map}) or a list whose values are all text. */
  private static boolean allText(JsonNode node, boolean map) {
    if (node == null || node.isNull()) {
      return true;
    }
    if (map ? !node.isObject() : !node.isArray()) {
      return false;
    }
    for (JsonNode value : node) {
      if (!value.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode objectOrNull(byte[] body) {
    return parsed(body) instanceof ObjectNode o ? o : null;
  }

  /** The body as a tree; null when it is not JSON. */
  private static JsonNode parsed(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean nonEmptyText(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isEmpty();
  }

  /**
   * What the dispatcher computes an object's key from (apiVersion, kind, name, namespace, labels), so
   * that it does not parse the written object again to find it.
   */
  private static GenericKubernetesResource keyed(ObjectNode object) {
    JsonNode metadata = object.get(METADATA);
    ObjectMeta meta = new ObjectMeta();
    meta.setName(metadata.path("name").asText(null));
    meta.setNamespace(metadata.path("namespace").asText(null));
    JsonNode labels = metadata.get("labels");
    if (labels != null && labels.isObject()) {
      Map<String, String> copy = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> label = it.next();
        copy.put(label.getKey(), label.getValue().asText());
      }
      meta.setLabels(copy);
    }
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(object.get("apiVersion").asText());
    resource.setKind(object.get("kind").asText());
    resource.setMetadata(meta);
    return resource;
  }

  /** fabric8's PATCH handler's: every object on the way to a path the patch names exists. */
  private static JsonNode initPaths(JsonNode resource, JsonNode patch) {
    for (JsonNode operation : patch) {
      String[] paths = operation.path("path").asText().replaceAll("^/", "").split("/");
      JsonNode node = resource;
      for (int p = 0; p < paths.length - 1; p++) {
        if (node.get(paths[p]) == null && node.isObject()) {
          ((ObjectNode) node).set(paths[p], ((ObjectNode) node).objectNode());
        }
        node = node.path(paths[p]);
      }
    }
    return resource;
  }
}
