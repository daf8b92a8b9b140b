package io.kubernaut.k8s.embedded;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The demo cluster of the embedded mode, matching the shared fixtures: {@code shop-prod} with a
 * crash-looping {@code checkout}, {@code payments-staging} with an OOMKilled {@code payments-api},
 * and nodes {@code worker-1}…{@code worker-3}. Seeding is idempotent: existing objects are kept.
 * The templates carry the markers {@link DemoSimulator} reads: checkout's current revision (2) has
 * {@code DEMO_FAULT=crash-loop}, its previous revision (1, image 1.4.1) does not; payments-api
 * declares {@code DEMO_MEMORY_NEED=192Mi} under a 128Mi limit.
 */
public final class DemoCluster {

  /** The namespaces the demo seeds, which {@link DemoSimulator} plays the controllers for. */
  public static final java.util.Set<String> NAMESPACES = java.util.Set.of("shop-prod", "payments-staging");

  private final KubernetesClient client;

  DemoCluster(KubernetesClient client) {
    this.client = client;
  }

  void seed() {
    for (int i = 1; i <= 3; i++) {
      createIfAbsent(new NodeBuilder().withNewMetadata().withName("worker-" + i)
          .addToLabels("kubernetes.io/hostname", "worker-" + i).endMetadata()
          .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build());
    }
    namespace("shop-prod", "production");
    namespace("payments-staging", "staging");
    // Revision 2 of checkout is the bad one: its containers exit at start (see DemoSimulator).
    workload("shop-prod", "checkout", "checkout", "7d9f8b6c4", 2, "256Mi",
        new EnvVar(DemoSimulator.FAULT, DemoSimulator.CRASH_LOOP, null));
    previousRevision("shop-prod", "checkout", "5b6d7c8f9", "1.4.1");
    crashLoopingPod("shop-prod", "checkout", "7d9f8b6c4", "x2x9q");
    healthyPod("shop-prod", "checkout", "checkout", "7d9f8b6c4", "r4m2k");
    // payments-api needs 192Mi and is limited to 128Mi: OOMKilled until the limit is raised.
    workload("payments-staging", "payments-api", "api", "5c8d7f9b9", 3, "128Mi",
        new EnvVar(DemoSimulator.MEMORY_NEED, "192Mi", null));
    for (String suffix : new String[] {"aaaaa", "bbbbb", "ccccc"}) {
      oomKilledPod("payments-staging", "payments-api", "5c8d7f9b9", suffix);
    }
  }

  private void namespace(String name, String environment) {
    createIfAbsent(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels("kubernaut.io/environment", environment).addToLabels("kubernaut.io/managed", "true")
        .endMetadata().build());
  }

  private void workload(String ns, String name, String container, String hash, int replicas, String memory, EnvVar env) {
    Deployment deployment = createIfAbsent(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .addToLabels("app", name).addToAnnotations("deployment.kubernetes.io/revision", "2").endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addToContainers(new ContainerBuilder().withName(container).withImage("registry.example/" + name + ":1.4.2")
            .withEnv(env)
            .withResources(new ResourceRequirementsBuilder()
                .withRequests(Map.of("memory", new Quantity(memory), "cpu", new Quantity("100m")))
                .withLimits(Map.of("memory", new Quantity(memory), "cpu", new Quantity("500m"))).build())
            .build()).endSpec().endTemplate().endSpec()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(replicas - 1).withAvailableReplicas(replicas - 1).endStatus()
        .build());
    createIfAbsent(new ReplicaSetBuilder().withNewMetadata().withName(name + "-" + hash).withNamespace(ns)
        .addToLabels("app", name).addToLabels("pod-template-hash", hash)
        .addToAnnotations("deployment.kubernetes.io/revision", "2")
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
            .withName(name).withUid(deployment.getMetadata().getUid()).withController(true).build())
        .endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withTemplate(deployment.getSpec().getTemplate()).endSpec().build());
  }

  /** The ReplicaSet of the rollout before the current one, scaled to zero, so a rollback has somewhere to go. */
  private void previousRevision(String ns, String name, String hash, String version) {
    Deployment deployment = client.apps().deployments().inNamespace(ns).withName(name).get();
    var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(deployment.getSpec().getTemplate())
        .editMetadata().addToLabels("pod-template-hash", hash).endMetadata()
        .editSpec().editFirstContainer().withImage("registry.example/" + name + ":" + version)
            .withEnv(java.util.List.of()).endContainer().endSpec()
        .build();
    createIfAbsent(new ReplicaSetBuilder().withNewMetadata().withName(name + "-" + hash).withNamespace(ns)
        .addToLabels("app", name).addToLabels("pod-template-hash", hash)
        .addToAnnotations("deployment.kubernetes.io/revision", "1")
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
            .withName(name).withUid(deployment.getMetadata().getUid()).withController(true).build())
        .endMetadata()
        .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withTemplate(template).endSpec().build());
  }

  private void crashLoopingPod(String ns, String app, String hash, String suffix) {
    pod(ns, app, "checkout", hash, suffix, new ContainerStatusBuilder().withName("checkout").withReady(false)
        .withRestartCount(14).withImage("registry.example/" + app + ":1.4.2")
        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
        .withMessage("back-off 5m0s restarting failed container").endWaiting().endState()
        .withNewLastState().withNewTerminated().withReason("Error").withExitCode(1)
        .withFinishedAt(ago(2)).endTerminated().endLastState().build(), "worker-2");
  }

  private void healthyPod(String ns, String app, String container, String hash, String suffix) {
    pod(ns, app, container, hash, suffix, new ContainerStatusBuilder().withName(container).withReady(true)
        .withRestartCount(0).withImage("registry.example/" + app + ":1.4.2")
        .withNewState().withNewRunning().withStartedAt(ago(120)).endRunning().endState().build(), "worker-1");
  }

  private void oomKilledPod(String ns, String app, String hash, String suffix) {
    pod(ns, app, "api", hash, suffix, new ContainerStatusBuilder().withName("api").withReady(false)
        .withRestartCount(3).withImage("registry.example/" + app + ":1.4.2")
        .withNewState().withNewRunning().withStartedAt(ago(1)).endRunning().endState()
        .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137)
        .withFinishedAt(ago(1)).endTerminated().endLastState().build(), "worker-3");
  }

  private void pod(String ns, String app, String container, String hash, String suffix, ContainerStatus status, String node) {
    ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).withName(app + "-" + hash).get();
    Pod pod = new PodBuilder().withNewMetadata().withName(app + "-" + hash + "-" + suffix).withNamespace(ns)
        .addToLabels("app", app).addToLabels("pod-template-hash", hash)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
            .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true).build())
        .endMetadata()
        .withNewSpec().withNodeName(node).addToContainers(rs.getSpec().getTemplate().getSpec().getContainers().get(0)).endSpec()
        .withNewStatus().withPhase("Running").withContainerStatuses(status).endStatus()
        .build();
    if (client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get() == null) {
      client.resource(pod).create();
      client.resource(pod).updateStatus();
    }
  }

  private <T extends HasMetadata> T createIfAbsent(T object) {
    T existing = client.resource(object).get();
    if (existing != null) {
      return existing;
    }
    T created = client.resource(object).create();
    if (object instanceof Deployment || object instanceof io.fabric8.kubernetes.api.model.Node) {
      // The status subresource ignores status on create; write it as the controllers would.
      object.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
      return client.resource(object).updateStatus();
    }
    return created;
  }

  private static String ago(int minutes) {
    return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
