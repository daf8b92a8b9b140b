package io.kubernaut.k8s.embedded;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves the discovery documents ({@code /api}, {@code /apis} and the group-version resource
 * lists) that kubectl reads before it can {@code get}, {@code describe}, {@code annotate} or
 * {@code patch}, whatever the query string; everything else goes to the CRUD dispatcher. It also
 * answers SelfSubjectRulesReview (posted by JOSDK's leader election) as a cluster where
 * everything is allowed, which the CRUD dispatcher cannot do, and likewise SelfSubjectAccessReview.
 * What else a real API server does and the mock does not, it adds: Tables for kubectl
 * ({@link TablePrinter}), server-side dry runs on every write ({@link DryRunner}), the scale
 * subresource ({@link Scaler}), field selectors on Events ({@link EventFilter}), and a Content-Type on
 * every answer.
 */
final class ApiDiscovery extends Dispatcher {

  private static final String JSON = "application/json";
  private static final List<String> VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");

  private record Res(String group, String version, String plural, String kind, boolean namespaced, List<String> shortNames,
      List<String> categories) {
    Res(String group, String version, String plural, String kind, boolean namespaced, List<String> shortNames) {
      this(group, version, plural, kind, namespaced, shortNames, List.of());
    }
  }

  private final KubernetesCrudDispatcher delegate;
  private final Map<String, String> documents = new LinkedHashMap<>();
  private final TablePrinter tables;
  private final DryRunner dryRunner;
  private final Scaler scaler;

  ApiDiscovery(KubernetesCrudDispatcher delegate, List<CustomResourceDefinition> crds) {
    this.delegate = delegate;
    this.tables = new TablePrinter(crds);
    this.dryRunner = new DryRunner(delegate, crds);
    this.scaler = new Scaler(this::guarded);
    register(crds);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    named(Thread.currentThread());
    MockResponse response = withContentType(route(request));
    if ("PATCH".equals(request.getMethod()) && response.code() == 202) {
      response.setResponseCode(200); // the mock's patch says Accepted; an API server says OK
    }
    return response;
  }

  private MockResponse route(RecordedRequest request) {
    String path = request.getPath() == null ? "" : withoutQuery(request.getPath());
    if ("GET".equals(request.getMethod()) && documents.containsKey(path)) {
      return json(200, documents.get(path));
    }
    if ("POST".equals(request.getMethod()) && path.equals("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
      return json(201, Serialization.asJson(new SelfSubjectRulesReviewBuilder().withNewStatus()
          .withResourceRules(new ResourceRuleBuilder().withApiGroups("*").withResources("*").withVerbs("*").build())
          .withIncomplete(false).endStatus().build()));
    }
    if ("POST".equals(request.getMethod()) && path.equals("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")) {
      SelfSubjectAccessReview review = Serialization.unmarshal(request.getUtf8Body(), SelfSubjectAccessReview.class);
      review.setStatus(new SubjectAccessReviewStatusBuilder().withAllowed(true).withReason("embedded mode allows everything").build());
      return json(201, Serialization.asJson(review));
    }
    if (String.valueOf(request.getHeader("Content-Type")).startsWith("application/vnd.kubernetes.protobuf")) {
      // kubectl's generators (create deployment, ...) send protobuf first and fall back to JSON on 415.
      return json(415, Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(415)
          .withReason("UnsupportedMediaType").withMessage("The embedded API server reads JSON only.").build()));
    }
    if (path.startsWith("/openapi/")) {
      return json(404, Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(404).withReason("NotFound")
          .withMessage("The embedded API server publishes no OpenAPI schema; the CRDs validate on the server.").build()));
    }
    Optional<ResourcePath> resource = ResourcePath.parse(request.getPath());
    if (resource.isEmpty()) {
      return guarded(request);
    }
    ResourcePath target = resource.get();
    boolean dryRun = target.dryRun() || ("DELETE".equals(request.getMethod()) && dryRunIn(body(request)));
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    if ("PATCH".equals(request.getMethod()) && !Scaler.addresses(target)
        && (contentType.startsWith("application/strategic-merge-patch+json")
            || contentType.startsWith("application/merge-patch+json"))) {
      if (!dryRun && delegate instanceof IndexedCrudDispatcher store) {
        MockResponse patched = store.mergePatch(path, request.getBody().getBytes(),
            contentType.startsWith("application/strategic-merge-patch+json"));
        if (patched != null) {
          return patched;
        }
      }
      MockResponse current = guarded(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, target.objectPath(),
          request.getHeaders(), new Buffer()));
      if (current.code() != 200) {
        return current;
      }
      try {
        String object = new String(current.getBody().getBytes(), StandardCharsets.UTF_8);
        String patch = body(request);
        if (StrategicMerger.stale(object, patch)) {
          return json(409, Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(409)
              .withReason("Conflict").withMessage("Operation cannot be fulfilled on " + target.plural() + " \""
                  + target.name() + "\": the object has been modified; please apply your changes to the latest version "
                  + "and try again").build()));
        }
        String updated = StrategicMerger.patched(object, patch,
            contentType.startsWith("application/strategic-merge-patch+json"));
        request = new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, request.getPath(),
            Headers.builder().add("Content-Type", JSON).build(), new Buffer(updated.getBytes(StandardCharsets.UTF_8)));
      } catch (IOException e) {
        return json(400, Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(400)
            .withReason("BadRequest").withMessage("The patch is not JSON: " + e.getMessage()).build()));
      }
    }
    if (!"GET".equals(request.getMethod()) && !target.query().isEmpty()) {
      // The mock compares write paths whole: ".../status?fieldManager=kubectl-patch" is not a status
      // path to it, so kubectl's status patches were applied to the object and lost. Queries on writes
      // (fieldManager, fieldValidation, dryRun, propagationPolicy) are read here, not by the mock.
      request = new RecordedRequest(request.getHttpVersion(), request.method(), path, request.getHeaders(),
          request.getBody());
    }
    try {
      if (Scaler.addresses(target)) {
        return scaler.answer(request, target);
      }
      if (!"GET".equals(request.getMethod()) && dryRun) {
        return dryRunner.answer(request, target);
      }
      if (TablePrinter.wanted(request.getMethod(), request.getHeader("Accept"), target)) {
        MockResponse read = route(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, request.getPath(),
            Headers.builder().add("Accept", JSON).build(), new Buffer()));
        if (read.code() != 200) {
          return read;
        }
        return json(200, tables.table(target, new String(read.getBody().getBytes(), StandardCharsets.UTF_8), Instant.now()));
      }
      if (EventFilter.addresses(request.getMethod(), target)) {
        MockResponse all = guarded(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET,
            EventFilter.unfiltered(target), request.getHeaders(), new Buffer()));
        if (all.code() != 200) {
          return all;
        }
        return json(200, EventFilter.filter(new String(all.getBody().getBytes(), StandardCharsets.UTF_8),
            target.query().get("fieldSelector")));
      }
    } catch (IOException e) {
      return json(500, Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(500)
          .withReason("InternalError").withMessage(String.valueOf(e.getMessage())).build()));
    }
    return guarded(request);
  }

  /**
   * The mock server's vert.x event loop, which answers every request, is named as the embedded API
   * server's: its threads are otherwise named as the fabric8 clients' event loops in the same process,
   * so that a thread dump or a CPU figure by thread could not tell the server from its clients (still
   * "vert.x-" first, as figures of all vert.x threads count it).
   */
  private static void named(Thread thread) {
    if (thread.getName().startsWith("vert.x-eventloop-thread")) {
      thread.setName("vert.x-embedded-api-server-" + thread.getName().substring("vert.x-".length()));
    }
  }

  private static String withoutQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** The request body, read without consuming it (the mock's handlers read it again); "" when none. */
  static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  /** Whether a DELETE's DeleteOptions body asks for a dry run ({@code "dryRun": ["All"]}). */
  private static boolean dryRunIn(String body) {
    if (body == null || body.isBlank()) {
      return false;
    }
    try {
      var options = Serialization.unmarshal(body, io.fabric8.kubernetes.api.model.DeleteOptions.class);
      return options.getDryRun() != null && options.getDryRun().contains("All");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The mock answers without a Content-Type; kubectl then decodes the body as the first type it
   * accepted (protobuf, for {@code describe}) and fails. Every JSON answer says so.
   */
  private static MockResponse withContentType(MockResponse response) {
    if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
      response.setHeader("Content-Type", JSON);
    }
    return response;
  }

  /**
   * The CRUD dispatcher throws (and never answers) when a JSON patch's {@code test} operation
   * fails; a real API server answers 422, which the optimistic writers retry on.
   */
  private MockResponse guarded(RecordedRequest request) {
    try {
      return delegate.dispatch(request);
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      int code = message.contains("TEST Operation") ? 422 : 500;
      return json(code, Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(code)
          .withReason(code == 422 ? "Invalid" : "InternalError").withMessage(message).build()));
    }
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).addHeader("Content-Type", JSON).setBody(body);
  }

  private void register(List<CustomResourceDefinition> crds) {
    List<Res> resources = new ArrayList<>(List.of(
        new Res("", "v1", "namespaces", "Namespace", false, List.of("ns")),
        new Res("", "v1", "nodes", "Node", false, List.of("no")),
        new Res("", "v1", "pods", "Pod", true, List.of("po")),
        new Res("", "v1", "events", "Event", true, List.of("ev")),
        new Res("", "v1", "configmaps", "ConfigMap", true, List.of("cm")),
        new Res("", "v1", "secrets", "Secret", true, List.of()),
        new Res("", "v1", "services", "Service", true, List.of("svc")),
        new Res("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa")),
        new Res("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc")),
        new Res("apps", "v1", "deployments", "Deployment", true, List.of("deploy")),
        new Res("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs")),
        new Res("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts")),
        new Res("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds")),
        new Res("coordination.k8s.io", "v1", "leases", "Lease", true, List.of()),
        new Res("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, List.of("hpa")),
        new Res("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb")),
        new Res("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, List.of("crd"))));
    for (CustomResourceDefinition crd : crds) {
      var spec = crd.getSpec();
      resources.add(new Res(spec.getGroup(), spec.getVersions().get(0).getName(), spec.getNames().getPlural(),
          spec.getNames().getKind(), "Namespaced".equals(spec.getScope()),
          spec.getNames().getShortNames() == null ? List.of() : spec.getNames().getShortNames(),
          spec.getNames().getCategories() == null ? List.of() : spec.getNames().getCategories()));
    }
    Map<String, List<Res>> byGroupVersion = new LinkedHashMap<>();
    for (Res r : resources) {
      byGroupVersion.computeIfAbsent(r.group().isEmpty() ? r.version() : r.group() + "/" + r.version(),
          k -> new ArrayList<>()).add(r);
    }
    documents.put("/version", Serialization.asJson(new io.fabric8.kubernetes.api.model.version.InfoBuilder()
        .withMajor("1").withMinor("32").withGitVersion("v1.32.0+kubernaut-embedded").withPlatform("embedded").build()));
    documents.put("/api", Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build()));
    APIGroupListBuilder groups = new APIGroupListBuilder();
    byGroupVersion.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> {
      String[] parts = gv.split("/");
      var version = new GroupVersionForDiscoveryBuilder().withGroupVersion(gv).withVersion(parts[1]).build();
      groups.addToGroups(new APIGroupBuilder().withName(parts[0]).withVersions(version).withPreferredVersion(version).build());
    });
    documents.put("/apis", Serialization.asJson(groups.build()));
    byGroupVersion.forEach((gv, list) -> {
      String path = gv.contains("/") ? "/apis/" + gv : "/api/" + gv;
      List<APIResource> apiResources = new ArrayList<>();
      for (Res r : list) {
        apiResources.add(new APIResourceBuilder().withName(r.plural()).withKind(r.kind())
            .withNamespaced(r.namespaced()).withVerbs(VERBS).withShortNames(r.shortNames())
            .withSingularName(r.kind().toLowerCase(java.util.Locale.ROOT)).withCategories(r.categories()).build());
        if (r.group().equals("kubernaut.io") || r.plural().equals("pods") || r.plural().equals("deployments")) {
          apiResources.add(new APIResourceBuilder().withName(r.plural() + "/status").withKind(r.kind())
              .withNamespaced(r.namespaced()).withVerbs("get", "patch", "update").build());
        }
        if (r.group().equals("apps") && !r.plural().equals("daemonsets")) {
          apiResources.add(new APIResourceBuilder().withName(r.plural() + "/scale").withKind("Scale")
              .withGroup("autoscaling").withVersion("v1").withNamespaced(true).withVerbs("get", "patch", "update").build());
        }
      }
      documents.put(path, Serialization.asJson(
          new APIResourceListBuilder().withGroupVersion(gv).withResources(apiResources).build()));
    });
  }
}
