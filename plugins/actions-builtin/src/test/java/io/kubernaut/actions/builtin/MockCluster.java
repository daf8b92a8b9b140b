package io.kubernaut.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernaut.spi.action.ActionContext;
import io.kubernaut.spi.action.ActionResult;
import io.kubernaut.spi.action.RemediationAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh fabric8 CRUD mock API server per test, with a mixed dispatcher so tests can add
 * expectations for what CRUD mode cannot answer (field selectors, eviction outcomes, logs).
 */
abstract class MockCluster {

  static final String NS = "shop-prod";
  static final String EXECUTION = "exec-1";

  KubernetesMockServer server;
  /** The test's own client, for setting up and reading objects. */
  KubernetesClient client;
  /**
   * The client the actions get in their contexts ({@link #ctx}, {@link #dry}): its every request is
   * checked against the access the action under test declares (see {@link #executedAsPrepared}).
   */
  KubernetesClient actionClient;
  ApiServerGaps apiServer;
  /** The action whose requests {@link #actionClient} checks; set by {@link #executedAsPrepared}. */
  private volatile RemediationAction underTest;
  private volatile String underTestKind;
  private final List<String> undeclared = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    apiServer = new ApiServerGaps(new KubernetesMixedDispatcher(responses));
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, apiServer, false);
    server.init();
    // fabric8 retries 429 answers with exponential backoff (about 19 s with the defaults) before
    // evict() returns false; no retries keeps the PDB test fast and the behaviour identical.
    client = server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    actionClient = server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig()
        .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("declared-access", new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            RemediationAction action = underTest;
            if (action != null) {
              String asked = asked(request.method(), request.uri().getRawPath(), request.uri().getRawQuery());
              if (asked != null && !declared(action, underTestKind).contains(asked)) {
                undeclared.add(action.descriptor().name() + ": " + asked + " (" + request.method() + " " + request.uri() + ")");
              }
            }
          }
        })));
  }

  /**
   * Every request an action sent through {@link #actionClient} once it was under test (set by
   * {@link #executedAsPrepared}: its preparation and execution, then any rollback, dry run or
   * verification the test asks of it through {@link #ctx} or {@link #dry} after) was one its
   * descriptor declares, by verb and resource (not scope): the Validating phase asks the API server
   * for exactly those, and the chart grants exactly those, so a request of another verb (a PUT where
   * a PATCH was declared, say) would be refused in a cluster. Tests that never call
   * {@code executedAsPrepared} are not checked.
   */
  @AfterEach
  void stopServer() {
    try {
      assertThat(undeclared).as("requests the action under test sent but does not declare in its access").isEmpty();
    } finally {
      actionClient.close();
      client.close();
      server.destroy();
    }
  }

  /** The access a request asks for, as {@code verb group/resource[/subresource]}; null for a non-resource path. */
  static String asked(String method, String path, String query) {
    List<String> s = java.util.Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    int start = s.size() >= 2 && s.get(0).equals("api") ? 2 : s.size() >= 3 && s.get(0).equals("apis") ? 3 : -1;
    if (start < 0 || s.size() <= start) {
      return null;
    }
    String group = start == 2 ? "" : s.get(1);
    List<String> rest = s.subList(start, s.size());
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      rest = rest.subList(2, rest.size());
    }
    boolean named = rest.size() >= 2;
    String verb = switch (method) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> query != null && query.contains("watch=true") ? "watch" : named ? "get" : "list";
    };
    return verb + " " + group + "/" + rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
  }

  /** What {@code action} declares for a target of {@code kind}, in {@link #asked}'s terms. */
  static Set<String> declared(RemediationAction action, String kind) {
    Set<String> declared = new java.util.HashSet<>();
    action.descriptor().access(kind).forEach(n -> declared.add(n.verb() + " " + n.group() + "/" + n.resource()
        + (n.subresource().isEmpty() ? "" : "/" + n.subresource())));
    return declared;
  }

  ActionContext ctx(String kind, String ns, String name, Map<String, String> params) {
    return ActionContext.builder().target(kind, ns, name).parameters(params).client(actionClient)
        .deadline(Instant.now().plusSeconds(30)).executionId(EXECUTION).build();
  }

  /** An execution's context whose execution began at {@code started} (SPI 1.5), as the host sends it. */
  ActionContext started(String kind, String ns, String name, Map<String, String> params, Instant started) {
    return ActionContext.builder().target(kind, ns, name).parameters(params).client(actionClient)
        .deadline(Instant.now().plusSeconds(30)).executionId(EXECUTION).executionStartedAt(started).build();
  }

  ActionContext dry(String kind, String ns, String name, Map<String, String> params) {
    return ActionContext.builder().target(kind, ns, name).parameters(params).client(actionClient)
        .deadline(Instant.now().plusSeconds(30)).executionId(EXECUTION).dryRun(true).build();
  }

  /** Discards the requests recorded so far. */
  void forgetRequests() throws InterruptedException {
    while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // drain
    }
  }

  /** The requests recorded since the last {@link #forgetRequests()}. */
  List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> all = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      all.add(r);
    }
    return all;
  }

  /**
   * The CRUD mock ignores {@code dryRun=All} and would apply the change, so dry-run tests check
   * the wire instead: at least one mutation was sent, and every mutation carried dryRun=All.
   */
  void assertEveryMutationWasServerSideDryRun() throws InterruptedException {
    List<RecordedRequest> mutations =
        requests().stream().filter(r -> !"GET".equals(r.getMethod())).toList();
    assertThat(mutations).isNotEmpty();
    assertThat(mutations).allSatisfy(r -> assertThat(r.getPath()).contains("dryRun=All"));
  }

  /**
   * The built-ins whose postcondition is read from the object they write: their execution reports it
   * (SPI 1.4 {@link ActionResult#resultingTarget()}) and their verification uses it when handed it.
   * The others (a delete, a drain that evicts pods, the read-only ones) report nothing.
   */
  static final Set<String> VERIFIED_FROM_THEIR_WRITE = Set.of("increase_resources", "rollout_restart",
      "scale_deployment", "scale_statefulset", "update_hpa", "expand_pvc", "cordon_node", "uncordon_node", "taint_node",
      "untaint_node", "quarantine_pod", "rollback_deployment");

  /**
   * Executes {@code action} after its rollback preparation (SPI 1.3), as the host does, and checks
   * that the preparation sent nothing but reads and answered what the execution returned as its
   * rollback data (the result may add keys a rollback does not need, such as the revision rolled to):
   * the same facts, known before the change. An action without rollback prepares nothing. Then
   * verifies as the host does right after (SPI 1.4): handed the object the execution reported, the
   * verification holds without reading the target again.
   */
  ActionResult executedAsPrepared(RemediationAction action, ActionContext ctx) {
    underTestKind = ctx.target().kind();
    underTest = action;
    try {
      forgetRequests();
      Map<String, String> prepared = action.prepareRollback(ctx);
      assertNoMutationWasSent();
      ActionResult result = action.execute(ctx);
      if (action.descriptor().supportsRollback()) {
        assertThat(prepared).as("prepared before the change").isNotEmpty();
        assertThat(result.rollbackData()).as("the result's rollback data agrees with what was prepared")
            .containsAllEntriesOf(prepared);
      } else {
        assertThat(prepared).as("an action without rollback prepares nothing").isEmpty();
      }
      verifiedFromItsWrite(action, ctx, result);
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void verifiedFromItsWrite(RemediationAction action, ActionContext ctx, ActionResult result)
      throws InterruptedException {
    String name = action.descriptor().name();
    if (!VERIFIED_FROM_THEIR_WRITE.contains(name)) {
      assertThat(result.resultingTarget()).as(name + " reports no resulting target").isNull();
      return;
    }
    HasMetadata written = result.resultingTarget();
    assertThat(written).as(name + " reports the target as its write left it").isNotNull();
    assertThat(written.getKind()).isEqualTo(ctx.target().kind());
    assertThat(written.getMetadata().getName()).isEqualTo(ctx.target().name());
    forgetRequests();
    ActionContext handed = ActionContext.builder().target(ctx.target()).parameters(ctx.parameters()).client(client)
        .deadline(ctx.deadline()).executionId(ctx.executionId()).attempt(ctx.attempt()).observedTarget(written).build();
    assertThat(action.verify(handed)).as(name + " verified from its write's answer").isTrue();
    assertThat(requests()).as(name + "'s verification did not read the target again")
        .noneMatch(r -> "GET".equals(r.getMethod()) && r.getPath().split("\\?")[0].endsWith("/" + ctx.target().name()));
  }

  void assertNoMutationWasSent() throws InterruptedException {
    assertThat(requests()).allSatisfy(r -> assertThat(r.getMethod()).isEqualTo("GET"));
  }

  static PodTemplateSpec template(String image, String memory) {
    return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "checkout").endMetadata()
        .withNewSpec().addToContainers(new ContainerBuilder().withName("app").withImage(image)
            .withNewResources().addToLimits("memory", new Quantity(memory)).addToLimits("cpu", new Quantity("500m"))
            .endResources().build())
        .endSpec().build();
  }

  Deployment deployment(String name, int replicas) {
    return client.resource(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "checkout").endSelector()
        .withTemplate(template("shop/checkout:2", "256Mi")).endSpec().build()).create();
  }

  /** A pod of ReplicaSet checkout-abc (its controller) on {@code node}. */
  Pod pod(String name, String node) {
    return client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
        .addToLabels("app", "checkout").addToLabels("pod-template-hash", "abc")
        .addNewOwnerReference().withKind("ReplicaSet").withName("checkout-abc").withApiVersion("apps/v1")
        .withUid("rs-uid").withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName(node).addToContainers(new ContainerBuilder().withName("app").withImage("i").build())
        .endSpec().build()).create();
  }

  void node(String name) {
    client.resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec().build())
        .create();
  }
}
