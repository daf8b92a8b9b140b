package io.kubernaut.k8s.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator on the embedded API server with the demo cluster, driven as kubectl would drive a cluster. */
class DemoSimulatorTest {

  @TempDir
  Path dir;

  private EmbeddedApiServer server;
  private DemoSimulator simulator;
  private KubernetesClient kube;
  private final AtomicInteger simulatorLists = new AtomicInteger();
  private final AtomicInteger simulatorOthers = new AtomicInteger();
  private final Map<String, Integer> simulatorRequests = new java.util.concurrent.ConcurrentSkipListMap<>();

  @BeforeEach
  void start() {
    java.util.logging.Logger.getLogger("io.fabric8").setLevel(java.util.logging.Level.WARNING);
    server = new EmbeddedApiServer(dir, "kubernaut-system", 0).start();
    kube = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(server.url()).build()).build();
    simulator = new DemoSimulator(new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(server.url()).build()).withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count",
            new Interceptor() {
              @Override
              public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                var path = ResourcePath.parse(request.uri().getRawPath());
                boolean list = "GET".equals(request.method()) && path.map(r -> r.name() == null).orElse(false)
                    && !String.valueOf(request.uri().getQuery()).contains("watch=true");
                (list ? simulatorLists : simulatorOthers).incrementAndGet();
                simulatorRequests.merge(request.method() + " " + path.map(r -> r.plural() + (r.subresource() == null ? ""
                    : "/" + r.subresource())).orElse("?"), 1, Integer::sum);
              }
            })).build(), DemoCluster.NAMESPACES).start();
  }

  @AfterEach
  void stop() {
    simulator.close();
    kube.close();
    server.close();
  }

  private List<Pod> pods(String ns, String app) {
    return kube.pods().inNamespace(ns).withLabel("app", app).list().getItems();
  }

  /** Sets spec.replicas as {@code kubectl scale} would (the embedded server has no scale subresource yet). */
  private void scale(int replicas) {
    editDeployment("shop-prod", "checkout", d -> d.getSpec().setReplicas(replicas));
  }

  /** An edit as kubectl makes it, tried again when the simulator wrote the object in between (409). */
  private void editDeployment(String ns, String name, java.util.function.Consumer<Deployment> change) {
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
      kube.apps().deployments().inNamespace(ns).withName(name).edit(d -> {
        change.accept(d);
        return d;
      });
      return true;
    });
  }

  private void cordon(String node, boolean unschedulable) {
    kube.nodes().withName(node).edit(n -> {
      if (n.getSpec() == null) {
        n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
      }
      n.getSpec().setUnschedulable(unschedulable);
      return n;
    });
  }

  private Deployment deployment(String ns, String name) {
    return kube.apps().deployments().inNamespace(ns).withName(name).get();
  }

  @Test
  void theSeededPodsAreLeftAsTheyAreWhileTheirTemplateIsCurrent() throws Exception {
    Thread.sleep(1500);

    assertThat(pods("shop-prod", "checkout")).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("checkout-7d9f8b6c4-x2x9q", "checkout-7d9f8b6c4-r4m2k");
    assertThat(pods("payments-staging", "payments-api")).hasSize(3);
  }

  @Test
  void raisingTheMemoryLimitAboveWhatTheWorkloadNeedsStopsTheOomKills() {
    editDeployment("payments-staging", "payments-api", d -> d.getSpec().getTemplate().getSpec().getContainers().get(0)
        .getResources().getLimits().put("memory", new Quantity("256Mi")));

    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
      assertThat(pods("payments-staging", "payments-api")).hasSize(3).allSatisfy(p -> {
        assertThat(p.getMetadata().getName()).doesNotStartWith("payments-api-5c8d7f9b9-");
        assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
        assertThat(p.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
      });
      assertThat(deployment("payments-staging", "payments-api").getStatus().getAvailableReplicas()).isEqualTo(3);
    });
    Deployment d = deployment("payments-staging", "payments-api");
    assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    assertThat(kube.apps().replicaSets().inNamespace("payments-staging").withName("payments-api-5c8d7f9b9").get()
        .getSpec().getReplicas()).isZero();
  }

  @Test
  void aLimitStillBelowTheNeedKeepsThePodsOomKilled() {
    editDeployment("payments-staging", "payments-api", d -> d.getSpec().getTemplate().getSpec().getContainers().get(0)
        .getResources().getLimits().put("memory", new Quantity("160Mi")));

    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(pods("payments-staging", "payments-api"))
        .hasSize(3).allSatisfy(p -> {
          assertThat(p.getMetadata().getName()).doesNotStartWith("payments-api-5c8d7f9b9-");
          assertThat(p.getStatus().getContainerStatuses().get(0).getLastState().getTerminated().getReason())
              .isEqualTo("OOMKilled");
          assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isFalse();
        }));
    assertThat(deployment("payments-staging", "payments-api").getStatus().getAvailableReplicas()).isZero();
  }

  @Test
  void scalingChangesThePodCountAndADeletedPodIsReplaced() {
    scale(4);

    // The bad revision's new pods crash-loop like the seeded one (a new pod is created before its status is written).
    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(pods("shop-prod", "checkout"))
        .hasSize(4).filteredOn(p -> p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null)
        .extracting(p -> p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
        .hasSize(3).containsOnly("CrashLoopBackOff"));

    kube.pods().inNamespace("shop-prod").withName("checkout-7d9f8b6c4-r4m2k").delete();

    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(pods("shop-prod", "checkout")).hasSize(4)
        .extracting(p -> p.getMetadata().getName()).doesNotContain("checkout-7d9f8b6c4-r4m2k"));
    scale(1);
    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(pods("shop-prod", "checkout")).hasSize(1));
  }

  @Test
  void aRollbackToTheGoodRevisionYieldsRunningPodsAndAHealthyDeployment() {
    var previous = kube.apps().replicaSets().inNamespace("shop-prod").withName("checkout-5b6d7c8f9").get();
    editDeployment("shop-prod", "checkout", d -> d.getSpec().setTemplate(DemoSimulator.withoutHash(previous.getSpec().getTemplate())));

    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
      assertThat(pods("shop-prod", "checkout")).hasSize(2).allSatisfy(p -> {
        assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", "5b6d7c8f9");
        assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
      });
      assertThat(deployment("shop-prod", "checkout").getStatus().getAvailableReplicas()).isEqualTo(2);
    });
    // As Kubernetes does, the ReplicaSet taken back gets the next revision, and the Deployment shows it.
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      String revision = kube.apps().replicaSets().inNamespace("shop-prod").withName("checkout-5b6d7c8f9").get()
          .getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
      assertThat(Long.parseLong(previous.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")))
          .isLessThan(Long.parseLong(revision));
      assertThat(deployment("shop-prod", "checkout").getMetadata().getAnnotations())
          .containsEntry("deployment.kubernetes.io/revision", revision);
    });
  }

  @Test
  void aCordonedNodeGetsNoNewPodsAndWithEveryNodeCordonedTheyWaitPending() {
    cordon("worker-1", true);
    cordon("worker-2", true);
    scale(5);

    // A new pod is created first and bound to its node by a second write: wait for both.
    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(pods("shop-prod", "checkout"))
        .hasSize(5).filteredOn(p -> p.getMetadata().getName().startsWith("checkout-7d9f8b6c4-")
            && !Map.of("checkout-7d9f8b6c4-x2x9q", 1, "checkout-7d9f8b6c4-r4m2k", 1).containsKey(p.getMetadata().getName()))
        .hasSize(3).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("worker-3")));

    cordon("worker-3", true);
    scale(6);

    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(pods("shop-prod", "checkout"))
        .filteredOn(p -> p.getSpec().getNodeName() == null).singleElement()
        .satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Pending")));

    cordon("worker-1", false);

    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(pods("shop-prod", "checkout")).hasSize(6)
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"))
        .filteredOn(p -> "worker-1".equals(p.getSpec().getNodeName())).isNotEmpty());
  }

  /**
   * With many Deployments in one namespace, each rollout costs the simulator a bounded number of
   * requests and every Deployment reports the new generation observed and available: the simulator
   * reconciles the Deployment that changed, not the whole namespace (which cost 1 + 2 LISTs per
   * Deployment on every event, so it fell seconds behind 100 concurrent remediations).
   */
  @Test
  void manyConcurrentRolloutsInOneNamespaceEachCostABoundedNumberOfRequests() {
    int n = 40;
    List<String> names = IntStream.range(0, n).mapToObj(i -> "many-" + i).toList();
    names.parallelStream().forEach(name -> kube.apps().deployments().inNamespace("payments-staging").resource(
        new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("payments-staging").endMetadata()
            .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
            .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
            .addToContainers(new ContainerBuilder().withName("api").withImage("registry.example/" + name + ":1.0")
                .withNewResources().addToLimits("memory", new Quantity("128Mi")).endResources()
                .addNewEnv().withName(DemoSimulator.MEMORY_NEED).withValue("192Mi").endEnv().build())
            .endSpec().endTemplate().endSpec().build()).create());
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(names).allSatisfy(name ->
        assertThat(pods("payments-staging", name)).singleElement().satisfies(p ->
            assertThat(p.getStatus().getContainerStatuses()).isNotEmpty())));
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> {
      int before = simulatorLists.get() + simulatorOthers.get();
      Thread.sleep(300);
      return simulatorLists.get() + simulatorOthers.get() == before; // settled: nothing left to do
    });
    simulatorLists.set(0);
    simulatorOthers.set(0);
    simulatorRequests.clear();

    names.parallelStream().forEach(name -> editDeployment("payments-staging", name, d -> d.getSpec().getTemplate().getSpec()
        .getContainers().get(0).getResources().getLimits().put("memory", new Quantity("256Mi"))));

    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(names).allSatisfy(name -> {
      Deployment d = deployment("payments-staging", name);
      assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
      assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(1);
      assertThat(pods("payments-staging", name)).singleElement().satisfies(p -> {
        assertThat(p.getSpec().getContainers().get(0).getResources().getLimits().get("memory")).isEqualTo(new Quantity("256Mi"));
        assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
        // The pod's ReplicaSet wants the one replica, the one before it none.
        assertThat(kube.apps().replicaSets().inNamespace("payments-staging").withLabel("app", name).list().getItems())
            .hasSize(2).allSatisfy(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(
                rs.getMetadata().getName().equals(p.getMetadata().getOwnerReferences().get(0).getName()) ? 1 : 0));
      });
    }));
    // A rollout: its ReplicaSet created with the replicas, the old one scaled down, the old pod deleted and a new one
    // created bound and started, the Deployment's revision and status written (7 writes, no read before any); a LIST of
    // its own ReplicaSets and one of its pods per reconcile, and the events of its own writes bring none (about 10 in
    // all; 25.5 before, 11.2 of them LISTs of the whole namespace's ReplicaSets and pods).
    System.out.printf("%d rollouts cost the simulator %d LISTs and %d other requests: %s%n", n, simulatorLists.get(),
        simulatorOthers.get(), simulatorRequests);
    assertThat(simulatorLists.get()).as("LISTs per rollout x %d", n).isLessThanOrEqualTo(5 * n);
    assertThat(simulatorLists.get() + simulatorOthers.get()).as("requests per rollout x %d", n).isLessThanOrEqualTo(16 * n);
  }
}
