package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request the operator makes of the API server is one the chart's RBAC lets its service
 * account make. The operator runs in cluster mode against the embedded API server (which, like
 * fabric8's mock, authorises everything, so no other test can see a missing grant) through a
 * client that records each request; it starts, elects its leader, takes one remediation through
 * the automatic path and one through an approval, answers a resolution, and deletes both at the
 * end of their retention. (Callers are
 * authenticated by the static admin token here; the TokenReview and SubjectAccessReview grants of
 * the chart's default mode are asserted by the charts module's RbacLeastPrivilegeTest.) Each request is then checked against the rules the chart, rendered by
 * the real Helm library with its defaults, binds to the operator's service account: cluster-wide
 * through ClusterRoleBindings, in the release namespace through RoleBindings. Discovery paths
 * ({@code /api}, {@code /apis/...}, {@code /version}) are granted to every authenticated user by
 * Kubernetes' own {@code system:discovery} role.
 */
class ChartRbacCoverageTest {

  private static final String NS = "kubernaut-system";
  private static final String RELEASE = "kubernaut";
  private static final String TOKEN = "rbac-coverage-admin";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  @TempDir
  Path dir;

  @Test
  void everyRequestTheOperatorMakesIsGrantedByTheChartsDefaultRbac() throws Exception {
    Recorder recorder = new Recorder();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
        KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), NS, 0);
        KubernetesConnection recorded = KubernetesConnection.at(api.url(),
            http -> http.addOrReplaceInterceptor("rbac-recorder", recorder))) {
      KubernetesClient kube = api.client();
      // The chart creates this ConfigMap. Production asks for approval whatever the confidence; a short monitoring
      // window ends the remediations quickly.
      EmbeddedApp.kubernautConfig(kube, Map.of("gates.yaml", "minConfidence: 0.5\nproductionApprovalConfidence: 1.0\n",
          "safety.yaml", "limits:\n  monitoringWindow: 2s\n", "retention", "2s"));
      try (Kubernaut k = Kubernaut.startClusterModeOn(OperatorConfig.from(Map.of("KUBERNAUT_MODE", "cluster",
          "KUBERNAUT_HTTP_PORT", "0", "KUBERNAUT_DATA_DIR", dir.resolve("op").toString(), "KUBERNAUT_API_TOKEN", TOKEN,
          "KUBERNAUT_NAMESPACE", NS, "KUBERNAUT_DB_URL", pg.getJdbcUrl("postgres", "postgres"),
          "KUBERNAUT_DB_USER", "postgres", "KUBERNAUT_DB_PASSWORD", "postgres")), recorded)) {
        String automatic = created(EmbeddedApp.postAlerts(k, EmbeddedApp.fixture("oomkilled-batch.json")));
        String approved = created(EmbeddedApp.postAlerts(k, EmbeddedApp.fixture("crashlooping-firing.json")));
        await().ignoreExceptions().atMost(Duration.ofSeconds(60))
            .until(() -> phase(kube, approved) == RemediationPhase.AwaitingApproval);
        HttpResponse<String> approval = EmbeddedApp.send(k, "POST", "/api/v1/remediations/" + approved + "/approve",
            "{\"reason\": \"RBAC coverage\"}");
        assertThat(approval.statusCode()).as(approval.body()).isEqualTo(202);
        await().ignoreExceptions().atMost(Duration.ofSeconds(90))
            .until(() -> phase(kube, automatic).isTerminal() && phase(kube, approved).isTerminal());
        assertThat(EmbeddedApp.postAlerts(k, EmbeddedApp.fixture("crashlooping-resolved.json")).statusCode())
            .isEqualTo(202);
        // Retention (2 s, once the audit store confirms the final record) deletes each with its children.
        await().atMost(Duration.ofSeconds(60)).until(() -> kube.resources(AlertRemediation.class).inNamespace(NS)
            .withName(automatic).get() == null && kube.resources(AlertRemediation.class).inNamespace(NS)
            .withName(approved).get() == null);
      }
    }

    Authorizer chart = Authorizer.ofDefaultChart();
    List<Access> accesses = recorder.accesses();
    Map<String, Integer> refused = new TreeMap<>();
    Set<String> made = new TreeSet<>();
    for (Access a : accesses) {
      made.add(a.describe());
      if (!a.discovery() && !chart.allows(a)) {
        refused.merge(a.describe(), 1, Integer::sum);
      }
    }
    System.out.printf("chart RBAC coverage: %d requests of the operator, %d distinct: %s%n", accesses.size(), made.size(),
        made);
    // Not vacuous: the requests include the pipeline's writes, the safety ledger's, the leader election's and
    // retention's deletes.
    assertThat(made).contains("create kubernaut.io/alertremediations in " + NS,
        "patch kubernaut.io/alertremediations/status in " + NS, "create kubernaut.io/workflowexecutions in " + NS,
        "create coordination.k8s.io/leases in " + NS, "delete kubernaut.io/alertremediations in " + NS,
        "deletecollection kubernaut.io/kubernetesexecutions in " + NS)
        .anyMatch(m -> m.startsWith("update apps/deployments in ") || m.startsWith("patch apps/deployments in "))
        .anyMatch(m -> m.matches("(create|update) /configmaps in " + NS));
    assertThat(refused).as("requests of the operator that the chart's default RBAC would refuse (count by request)")
        .isEmpty();
  }

  /**
   * JOSDK's own check before leader election, run against the chart's rules: it asks the API server
   * (a SelfSubjectRulesReview, which the embedded server answers with "everything") which verbs it
   * has on leases and starts no controller without get, create and update. Here a mock API server
   * answers the review with the rules the rendered chart binds in the release namespace; the same
   * rules without {@code update} show that the check bites.
   */
  @Test
  void josdksLeaderElectionStartsOnTheChartsRulesAndRefusesWithoutUpdate() {
    Authorizer chart = Authorizer.ofDefaultChart();
    List<PolicyRule> granted = new ArrayList<>(chart.clusterWide());
    granted.addAll(chart.releaseNamespace());

    assertThat(leaderElectionStarts(granted)).as("JOSDK's lease check on the chart's rules").isNull();

    List<PolicyRule> withoutUpdate = granted.stream().map(r -> r.getResources().contains("leases")
        ? new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder(r)
            .withVerbs(r.getVerbs().stream().filter(v -> !v.equals("update")).toList()).build() : r).toList();
    assertThat(leaderElectionStarts(withoutUpdate)).as("the same without update on leases")
        .hasMessageContaining("update");
  }

  /** Starts a JOSDK operator with leader election, as the operator does, where the rules review answers {@code rules}; its failure, or null. */
  private static Throwable leaderElectionStarts(List<PolicyRule> rules) {
    Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>> responses =
        new java.util.HashMap<>();
    io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server =
        new io.fabric8.kubernetes.client.server.mock.KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
            new io.fabric8.mockwebserver.MockWebServer(), responses,
            new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(responses), false);
    server.init(java.net.InetAddress.getLoopbackAddress(), 0);
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201,
        new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder().withNewStatus()
            .withResourceRules(rules.stream().map(r -> new io.fabric8.kubernetes.api.model.authorization.v1
                .ResourceRuleBuilder().withApiGroups(r.getApiGroups()).withResources(r.getResources())
                .withVerbs(r.getVerbs()).withResourceNames(r.getResourceNames()).build()).toList())
            .withIncomplete(false).endStatus().build()).always();
    KubernetesClient client = server.createClient();
    io.javaoperatorsdk.operator.Operator operator = new io.javaoperatorsdk.operator.Operator(o -> o
        .withKubernetesClient(client).withCloseClientOnStop(false)
        .withLeaderElectionConfiguration(io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder
            .aLeaderElectionConfiguration("kubernaut-leader").withLeaseNamespace(NS).withIdentity("rbac-check")
            .withExitOnStopLeading(false).build()));
    try {
      operator.register(new Idle());
      operator.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> client.leases().inNamespace(NS).withName("kubernaut-leader")
          .get() != null);
      return null;
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !String.valueOf(cause.getMessage()).contains("lease")) {
        cause = cause.getCause();
      }
      return cause;
    } finally {
      operator.stop();
      client.close();
      server.destroy();
    }
  }

  /** A controller that does nothing: JOSDK starts (and checks its lease access) only with one registered. */
  @io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration(name = "rbac-check")
  static final class Idle implements io.javaoperatorsdk.operator.api.reconciler.Reconciler<
      io.fabric8.kubernetes.api.model.ConfigMap> {
    @Override
    public io.javaoperatorsdk.operator.api.reconciler.UpdateControl<io.fabric8.kubernetes.api.model.ConfigMap> reconcile(
        io.fabric8.kubernetes.api.model.ConfigMap resource,
        io.javaoperatorsdk.operator.api.reconciler.Context<io.fabric8.kubernetes.api.model.ConfigMap> context) {
      return io.javaoperatorsdk.operator.api.reconciler.UpdateControl.noUpdate();
    }
  }

  private static String created(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return JSON.readTree(answer.body()).path("results").get(0).path("remediation").asText();
  }

  private static RemediationPhase phase(KubernetesClient kube, String name) {
    AlertRemediation ar = kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
    return ar.getStatus().getPhase();
  }

  /** Records the method and URI of every request of the client it is added to. */
  static final class Recorder implements Interceptor {

    private final ConcurrentLinkedQueue<String[]> requests = new ConcurrentLinkedQueue<>();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      requests.add(new String[] {request.method(), request.uri().getRawPath(),
          Objects.requireNonNullElse(request.uri().getRawQuery(), "")});
    }

    List<Access> accesses() {
      return requests.stream().map(r -> Access.of(r[0], r[1], r[2])).toList();
    }
  }

  /**
   * One request as RBAC sees it: verb, API group, resource (with its subresource), namespace
   * (null: cluster-wide) and object name (null: a collection); {@code resource} null for a
   * non-resource path.
   */
  record Access(String verb, String group, String resource, String namespace, String name, String path) {

    static Access of(String method, String path, String query) {
      List<String> s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
      int start;
      String group;
      if (s.size() >= 2 && s.get(0).equals("api")) {
        start = 2;
        group = "";
      } else if (s.size() >= 3 && s.get(0).equals("apis")) {
        start = 3;
        group = s.get(1);
      } else {
        return new Access(method, null, null, null, null, path);
      }
      List<String> rest = s.subList(start, s.size());
      if (rest.isEmpty()) {
        return new Access(method, null, null, null, null, path);
      }
      String namespace = null;
      if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
        namespace = rest.get(1);
        rest = rest.subList(2, rest.size());
      }
      String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
      List<String> parameters = Arrays.stream(query.split("&"))
          .map(p -> java.net.URLDecoder.decode(p, java.nio.charset.StandardCharsets.UTF_8)).toList();
      // A list or watch of one object by its name is authorised against that name, as Kubernetes does.
      String name = rest.size() >= 2 ? rest.get(1) : parameters.stream().filter(p -> p.startsWith("fieldSelector=metadata.name="))
          .map(p -> p.substring("fieldSelector=metadata.name=".length())).findFirst().orElse(null);
      boolean watch = parameters.contains("watch=true");
      String verb = switch (method) {
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> rest.size() >= 2 ? "delete" : "deletecollection";
        default -> watch ? "watch" : rest.size() >= 2 ? "get" : "list";
      };
      return new Access(verb, group, resource, namespace, name, path);
    }

    boolean discovery() {
      return resource == null;
    }

    String describe() {
      return discovery() ? verb + " " + path
          : verb + " " + group + "/" + resource + (namespace == null ? "" : " in " + namespace);
    }
  }

  /**
   * {@code helm template} of the chart with its defaults, by the real Helm library in a JVM of its
   * own: helm-java loads Helm's Go runtime into the process, whose signal handlers then break the
   * JVM's attach mechanism, which Mockito's inline mock maker needs in the tests that run after this
   * one in the same JVM.
   */
  static final class ChartTemplate {

    public static void main(String[] args) {
      System.out.print(new Helm(Path.of(args[0])).template().withName(RELEASE).withNamespace(NS).call());
    }

    static String render() {
      String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", classPath, ChartTemplate.class.getName(),
          Path.of("..", "charts", "kubernaut").toAbsolutePath().normalize().toString());
      try {
        // The output goes to a file, so a child that hangs cannot block the reading, and the wait's timeout holds.
        Path out = java.nio.file.Files.createTempFile("chart-", ".yaml");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        boolean finished = child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
        if (!finished) {
          child.destroyForcibly();
        }
        assertThat(finished).as("helm template finished within 120 s").isTrue();
        assertThat(child.exitValue()).as("helm template's exit code").isZero();
        String manifest = java.nio.file.Files.readString(out);
        java.nio.file.Files.delete(out);
        return manifest;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The rules the rendered chart binds to the operator's service account: cluster-wide, and in the release namespace. */
  record Authorizer(List<PolicyRule> clusterWide, List<PolicyRule> releaseNamespace) {

    private static Authorizer rendered;

    /** The default chart's rules, rendered once per test run. */
    static synchronized Authorizer ofDefaultChart() {
      if (rendered == null) {
        rendered = render();
      }
      return rendered;
    }

    private static Authorizer render() {
      String manifest = ChartTemplate.render();
      KubernetesSerialization serialization = new KubernetesSerialization();
      List<HasMetadata> objects = DOCUMENT_SEPARATOR.splitAsStream(manifest)
          .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
          .map(doc -> (HasMetadata) serialization.unmarshal(doc)).toList();
      String account = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
          .map(d -> d.getSpec().getTemplate().getSpec().getServiceAccountName()).findFirst().orElseThrow();
      List<PolicyRule> clusterWide = new ArrayList<>();
      List<PolicyRule> inNamespace = new ArrayList<>();
      for (HasMetadata o : objects) {
        if (o instanceof ClusterRoleBinding b && binds(b.getSubjects(), account)) {
          clusterWide.addAll(rules(objects, b.getRoleRef()));
        } else if (o instanceof RoleBinding b && NS.equals(b.getMetadata().getNamespace()) && binds(b.getSubjects(), account)) {
          inNamespace.addAll(rules(objects, b.getRoleRef()));
        }
      }
      assertThat(clusterWide).as("rules bound to service account %s", account).isNotEmpty();
      return new Authorizer(clusterWide, inNamespace);
    }

    private static boolean binds(List<Subject> subjects, String account) {
      return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
          && account.equals(s.getName()) && NS.equals(s.getNamespace()));
    }

    private static List<PolicyRule> rules(List<HasMetadata> objects, RoleRef ref) {
      return objects.stream().filter(o -> o.getKind().equals(ref.getKind()) && o.getMetadata().getName().equals(ref.getName()))
          .flatMap(o -> (o instanceof ClusterRole c ? c.getRules() : ((Role) o).getRules()).stream()).toList();
    }

    boolean allows(Access a) {
      return clusterWide.stream().anyMatch(r -> grants(r, a))
          || (NS.equals(a.namespace()) && releaseNamespace.stream().anyMatch(r -> grants(r, a)));
    }

    private static boolean grants(PolicyRule r, Access a) {
      return r.getApiGroups().contains(a.group()) && r.getResources().contains(a.resource())
          && r.getVerbs().contains(a.verb())
          && (r.getResourceNames() == null || r.getResourceNames().isEmpty()
              || (a.name() != null && r.getResourceNames().contains(a.name())));
    }
  }
}
