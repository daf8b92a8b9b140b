package io.kubernaut.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pages LISTs on the embedded API server as a real one does. fabric8's mock ignores {@code limit},
 * so an informer's initial LIST of 10,000 objects arrives as one response held whole in the
 * operator's heap, seven such lists at once at start-up; a real API server answers {@code limit=500}
 * with a page and a {@code continue} token. This sits in front of the mock's dispatcher: the first
 * page takes a snapshot of the whole list (so later pages are consistent, as etcd's are), and each
 * page carries the next token until the last. Requests without {@code limit}, watches and
 * everything else pass through unchanged; the mock still records every request.
 */
final class ListPager extends Dispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LIMIT = Pattern.compile("[?&]limit=(\\d+)");
  private static final Pattern CONTINUE = Pattern.compile("[?&]continue=([^&]+)");

  private final Dispatcher mock;
  private final Map<String, ArrayNode> snapshots = new ConcurrentHashMap<>();

  private ListPager(Dispatcher mock) {
    this.mock = mock;
  }

  /** Puts a pager in front of {@code api}'s dispatcher (reached by reflection, benchmark code like {@link ApiRequestLog}). */
  static void install(EmbeddedApiServer api) {
    MockWebServer web = (MockWebServer) field(field(api, "server"), DefaultMockServer.class, "server");
    Dispatcher mock = (Dispatcher) field(web, MockWebServer.class, "dispatcher");
    web.setDispatcher(new ListPager(mock));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    Matcher limit = LIMIT.matcher(path);
    if (!"GET".equals(request.getMethod()) || path.contains("watch=true") || !limit.find()) {
      return mock.dispatch(request);
    }
    try {
      int size = Integer.parseInt(limit.group(1));
      Matcher cont = CONTINUE.matcher(path);
      String token = cont.find() ? cont.group(1) : null;
      ObjectNode page;
      ArrayNode items;
      int offset;
      if (token == null) {
        MockResponse full = mock.dispatch(request);
        if (full.code() != 200) {
          return full;
        }
        page = (ObjectNode) JSON.readTree(full.getBody().readUtf8());
        if (!(page.get("items") instanceof ArrayNode all) || all.size() <= size) {
          return json(page);
        }
        items = all;
        token = UUID.randomUUID().toString();
        snapshots.put(token, items);
        offset = 0;
        page.remove("items");
        snapshots.put(token + "/meta", JSON.createArrayNode().add(page));
      } else {
        String[] parts = token.split("\\.", 2);
        token = parts[0];
        offset = Integer.parseInt(parts[1]);
        items = snapshots.get(token);
        if (items == null) {
          return new MockResponse().setResponseCode(410).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
              + "\"status\":\"Failure\",\"reason\":\"Expired\",\"code\":410}");
        }
        page = ((ObjectNode) snapshots.get(token + "/meta").get(0)).deepCopy();
      }
      ArrayNode slice = page.putArray("items");
      for (int i = offset; i < Math.min(offset + size, items.size()); i++) {
        slice.add(items.get(i));
      }
      ObjectNode meta = page.get("metadata") instanceof ObjectNode m ? m : page.putObject("metadata");
      int next = offset + size;
      if (next < items.size()) {
        meta.put("continue", token + "." + next);
        meta.put("remainingItemCount", items.size() - next);
      } else {
        meta.remove("continue");
        meta.remove("remainingItemCount");
        snapshots.remove(token);
        snapshots.remove(token + "/meta");
      }
      return json(page);
    } catch (Exception e) {
      throw new IllegalStateException("The benchmark's list pager failed on " + path, e);
    }
  }

  private static MockResponse json(JsonNode body) throws Exception {
    return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json")
        .setBody(JSON.writeValueAsString(body));
  }

  private static Object field(Object owner, String name) {
    return field(owner, owner.getClass(), name);
  }

  private static Object field(Object owner, Class<?> declaring, String name) {
    try {
      Field f = declaring.getDeclaredField(name);
      f.setAccessible(true);
      return f.get(owner);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("The benchmark reads " + declaring.getSimpleName() + "." + name
          + " to page lists; it has moved, update ListPager.", e);
    }
  }
}
