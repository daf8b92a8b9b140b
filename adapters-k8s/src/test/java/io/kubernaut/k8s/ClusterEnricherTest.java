package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernaut.k8s.fakes.MovableClock;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * Enrichment of Deployment shop/api against the CRUD mock: every section read on its own, the
 * owner chain from a mocked inspector, unreadable sections and the time budget named as degradations.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MockitoExtension.class)
class ClusterEnricherTest {

  private static final TargetRef API = new TargetRef("Deployment", "shop", "api");
  private static final TargetRef REPLICA_SET = new TargetRef("ReplicaSet", "shop", "api-6d8f");
  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  private static final Duration BUDGET = Duration.ofSeconds(10);

  KubernetesMockServer server;
  KubernetesClient client;

  @Mock
  private Fabric8ClusterInspector owners;

  @BeforeEach
  void seedCluster() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
        .withLabels(Map.of("kubernaut.io/environment", "production")).withAnnotations(Map.of("owner", "team-a"))
        .endMetadata().build()).create();
    client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("api")
        .withNamespace("shop").endMetadata().withNewSpec().withReplicas(2).withNewTemplate().withNewMetadata()
        .withLabels(Map.of("app", "api")).endMetadata().withNewSpec().withContainers(new ContainerBuilder().withName("api")
            .withNewResources().withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")))
            .withLimits(Map.of("memory", new Quantity("256Mi"))).endResources().build())
        .endSpec().endTemplate().endSpec().build()).create();
    pod("api-1", "api", false, 5);
    pod("api-2", "api", true, 0);
    pod("web-1", "web", true, 0);
    event("api-1", "Warning", "BackOff", "2026-11-20T09:59:00Z");
    event("api", "Warning", "ProgressDeadlineExceeded", "2026-11-20T09:58:00Z");
    event("api-1", "Normal", "Pulled", "2026-11-20T09:59:30Z");
    event("web-1", "Warning", "BackOff", "2026-11-20T09:59:40Z");
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
        .withNewSpec().withUnschedulable(true).endSpec().withNewStatus()
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewCondition().withType("MemoryPressure").withStatus("True").endCondition()
        .addNewCondition().withType("DiskPressure").withStatus("False").endCondition()
        .endStatus().build()).create();
    client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("shop").resource(new HorizontalPodAutoscalerBuilder()
        .withNewMetadata().withName("api-hpa").withNamespace("shop").endMetadata().withNewSpec()
        .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("api").endScaleTargetRef()
        .withMinReplicas(2).withMaxReplicas(5).endSpec().withNewStatus().withCurrentReplicas(5).endStatus().build()).create();
    client.policy().v1().podDisruptionBudget().inNamespace("shop").resource(new PodDisruptionBudgetBuilder()
        .withNewMetadata().withName("api-pdb").withNamespace("shop").endMetadata().withNewSpec().withNewSelector()
        .withMatchLabels(Map.of("app", "api")).endSelector().endSpec().withNewStatus().withDisruptionsAllowed(0)
        .endStatus().build()).create();
    replicaSet("api-5c7b", "api", "2");
    replicaSet("api-6d8f", "api", "3");
    replicaSet("web-9f9f", "web", "9");
  }

  private void pod(String name, String app, boolean ready, int restarts) {
    ContainerStatusBuilder container = new ContainerStatusBuilder().withName(app).withReady(ready).withRestartCount(restarts);
    if (ready) {
      container.withNewState().withNewRunning().endRunning().endState();
    } else {
      container.withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
          .withNewLastState().withNewTerminated().withReason("OOMKilled").endTerminated().endLastState();
    }
    client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName(name).withNamespace("shop")
        .withLabels(Map.of("app", app)).endMetadata().withNewSpec().withNodeName("node-a").endSpec()
        .withNewStatus().withPhase("Running").withContainerStatuses(container.build()).endStatus().build()).create();
  }

  private void event(String object, String type, String reason, String lastSeen) {
    client.v1().events().inNamespace("shop").resource(new EventBuilder().withNewMetadata()
        .withName(object + "." + reason.toLowerCase()).withNamespace("shop").endMetadata()
        .withNewInvolvedObject().withKind(object.contains("-") ? "Pod" : "Deployment").withName(object)
        .withNamespace("shop").endInvolvedObject().withType(type).withReason(reason).withMessage(reason + " of " + object)
        .withCount(3).withLastTimestamp(lastSeen).build()).create();
  }

  private void replicaSet(String name, String deployment, String revision) {
    client.apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder().withNewMetadata().withName(name)
        .withNamespace("shop").withAnnotations(Map.of("deployment.kubernetes.io/revision", revision))
        .withCreationTimestamp("2026-11-1" + revision.charAt(0) + "T00:00:00Z")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(deployment).withUid("u-" + deployment)
        .withController(true).endOwnerReference().endMetadata().build()).create();
  }

  private ClusterEnricher enricher(Clock clock) {
    // The inspector remembers namespaces; here it reads them through, so enrichment sees the one in the mock.
    org.mockito.Mockito.lenient().doAnswer(read -> java.util.Optional.ofNullable(
        client.namespaces().withName(read.<String>getArgument(0)).get()))
        .when(owners).namespace(org.mockito.ArgumentMatchers.anyString());
    return new ClusterEnricher(client, owners, WatchedCluster.none(), clock); // nothing watched: everything read
  }

  @Test
  void aDeploymentsPodsEventsNodesResourcesAutoscalerBudgetRolloutAndNamespaceAreGathered() {
    when(owners.ownerChain(API)).thenReturn(List.of(API));

    Enrichment e = enricher(Clock.fixed(NOW, ZoneOffset.UTC)).enrich(API, BUDGET);

    verify(owners).ownerChain(API);
    verify(owners).namespace("shop");
    verifyNoMoreInteractions(owners);
    assertThat(e.degradations()).isEmpty();
    assertThat(e.ownerChain()).containsExactly(API);
    assertThat(e.pods()).extracting(Enrichment.PodState::name).containsExactlyInAnyOrder("api-1", "api-2");
    assertThat(e.pods()).filteredOn(p -> p.name().equals("api-1")).singleElement().satisfies(p -> {
      assertThat(p.ready()).isFalse();
      assertThat(p.restarts()).isEqualTo(5);
      assertThat(p.waitingReason()).isEqualTo("CrashLoopBackOff");
      assertThat(p.lastTerminationReason()).isEqualTo("OOMKilled");
      assertThat(p.node()).isEqualTo("node-a");
    });
    assertThat(e.events()).as("Warnings about the target or its pods, newest first")
        .extracting(Enrichment.EventSummary::reason, Enrichment.EventSummary::object)
        .containsExactly(tuple("BackOff", "Pod/api-1"),
            tuple("ProgressDeadlineExceeded", "Deployment/api"));
    assertThat(e.nodes()).singleElement().satisfies(n -> {
      assertThat(n.name()).isEqualTo("node-a");
      assertThat(n.ready()).isTrue();
      assertThat(n.pressures()).containsExactly("MemoryPressure");
      assertThat(n.unschedulable()).isTrue();
    });
    assertThat(e.containers()).singleElement().isEqualTo(new Enrichment.ContainerResources("api", "100m", null, "128Mi",
        "256Mi"));
    assertThat(e.autoscaler()).isEqualTo(new Enrichment.AutoscalerState("api-hpa", 2, 5, 5));
    assertThat(e.autoscaler().atMaximum()).isTrue();
    assertThat(e.disruptionBudget()).isEqualTo(new Enrichment.DisruptionBudgetState("api-pdb", 0));
    assertThat(e.rollout().replicaSet()).isEqualTo("api-6d8f");
    assertThat(e.rollout().revision()).isEqualTo("3");
    assertThat(e.namespaceLabels()).containsEntry("kubernaut.io/environment", "production");
    assertThat(e.namespaceAnnotations()).containsEntry("owner", "team-a");
  }

  @Test
  void theRolloutIsReadFromThePodsReplicaSetsByNameAndAnotherAlertInTheNamespaceListsNoHpasOrPdbsAgain()
      throws Exception {
    ownedByReplicaSet("api-1", "api-6d8f");
    when(owners.ownerChain(API)).thenReturn(List.of(API));
    // The inspector serves the ReplicaSet its owner resolution read; here it reads it through.
    when(owners.replicaSet("shop", "api-6d8f"))
        .thenAnswer(read -> client.apps().replicaSets().inNamespace("shop").withName("api-6d8f").get());
    ClusterEnricher enricher = enricher(Clock.fixed(NOW, ZoneOffset.UTC));
    requests();

    Enrichment first = enricher.enrich(API, BUDGET);
    List<String> firstRequests = requests();
    Enrichment second = enricher.enrich(API, BUDGET);
    List<String> secondRequests = requests();

    assertThat(first.rollout().replicaSet()).isEqualTo("api-6d8f");
    assertThat(firstRequests).as("the pods' ReplicaSet by name, the namespace's ReplicaSets never listed")
        .contains("GET /apis/apps/v1/namespaces/shop/replicasets/api-6d8f")
        .doesNotContain("GET /apis/apps/v1/namespaces/shop/replicasets");
    assertThat(firstRequests).filteredOn(r -> r.startsWith("GET /api/v1/namespaces/shop/pods"))
        .as("one LIST of the workload's pods").hasSize(1);
    assertThat(second.autoscaler()).isEqualTo(first.autoscaler());
    assertThat(second.disruptionBudget()).isEqualTo(first.disruptionBudget());
    assertThat(second.nodes()).isEqualTo(first.nodes());
    assertThat(secondRequests).as("nodes, HPAs and PDBs read once per period")
        .noneMatch(r -> r.contains("horizontalpodautoscalers") || r.contains("poddisruptionbudgets")
            || r.contains("/nodes/"));
  }

  @Test
  void theAlertsContextListsNothingItTakesTheAlertsOwnPodAsTheOwnerResolutionReadItAndNoEvents() throws Exception {
    ownedByReplicaSet("api-1", "api-6d8f");
    when(owners.ownerChain(API)).thenReturn(List.of(API));
    // The inspector serves the pod and the ReplicaSet its owner resolution read at intake; here it reads them through.
    when(owners.pod("shop", "api-1")).thenAnswer(read -> client.pods().inNamespace("shop").withName("api-1").get());
    when(owners.replicaSet("shop", "api-6d8f"))
        .thenAnswer(read -> client.apps().replicaSets().inNamespace("shop").withName("api-6d8f").get());
    ClusterEnricher enricher = enricher(Clock.fixed(NOW, ZoneOffset.UTC));
    requests();

    Enrichment e = enricher.enrichAlert(API, "api-1", BUDGET);
    List<String> sent = requests();

    assertThat(e.degradations()).isEmpty();
    assertThat(e.pods()).as("the alert's own pod, not every pod of the workload").extracting(Enrichment.PodState::name)
        .containsExactly("api-1");
    assertThat(e.pods().get(0).lastTerminationReason()).isEqualTo("OOMKilled");
    assertThat(e.events()).as("no events on the pipeline's path").isEmpty();
    assertThat(e.rollout().replicaSet()).isEqualTo("api-6d8f");
    assertThat(e.disruptionBudget()).isEqualTo(new Enrichment.DisruptionBudgetState("api-pdb", 0));
    assertThat(e.nodes()).extracting(Enrichment.NodeState::name).containsExactly("node-a");
    assertThat(sent).as("reads by name only, besides the namespace's HPAs and PDBs (listed once per period)")
        .filteredOn(r -> !r.contains("horizontalpodautoscalers") && !r.contains("poddisruptionbudgets"))
        .containsExactlyInAnyOrder("GET /apis/apps/v1/namespaces/shop/deployments/api", "GET /api/v1/namespaces/shop/pods/api-1",
            "GET /apis/apps/v1/namespaces/shop/replicasets/api-6d8f", "GET /api/v1/nodes/node-a",
            "GET /api/v1/namespaces/shop");
  }

  @Test
  void anAlertWithoutAPodTakesTheBudgetFromThePodTemplateAndTheRevisionFromTheDeploymentWithoutAList()
      throws Exception {
    client.apps().deployments().inNamespace("shop").withName("api").edit(d -> {
      d.getMetadata().setAnnotations(Map.of("deployment.kubernetes.io/revision", "3"));
      return d;
    });
    when(owners.ownerChain(API)).thenReturn(List.of(API));
    ClusterEnricher enricher = enricher(Clock.fixed(NOW, ZoneOffset.UTC));
    requests();

    Enrichment e = enricher.enrichAlert(API, null, BUDGET);
    List<String> sent = requests();

    assertThat(e.pods()).isEmpty();
    assertThat(e.disruptionBudget()).isEqualTo(new Enrichment.DisruptionBudgetState("api-pdb", 0));
    assertThat(e.rollout()).isEqualTo(new Enrichment.RolloutState(null, "3", null));
    assertThat(sent).as("no LIST of pods, events or ReplicaSets")
        .noneMatch(r -> r.endsWith("/pods") || r.endsWith("/events") || r.endsWith("/replicasets"));
  }

  /** The requests the mock received since the last call, as {@code METHOD path} without the query. */
  private List<String> requests() throws InterruptedException {
    List<String> seen = new java.util.ArrayList<>();
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      seen.add(r.getMethod() + " " + r.getPath().replaceFirst("\\?.*", ""));
    }
    return seen;
  }

  @Test
  void aNodeTargetIsGatheredWithItsLabelsAndAPodWithTheClaimsItMounts() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cp-1")
        .withLabels(Map.of("node-role.kubernetes.io/control-plane", "")).endMetadata().build()).create();
    client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("db-0").withNamespace("shop")
        .endMetadata().withNewSpec().withNodeName("node-a").addNewVolume().withName("data")
        .withNewPersistentVolumeClaim().withClaimName("data-db-0").endPersistentVolumeClaim().endVolume()
        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume().endSpec().build()).create();
    TargetRef node = new TargetRef("Node", "", "cp-1");
    TargetRef pod = new TargetRef("Pod", "shop", "db-0");
    when(owners.ownerChain(node)).thenReturn(List.of(node));
    when(owners.ownerChain(pod)).thenReturn(List.of(pod));

    Enrichment ofNode = enricher(Clock.fixed(NOW, ZoneOffset.UTC)).enrich(node, BUDGET);
    Enrichment ofPod = enricher(Clock.fixed(NOW, ZoneOffset.UTC)).enrich(pod, BUDGET);

    assertThat(ofNode.nodes()).singleElement().satisfies(n -> {
      assertThat(n.name()).isEqualTo("cp-1");
      assertThat(n.controlPlane()).isTrue();
    });
    assertThat(ofPod.pods()).singleElement().satisfies(p -> assertThat(p.claims()).containsExactly("data-db-0"));
    assertThat(ofPod.nodes()).singleElement().satisfies(n -> assertThat(n.controlPlane()).isFalse());
  }

  @Test
  void anUnreadableSectionIsNamedAsADegradationAndTheOthersAreStillRead() {
    when(owners.ownerChain(API)).thenThrow(new KubernetesClientException("replicasets is forbidden"));
    // 403, not 5xx: the client retries server errors with backoff, which would only slow the test.
    server.expect().get().withPath("/api/v1/namespaces/shop/events").andReturn(403, "events is forbidden").always();

    Enrichment e = enricher(Clock.fixed(NOW, ZoneOffset.UTC)).enrich(API, BUDGET);

    assertThat(e.ownerChain()).as("the target itself, when its owners cannot be read").containsExactly(API);
    assertThat(e.events()).isEmpty();
    assertThat(e.degradations()).hasSize(2);
    assertThat(e.degradations().get(0)).isEqualTo("Could not read owner chain: replicasets is forbidden");
    assertThat(e.degradations().get(1)).startsWith("Could not read events: ");
    assertThat(e.pods()).hasSize(2);
    assertThat(e.rollout()).isNotNull();
  }

  @Test
  void whenTheTimeBudgetRunsOutTheRemainingSectionsAreSkippedAndNamed() {
    when(owners.ownerChain(API)).thenReturn(List.of(API));

    Enrichment e = enricher(new MovableClock(NOW, Duration.ofSeconds(1))).enrich(API, Duration.ofSeconds(3));

    assertThat(e.containers()).as("the workload template was read within the budget").hasSize(1);
    assertThat(e.pods()).isEmpty();
    assertThat(e.degradations()).containsExactly(
        "Skipped pods: the enrichment time budget ran out.",
        "Skipped events: the enrichment time budget ran out.",
        "Skipped nodes: the enrichment time budget ran out.",
        "Skipped autoscaler: the enrichment time budget ran out.",
        "Skipped disruption budget: the enrichment time budget ran out.",
        "Skipped rollout: the enrichment time budget ran out.",
        "Skipped namespace: the enrichment time budget ran out.");
  }

  @Test
  void aPodTargetIsReadItselfWithTheOwnerChainTheInspectorResolves() {
    TargetRef pod = new TargetRef("Pod", "shop", "api-1");
    when(owners.ownerChain(pod)).thenReturn(List.of(pod, REPLICA_SET, API));

    Enrichment e = enricher(Clock.fixed(NOW, ZoneOffset.UTC)).enrich(pod, BUDGET);

    assertThat(e.ownerChain()).containsExactly(pod, REPLICA_SET, API);
    assertThat(e.pods()).extracting(Enrichment.PodState::name).containsExactly("api-1");
    assertThat(e.events()).extracting(Enrichment.EventSummary::object).containsExactly("Pod/api-1");
    assertThat(e.autoscaler()).as("no autoscaler targets a pod").isNull();
    assertThat(e.rollout()).as("only a Deployment has a rollout").isNull();
  }

  /** Makes the pod {@code pod} in shop owned by the ReplicaSet {@code replicaSet}. */
  private void ownedByReplicaSet(String pod, String replicaSet) {
    client.pods().inNamespace("shop").withName(pod).edit(p -> {
      p.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
          .withApiVersion("apps/v1").withKind("ReplicaSet").withName(replicaSet).withUid("u-rs").withController(true)
          .build()));
      return p;
    });
  }
}
