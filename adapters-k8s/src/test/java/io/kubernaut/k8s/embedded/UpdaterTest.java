package io.kubernaut.k8s.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubernaut.k8s.crd.CrdCatalog;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded API server's own updates ({@link Updater}) answer and store what fabric8's handlers
 * (and the server's former merge-patch conversion) answer and store: one random sequence of PUTs,
 * JSON patches (with failing tests, resourceVersion preconditions, new paths), merge and
 * strategic-merge patches, each on the object and on its status subresource, of a custom resource
 * with a status subresource, a ConfigMap and a Deployment, with stale, current and no
 * resourceVersions, names that are not the path's, objects that do not exist, finalizers and
 * deletes, is sent to an embedded API server on fabric8's dispatcher and to one on the indexed
 * dispatcher, and every answer (status code, body) and the stored object after every step agree,
 * generation and resourceVersion included (uid and timestamps aside).
 */
class UpdaterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper SORTED = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final String CR = "/apis/kubernaut.io/v1alpha1/namespaces/a/alertremediations/";
  private static final String CM = "/api/v1/namespaces/a/configmaps/";
  private static final String DEPLOY = "/apis/apps/v1/namespaces/a/deployments/";

  private final List<KubernetesMockServer> servers = new ArrayList<>();
  private final List<KubernetesClient> clients = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final IndexedCrudDispatcher dispatcher = new IndexedCrudDispatcher();
  /** Whether the request {@link #run} last sent was a PUT to /status with a stale resourceVersion. */
  private boolean staleStatusPut;
  private int staleStatusPuts;
  private String plain;
  private String indexed;

  @BeforeEach
  void start() {
    plain = serve(new KubernetesCrudDispatcher(List.of()));
    indexed = serve(dispatcher);
  }

  private String serve(KubernetesCrudDispatcher dispatcher) {
    List<CustomResourceDefinition> crds = CrdCatalog.definitions();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new ApiDiscovery(dispatcher, crds), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    servers.add(server);
    KubernetesClient client = server.createClient();
    clients.add(client);
    crds.forEach(crd -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create());
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("a").endMetadata().build()).create();
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  @AfterEach
  void stop() {
    clients.forEach(KubernetesClient::close);
    servers.forEach(KubernetesMockServer::destroy);
  }

  @Test
  void aRandomSequenceOfUpdatesIsAnsweredAndStoredAsFabric8sHandlersDo() throws Exception {
    Random random = new Random(1919);
    int succeeded = 0;
    for (int step = 0; step < 1500; step++) {
      int kind = random.nextInt(3);
      String base = kind == 0 ? CR : kind == 1 ? CM : DEPLOY;
      String name = "o-" + random.nextInt(4);
      int op = random.nextInt(16);
      int value = random.nextInt(5);
      long seed = random.nextLong();
      String what = "step " + step + ": op " + op + " on " + base + name + " value " + value;
      String b = run(indexed, op, kind, base, name, value, new Random(seed));
      if (staleStatusPut) {
        // The one rule that differs: a PUT to /status with a stale resourceVersion is a 409 here, as on a real API
        // server; fabric8's handler would take it, so it is not sent there, and both keep what they store.
        assertThat(b).as(what).startsWith("409 ");
        staleStatusPuts++;
        continue;
      }
      String a = run(plain, op, kind, base, name, value, new Random(seed));
      assertThat(b).as(what).isEqualTo(a);
      assertThat(normal(get(indexed, base + name))).as(what + ", then stored").isEqualTo(normal(get(plain, base + name)));
      if (a.startsWith("200") && op >= 2 && op != 10) {
        succeeded++;
      }
    }
    assertThat(succeeded).as("updates that succeeded").isGreaterThan(300);
    assertThat(staleStatusPuts).as("stale PUTs to /status refused").isGreaterThan(10);
    assertThat(dispatcher.updatesWritten()).as("of which the Updater wrote").isGreaterThan(succeeded * 2L / 3);
  }

  /**
   * The key the indexed dispatcher stores an object under is the one fabric8's extractor makes: for
   * kinds with a class, custom resources of a CRD it knows (plural from the CRD), kinds it does not
   * know (no plural), cluster-scoped objects, objects with and without labels.
   */
  @Test
  void theKeyOfAnObjectIsTheOneFabric8sExtractorMakes() {
    var extractor = (io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor) dispatcher.getAttributeExtractor();
    List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new ArrayList<>();
    objects.add(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("d").withNamespace("a")
        .addToLabels("app", "x").addToLabels("v", "1").endMetadata().build());
    objects.add(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("n").endMetadata().build());
    for (String[] kind : new String[][] {{"kubernaut.io/v1alpha1", "AlertRemediation"}, {"kubernaut.io/v1alpha1", "Unknown"},
        {"v1", "ConfigMap"}, {"apps/v1", "Deployment"}, {"", "Nothing"}}) {
      for (boolean labelled : new boolean[] {true, false}) {
        var object = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder().withApiVersion(kind[0])
            .withKind(kind[1]).withNewMetadata().withName("o").withNamespace(labelled ? "a" : null).endMetadata().build();
        if (labelled) {
          object.getMetadata().setLabels(java.util.Map.of("k", "v", "kubernaut.io/x", "y"));
        }
        objects.add(object);
      }
    }
    for (var object : objects) {
      assertThat(dispatcher.keyOf(object)).as(object.getApiVersion() + " " + object.getKind()).isEqualTo(extractor.extract(object));
    }
    assertThat(dispatcher.keyOf(objects.get(2)).getAttribute("plural")).as("a custom resource's plural").isNotNull();
  }

  /** One request, built from what that server stores now; its answer as "code body" (normalised). */
  private String run(String server, int op, int kind, String base, String name, int value, Random r) throws Exception {
    String path = base + name;
    HttpResponse<String> current = get(server, path);
    JsonNode stored = current.statusCode() == 200 ? JSON.readTree(current.body()) : null;
    String rv = switch (r.nextInt(3)) {
      case 0 -> null;
      case 1 -> "1";
      default -> stored == null ? "7" : stored.path("metadata").path("resourceVersion").asText();
    };
    boolean status = r.nextBoolean();
    String target = path + (status ? "/status" : "");
    staleStatusPut = status && stored != null && rv != null && (op == 2 || op == 3 || op == 4)
        && !rv.equals(stored.path("metadata").path("resourceVersion").asText());
    HttpResponse<String> answer = switch (op) {
      case 0, 1 -> send(server, "POST", base.substring(0, base.length() - 1), null, object(kind, name, value, r, null));
      case 2, 3, 4 -> send(server, "PUT", target, null, object(kind, r.nextInt(8) == 0 ? "other" : name, value, r, rv));
      case 5, 6 -> send(server, "PATCH", target, "application/json-patch+json", jsonPatch(kind, value, r, rv));
      case 7, 8 -> send(server, "PATCH", target, "application/merge-patch+json", mergePatch(kind, value, r, rv));
      case 9 -> send(server, "PATCH", target, "application/strategic-merge-patch+json", mergePatch(kind, value, r, rv));
      case 10 -> send(server, "DELETE", path, null, null);
      case 11 -> send(server, "PATCH", path, "application/json-patch+json",
          "[{\"op\":\"replace\",\"path\":\"/metadata/finalizers\",\"value\":[]}]");
      case 12 -> send(server, "PUT", target + "?fieldManager=x", null, stored == null ? object(kind, name, value, r, rv)
          : ((ObjectNode) stored).put("extra", value).toString());
      case 13 -> send(server, "PATCH", target, "application/json-patch+json",
          "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + rv + "\"},"
              + "{\"op\":\"add\",\"path\":\"/metadata/labels/t\",\"value\":\"" + value + "\"}]");
      case 14 -> send(server, "PATCH", target, "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");
      default -> send(server, "PUT", target, null, stored == null ? "{}" : stored.toString());
    };
    return answer.statusCode() + " " + normal(answer);
  }

  private static String object(int kind, String name, int value, Random r, String rv) {
    ObjectNode o = JSON.createObjectNode();
    o.put("apiVersion", kind == 0 ? "kubernaut.io/v1alpha1" : kind == 1 ? "v1" : "apps/v1");
    o.put("kind", kind == 0 ? "AlertRemediation" : kind == 1 ? "ConfigMap" : "Deployment");
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", name);
    if (r.nextBoolean()) {
      meta.put("namespace", r.nextInt(6) == 0 ? "b" : "a");
    }
    meta.putObject("labels").put("v", Integer.toString(value));
    if (rv != null) {
      meta.put("resourceVersion", rv);
    }
    if (r.nextInt(4) == 0) {
      meta.putArray("finalizers").add("kubernaut.io/f");
    }
    if (kind == 1) {
      o.putObject("data").put("v", Integer.toString(r.nextInt(3)));
    } else if (kind == 0) {
      o.putObject("spec").put("v", r.nextInt(3));
    } else {
      ObjectNode spec = o.putObject("spec");
      spec.put("replicas", r.nextInt(3));
      spec.putObject("template").putObject("spec").putArray("containers").addObject().put("name", "c")
          .put("image", "i:" + r.nextInt(3));
    }
    if (r.nextBoolean()) {
      o.putObject("status").put("v", r.nextInt(3));
    }
    return o.toString();
  }

  private static String jsonPatch(int kind, int value, Random r, String rv) {
    List<String> ops = new ArrayList<>();
    String field = kind == 1 ? "/data/v" : kind == 0 ? "/spec/v" : "/spec/replicas";
    switch (r.nextInt(6)) {
      case 0 -> ops.add("{\"op\":\"replace\",\"path\":\"" + field + "\",\"value\":" + (kind == 1 ? "\"" + value + "\"" : value) + "}");
      case 1 -> ops.add("{\"op\":\"add\",\"path\":\"/status/v\",\"value\":" + value + "}");
      case 2 -> ops.add("{\"op\":\"add\",\"path\":\"/status/deep/er\",\"value\":" + value + "}");
      case 3 -> ops.add("{\"op\":\"test\",\"path\":\"/metadata/labels/v\",\"value\":\"" + value + "\"}");
      case 4 -> ops.add("{\"op\":\"add\",\"path\":\"/metadata/labels/w\",\"value\":\"" + value + "\"}");
      default -> ops.add("{\"op\":\"remove\",\"path\":\"/status\"}");
    }
    if (rv != null && r.nextBoolean()) {
      ops.add("{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + rv + "\"}");
    }
    if (r.nextInt(5) == 0) {
      ops.add("{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"kubernaut.io/f\"]}");
    }
    return "[" + String.join(",", ops) + "]";
  }

  private static String mergePatch(int kind, int value, Random r, String rv) {
    ObjectNode p = JSON.createObjectNode();
    if (rv != null && r.nextBoolean()) {
      p.putObject("metadata").put("resourceVersion", rv);
    }
    switch (r.nextInt(5)) {
      case 0 -> p.putObject("status").put("v", value);
      case 1 -> p.with("metadata").putObject("labels").put("m", Integer.toString(value));
      case 2 -> {
        if (kind == 2) {
          p.putObject("spec").putObject("template").putObject("spec").putArray("containers").addObject()
              .put("name", r.nextBoolean() ? "c" : "d").put("image", "j:" + value);
        } else {
          p.putObject(kind == 1 ? "data" : "spec").put("v", kind == 1 ? Integer.toString(value) : Integer.toString(value));
        }
      }
      case 3 -> p.putNull("status");
      default -> p.putObject("metadata").put("name", "other");
    }
    return p.toString();
  }

  private HttpResponse<String> get(String server, String path) throws Exception {
    return send(server, "GET", path, null, null);
  }

  private HttpResponse<String> send(String server, String method, String path, String type, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", type == null ? "application/json" : type);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The answer's body as a tree, without what differs between two servers by nature (uid, timestamps). */
  private static String normal(HttpResponse<String> response) throws Exception {
    String body = response.body();
    if (body == null || body.isBlank()) {
      return response.statusCode() + " (empty)";
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (Exception e) {
      return response.statusCode() + " " + body;
    }
    if (tree.path("metadata").isObject()) {
      ObjectNode meta = (ObjectNode) tree.get("metadata");
      boolean marked = meta.has("deletionTimestamp");
      meta.remove(List.of("uid", "creationTimestamp", "deletionTimestamp"));
      meta.put("marked", marked);
    }
    return response.statusCode() + " " + SORTED.writeValueAsString(JSON.treeToValue(tree, Object.class));
  }
}
