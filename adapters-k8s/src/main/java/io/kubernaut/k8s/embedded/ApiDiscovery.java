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
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the discovery documents ({@code /api}, {@code /apis} and the group-version resource
 * lists) that kubectl reads before it can {@code get}, {@code describe}, {@code annotate} or
 * {@code patch}, whatever the query string; everything else goes to the CRUD dispatcher. It also
 * answers SelfSubjectRulesReview (posted by JOSDK's leader election) as a cluster where
 * everything is allowed, which the CRUD dispatcher cannot do, and likewise SelfSubjectAccessReview.
 * Writes with {@code dryRun=All} change nothing, as on a real API server.
 */
final class ApiDiscovery extends Dispatcher {

  private static final String JSON = "application/json";
  private static final List<String> VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");

  private record Res(String group, String version, String plural, String kind, boolean namespaced, List<String> shortNames) {}

  private final Dispatcher delegate;
  private final Map<String, String> documents = new LinkedHashMap<>();

  ApiDiscovery(Dispatcher delegate, List<CustomResourceDefinition> crds) {
    this.delegate = delegate;
    register(crds);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath().replaceFirst("\\?.*$", "");
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
    if (!"GET".equals(request.getMethod()) && request.getPath() != null && request.getPath().contains("dryRun=All")) {
      return dryRun(request, path);
    }
    return guarded(request);
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

  /**
   * A server-side dry run changes nothing, as on a real API server: a create echoes the body; any
   * other write answers with the object as it is.
   */
  private MockResponse dryRun(RecordedRequest request, String path) {
    if ("POST".equals(request.getMethod())) {
      return json(201, request.getUtf8Body());
    }
    return guarded(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, path, request.getHeaders(),
        new Buffer()));
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
          spec.getNames().getShortNames() == null ? List.of() : spec.getNames().getShortNames()));
    }
    Map<String, List<Res>> byGroupVersion = new LinkedHashMap<>();
    for (Res r : resources) {
      byGroupVersion.computeIfAbsent(r.group().isEmpty() ? r.version() : r.group() + "/" + r.version(),
          k -> new ArrayList<>()).add(r);
    }
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
            .withSingularName(r.kind().toLowerCase(java.util.Locale.ROOT)).build());
        if (r.group().equals("kubernaut.io") || r.plural().equals("pods") || r.plural().equals("deployments")) {
          apiResources.add(new APIResourceBuilder().withName(r.plural() + "/status").withKind(r.kind())
              .withNamespaced(r.namespaced()).withVerbs("get", "patch", "update").build());
        }
      }
      documents.put(path, Serialization.asJson(
          new APIResourceListBuilder().withGroupVersion(gv).withResources(apiResources).build()));
    });
  }
}
