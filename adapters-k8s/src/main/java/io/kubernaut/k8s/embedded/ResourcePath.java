package io.kubernaut.k8s.embedded;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes API request path taken apart: group ("" for the core API), version, namespace (null
 * when cluster-wide), plural, name (null for a collection), subresource (null for the object), and
 * the query parameters, decoded.
 */
record ResourcePath(String group, String version, String namespace, String plural, String name,
    String subresource, Map<String, String> query) {

  /** The parts of {@code requestPath} (path and query), or empty when it addresses no resource. */
  static Optional<ResourcePath> parse(String requestPath) {
    if (requestPath == null) {
      return Optional.empty();
    }
    int q = requestPath.indexOf('?');
    String path = q < 0 ? requestPath : requestPath.substring(0, q);
    Map<String, String> query = query(q < 0 ? "" : requestPath.substring(q + 1));
    List<String> s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    String group;
    int i;
    if (s.size() >= 3 && s.get(0).equals("api")) {
      group = "";
      i = 2;
    } else if (s.size() >= 4 && s.get(0).equals("apis")) {
      group = s.get(1);
      i = 3;
    } else {
      return Optional.empty();
    }
    String version = s.get(i - 1);
    List<String> rest = s.subList(i, s.size());
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3) {
      return Optional.empty();
    }
    return Optional.of(new ResourcePath(group, version, namespace, rest.get(0), rest.size() > 1 ? rest.get(1) : null,
        rest.size() > 2 ? rest.get(2) : null, query));
  }

  /** The path of the object itself, without subresource or query. */
  String objectPath() {
    StringBuilder b = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
    if (namespace != null) {
      b.append("/namespaces/").append(namespace);
    }
    b.append('/').append(plural);
    if (name != null) {
      b.append('/').append(name);
    }
    return b.toString();
  }

  /** Whether the request asks for a server-side dry run. */
  boolean dryRun() {
    return "All".equals(query.get("dryRun"));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
