package io.kubernaut.bench;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Demo-like workloads for the benchmark, one per remediation, shaped like the demo's payments-api
 * in namespace payments-staging: a Deployment with its ReplicaSet and one pod whose container was
 * last OOMKilled at a 128Mi limit. Unlike payments-api, the Deployment reports all replicas
 * available, so the monitoring window ends at its first check with the target healthy.
 */
final class BenchWorkloads {

  static final String NAMESPACE = "payments-staging";
  static final String HASH = "5c8d7f9b9";

  private BenchWorkloads() {}

  /** The pod an alert for workload {@code name} names. */
  static String podOf(String name) {
    return name + "-" + HASH + "-aaaaa";
  }

  /** Creates the workloads in {@link #NAMESPACE}, 8 at a time. */
  static void create(KubernetesClient client, List<String> names) throws Exception {
    create(client, NAMESPACE, names);
  }

  /** Creates the workloads in {@code namespace}, 8 at a time. */
  static void create(KubernetesClient client, String namespace, List<String> names) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String name : names) {
        done.add(pool.submit(() -> {
          create(client, namespace, name);
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void create(KubernetesClient client, String namespace, String name) {
    Deployment deployment = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace)
        .addToLabels("app", name).addToAnnotations("deployment.kubernetes.io/revision", "1").endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addToContainers(new ContainerBuilder().withName("api").withImage("registry.example/" + name + ":1.0")
            .withResources(new ResourceRequirementsBuilder()
                .withRequests(Map.of("memory", new Quantity("128Mi"), "cpu", new Quantity("100m")))
                .withLimits(Map.of("memory", new Quantity("128Mi"), "cpu", new Quantity("500m"))).build())
            .build()).endSpec().endTemplate().endSpec()
        .withNewStatus().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).endStatus().build();
    Deployment created = client.resource(deployment).create();
    deployment.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
    client.resource(deployment).updateStatus();
    ReplicaSet rs = client.resource(new ReplicaSetBuilder().withNewMetadata().withName(name + "-" + HASH)
        .withNamespace(namespace).addToLabels("app", name).addToLabels("pod-template-hash", HASH)
        .addToAnnotations("deployment.kubernetes.io/revision", "1")
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment").withName(name)
            .withUid(created.getMetadata().getUid()).withController(true).build())
        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withTemplate(deployment.getSpec().getTemplate()).endSpec().build()).create();
    String ago = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    Pod pod = new PodBuilder().withNewMetadata().withName(podOf(name)).withNamespace(namespace)
        .addToLabels("app", name).addToLabels("pod-template-hash", HASH)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
            .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true).build())
        .endMetadata()
        .withNewSpec().withNodeName("worker-3").addToContainers(deployment.getSpec().getTemplate().getSpec().getContainers().get(0))
        .endSpec()
        .withNewStatus().withPhase("Running").addNewContainerStatus().withName("api").withReady(true).withRestartCount(1)
        .withImage("registry.example/" + name + ":1.0").withNewState().withNewRunning().withStartedAt(ago).endRunning()
        .endState().withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137).withFinishedAt(ago)
        .endTerminated().endLastState().endContainerStatus().endStatus()
        .build();
    client.resource(pod).create();
    client.resource(pod).updateStatus();
  }
}
