package io.kubernaut.actions.builtin;

import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills two gaps of the fabric8 CRUD mock that drain_node depends on, the way a real API server
 * behaves. (1) {@code POST pods/{name}/eviction}: the CRUD mock answers 409 "Eviction already
 * exists" because it treats the path as a create of the pod itself; here an eviction deletes the
 * pod, or answers 429 for pods a test marked as protected by a PodDisruptionBudget. (2) the
 * {@code spec.nodeName} field selector, which the CRUD mock does not evaluate; here it filters
 * the pod list. Everything else goes to the mixed (expectations + CRUD) dispatcher.
 */
final class ApiServerGaps extends Dispatcher {

  private static final Pattern EVICTION =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction(\\?.*)?");
  private static final Pattern NODE_SELECTOR = Pattern.compile("fieldSelector=spec\\.nodeName(?:%3D|=)([^&]+)");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final Dispatcher delegate;
  private final Set<String> protectedByPdb = ConcurrentHashMap.newKeySet();

  ApiServerGaps(Dispatcher delegate) {
    this.delegate = delegate;
  }

  /** Evictions of this pod ({@code namespace/name}) answer 429, as when a PDB forbids them. */
  void protectWithPdb(String namespacedName) {
    protectedByPdb.add(namespacedName);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    Matcher eviction = EVICTION.matcher(path);
    if ("POST".equals(request.getMethod()) && eviction.matches()) {
      String pod = eviction.group(1) + "/" + eviction.group(2);
      if (protectedByPdb.contains(pod)) {
        return new MockResponse().setResponseCode(429).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"status\":\"Failure\",\"reason\":\"TooManyRequests\",\"code\":429,"
            + "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\"}");
      }
      String podPath = "/api/v1/namespaces/" + eviction.group(1) + "/pods/" + eviction.group(2);
      MockResponse deleted = delegate.dispatch(
          new RecordedRequest("HTTP/1.1", HttpMethod.DELETE, podPath, request.getHeaders(), new Buffer()));
      return deleted.code() == 200
          ? new MockResponse().setResponseCode(201).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"code\":201}")
          : deleted;
    }
    Matcher node = NODE_SELECTOR.matcher(path);
    if ("GET".equals(request.getMethod()) && path.contains("/pods?") && node.find() && !path.contains("watch=true")) {
      String nodeName = URLDecoder.decode(node.group(1), StandardCharsets.UTF_8);
      String withoutSelector = path.replace(node.group(0), "").replace("?&", "?");
      MockResponse all = delegate.dispatch(
          new RecordedRequest("HTTP/1.1", HttpMethod.GET, withoutSelector, request.getHeaders(), new Buffer()));
      PodList list = JSON.unmarshal(all.getBody().readUtf8(), PodList.class);
      list.setItems(list.getItems().stream()
          .filter(p -> p.getSpec() != null && nodeName.equals(p.getSpec().getNodeName())).toList());
      return new MockResponse().setResponseCode(200).setBody(JSON.asJson(list));
    }
    return delegate.dispatch(request);
  }
}
