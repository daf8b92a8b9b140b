package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner resolution against the demo cluster in the CRUD mock. */
class Fabric8ClusterInspectorTest {

  @TempDir
  static Path dir;

  private static MockApi api;
  private static KubernetesClient client;
  private static Fabric8ClusterInspector inspector;

  @BeforeAll
  static void start() {
    api = new MockApi(dir);
    client = api.newClient();
    inspector = new Fabric8ClusterInspector(client, java.time.Clock.systemUTC());
    owned("Pod", "db-0", "StatefulSet", "db");
    owned("Pod", "agent-abcde", "DaemonSet", "agent");
    client.batch().v1().jobs().inNamespace("shop-prod").resource(new JobBuilder().withNewMetadata()
        .withName("report-28000000").withNamespace("shop-prod").withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion("batch/v1").withKind("CronJob").withName("report").withUid("u").withController(true).build())
        .endMetadata().build()).create();
    owned("Pod", "report-28000000-xyz12", "Job", "report-28000000");
  }

  private static void owned(String kind, String name, String ownerKind, String ownerName) {
    HasMetadata pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("shop-prod")
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(ownerKind)
            .withName(ownerName).withUid("u-" + ownerName).withController(true).build()).endMetadata().build();
    client.resource(pod).create();
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
  }

  /**
   * An API server that does not answer leaves the target unknown: the alert is retried (503), not taken with the pod as
   * its target, which would fingerprint the problem apart from its Deployment's and start a second remediation of it
   * once the API server answers again.
   */
  @Test
  void anOwnerThatCannotBeReadBecauseTheApiServerDoesNotAnswerFailsRetryably() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (KubernetesClient unreachable = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
        new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:" + closed)
            .withRequestRetryBackoffLimit(0).withConnectionTimeout(1000).withRequestTimeout(1000).build()).build()) {
      Fabric8ClusterInspector cut = new Fabric8ClusterInspector(unreachable, java.time.Clock.systemUTC());

      org.assertj.core.api.Assertions.assertThatThrownBy(() ->
              cut.topLevelOwner(new TargetRef("Pod", "shop-prod", "checkout-7d9f8b6c4-x2x9q")))
          .isInstanceOf(io.kubernaut.ports.failure.RetryableException.class)
          .hasMessageContaining("Pod/shop-prod/checkout-7d9f8b6c4-x2x9q");
    }
  }

  /** A pod that is gone resolves to itself, as before: there is nothing else to name. */
  @Test
  void aPodThatDoesNotExistIsItsOwnTarget() {
    assertThat(inspector.topLevelOwner(new TargetRef("Pod", "shop-prod", "gone-abcde")))
        .isEqualTo(new TargetRef("Pod", "shop-prod", "gone-abcde"));
  }

  @Test
  void podOfADeploymentResolvesThroughItsReplicaSetToTheDeployment() {
    assertThat(inspector.topLevelOwner(new TargetRef("Pod", "shop-prod", "checkout-7d9f8b6c4-x2x9q")))
        .isEqualTo(new TargetRef("Deployment", "shop-prod", "checkout"));
  }

  @Test
  void theReplicaSetTheOwnerResolutionReadServesTheEnrichmentWithoutAnotherRead() {
    inspector.topLevelOwner(new TargetRef("Pod", "shop-prod", "checkout-7d9f8b6c4-x2x9q"));
    var asRead = client.apps().replicaSets().inNamespace("shop-prod").withName("checkout-7d9f8b6c4").get();
    client.apps().replicaSets().inNamespace("shop-prod").withName("checkout-7d9f8b6c4").edit(rs -> {
      rs.getMetadata().getAnnotations().put("kubernaut.test/changed", "after the owner resolution");
      return rs;
    });

    assertThat(inspector.replicaSet("shop-prod", "checkout-7d9f8b6c4").getMetadata().getResourceVersion())
        .as("the version the owner resolution read, not a new read").isEqualTo(asRead.getMetadata().getResourceVersion());
  }

  @Test
  void podsOfStatefulSetsDaemonSetsAndCronJobsResolveToTheirTopLevelWorkload() {
    assertThat(inspector.topLevelOwner(new TargetRef("Pod", "shop-prod", "db-0")))
        .isEqualTo(new TargetRef("StatefulSet", "shop-prod", "db"));
    assertThat(inspector.topLevelOwner(new TargetRef("Pod", "shop-prod", "agent-abcde")))
        .isEqualTo(new TargetRef("DaemonSet", "shop-prod", "agent"));
    assertThat(inspector.topLevelOwner(new TargetRef("Pod", "shop-prod", "report-28000000-xyz12")))
        .isEqualTo(new TargetRef("CronJob", "shop-prod", "report"));
  }

  @Test
  void aPodGoneSinceItsOwnerWasResolvedStillResolvesToItsWorkloadHoursLater() {
    client.apps().replicaSets().inNamespace("shop-prod").resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
        .withNewMetadata().withName("cart-5c6d").withNamespace("shop-prod").withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion("apps/v1").withKind("Deployment").withName("cart").withUid("u-cart").withController(true).build())
        .endMetadata().build()).create();
    owned("Pod", "cart-5c6d-abcde", "ReplicaSet", "cart-5c6d");
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());
    java.time.Clock clock = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.ofEpochMilli(now.get());
      }
    };
    // Re-reads run on the asking thread, so each answer below follows the re-read before it.
    Fabric8ClusterInspector remembering = new Fabric8ClusterInspector(client, clock, Runnable::run);
    TargetRef pod = new TargetRef("Pod", "shop-prod", "cart-5c6d-abcde");
    TargetRef deployment = new TargetRef("Deployment", "shop-prod", "cart");
    assertThat(remembering.topLevelOwner(pod)).isEqualTo(deployment);

    client.pods().inNamespace("shop-prod").withName("cart-5c6d-abcde").delete();
    now.addAndGet(java.time.Duration.ofMinutes(2).toMillis());
    remembering.topLevelOwner(pod); // the background re-read finds the pod gone
    assertThat(remembering.topLevelOwner(pod)).as("re-read after the pod went away").isEqualTo(deployment);
    now.addAndGet(java.time.Duration.ofHours(3).toMillis());
    assertThat(remembering.topLevelOwner(pod)).as("asked again hours later, as a resolution would").isEqualTo(deployment);
  }

  @Test
  void objectThatDoesNotExistIsItsOwnTarget() {
    TargetRef ghost = new TargetRef("Pod", "shop-prod", "ghost");
    assertThat(inspector.topLevelOwner(ghost)).isEqualTo(ghost);
  }

  @Test
  void namespaceLabelsAreReadAndCached() {
    assertThat(inspector.namespaceLabels("shop-prod")).containsEntry("kubernaut.io/environment", "production");
    client.namespaces().withName("shop-prod").edit(ns -> {
      ns.getMetadata().getLabels().put("kubernaut.io/environment", "staging");
      return ns;
    });
    assertThat(inspector.namespaceLabels("shop-prod")).containsEntry("kubernaut.io/environment", "production");
    assertThat(inspector.namespaceLabels("nowhere")).isEmpty();
  }

  @Test
  void alertsThatArriveTogetherForANamespaceNotRememberedWaitForOneRead() throws Exception {
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    try (KubernetesClient counted = clientSeeing(request -> {
      if (request.uri().getPath().endsWith("/namespaces/shop-prod")) {
        reads.incrementAndGet();
        try {
          Thread.sleep(300); // a slow API server: the other lookups arrive while this read is under way
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    })) {
      Fabric8ClusterInspector fresh = new Fabric8ClusterInspector(counted, java.time.Clock.systemUTC());
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
      try {
        java.util.List<java.util.concurrent.Future<java.util.Map<String, String>>> labels = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
          labels.add(pool.submit(() -> fresh.namespaceLabels("shop-prod")));
        }
        for (var answer : labels) {
          assertThat(answer.get()).containsKey("kubernaut.io/environment");
        }
      } finally {
        pool.shutdown();
      }
      assertThat(reads.get()).as("8 concurrent lookups, one read").isEqualTo(1);
    }
  }

  @Test
  void namespacesNodesAutoscalersAndBudgetsTheInformersHoldAreNotReadAgainAndOthersAre() throws Exception {
    java.util.List<String> reads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    try (KubernetesClient counted = clientSeeing(request -> {
      if ("GET".equals(request.method()) && !String.valueOf(request.uri().getQuery()).contains("watch=true")) {
        reads.add(request.uri().getPath());
      }
    });
        var namespaces = client.namespaces().inform();
        var nodes = client.nodes().inform();
        ContextInformers context = new ContextInformers(client)) {
      client.resource(new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder().withNewMetadata()
          .withName("checkout-hpa").withNamespace("shop-prod").endMetadata().withNewSpec().withMinReplicas(2)
          .withMaxReplicas(6).withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("checkout")
          .endScaleTargetRef().endSpec().build()).create();
      client.resource(new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder().withNewMetadata()
          .withName("checkout-pdb").withNamespace("shop-prod").endMetadata().withNewSpec().withNewSelector()
          .addToMatchLabels("app", "checkout").endSelector().endSpec().build()).create();
      context.start();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> context.autoscalers("shop-prod").map(l -> !l.isEmpty()).orElse(false)
              && context.budgets("shop-prod").map(l -> !l.isEmpty()).orElse(false));
      WatchedCluster watched = new WatchedCluster(
          name -> java.util.Optional.ofNullable(namespaces.getStore().getByKey(name)),
          name -> java.util.Optional.ofNullable(nodes.getStore().getByKey(name)), context::autoscalers, context::budgets);
      Fabric8ClusterInspector informed = new Fabric8ClusterInspector(counted, java.time.Clock.systemUTC(), watched);
      String pod = client.pods().inNamespace("shop-prod").list().getItems().stream()
          .filter(p -> p.getMetadata().getName().startsWith("checkout-") && p.getSpec().getNodeName() != null)
          .findFirst().orElseThrow().getMetadata().getName();

      assertThat(informed.namespaceLabels("shop-prod")).containsKey("kubernaut.io/environment");
      var alertContext = informed.enrichAlert(new TargetRef("Deployment", "shop-prod", "checkout"), pod,
          java.time.Duration.ofSeconds(5));

      assertThat(alertContext.nodes()).as("the node the alert's pod runs on, from the informer")
          .isNotEmpty();
      assertThat(alertContext.degradations()).isEmpty();
      assertThat(alertContext.autoscaler()).as("the watched HPA of the workload").isNotNull()
          .satisfies(a -> assertThat(a.name()).isEqualTo("checkout-hpa"));
      assertThat(alertContext.disruptionBudget()).as("the watched PDB of its pods").isNotNull()
          .satisfies(b -> assertThat(b.name()).isEqualTo("checkout-pdb"));
      assertThat(alertContext.namespaceLabels()).containsKey("kubernaut.io/environment");
      assertThat(reads).as("reads of the API server").isNotEmpty()
          .noneMatch(path -> path.startsWith("/api/v1/nodes") || path.matches("/api/v1/namespaces/[^/]+")
              || path.endsWith("/horizontalpodautoscalers") || path.endsWith("/poddisruptionbudgets"));

      reads.clear();
      assertThat(informed.namespaceLabels("not-watched-yet")).isEmpty();
      assertThat(reads).as("a namespace the informer does not hold is read").containsExactly(
          "/api/v1/namespaces/not-watched-yet");
    }
  }

  /** A client of its own that shows every request to {@code seen} before sending it. */
  private static KubernetesClient clientSeeing(
      java.util.function.Consumer<io.fabric8.kubernetes.client.http.HttpRequest> seen) {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(api.server.url()).build())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("seen",
            new io.fabric8.kubernetes.client.http.Interceptor() {
              @Override
              public void before(io.fabric8.kubernetes.client.http.BasicBuilder builder,
                  io.fabric8.kubernetes.client.http.HttpRequest request, RequestTags tags) {
                seen.accept(request);
              }
            })).build();
  }
}
