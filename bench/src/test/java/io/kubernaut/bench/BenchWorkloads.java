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
 *
 * <p>The embedded demo simulator plays the Deployment controller in payments-staging: when it sees
 * the Deployment before the benchmark's ReplicaSet exists, it rolls out a ReplicaSet of its own,
 * and whichever of the two it then takes as current, the other's pod is deleted, so an alert could
 * name a pod that no longer exists. {@link #create} therefore settles each workload: it deletes any
 * ReplicaSet of the Deployment but its own (with its pods), recreates its pod when it went, and
 * returns only when the Deployment has its one ReplicaSet and one pod on two looks in a row.
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
    createWithStatus(client, pod);
    settle(client, namespace, name, created.getMetadata().getUid(), rs.getMetadata().getName(), pod);
  }

  /**
   * Creates the pod and writes its status. The simulator may delete it in between (it took its own
   * ReplicaSet as current): the status write then finds nothing, and {@link #settle} creates it again.
   */
  private static void createWithStatus(KubernetesClient client, Pod pod) {
    try {
      client.resource(pod).create();
      client.resource(pod).updateStatus();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** Undoes a rollout the simulator made in between, until the workload is the benchmark's on two looks 300 ms apart. */
  private static void settle(KubernetesClient client, String namespace, String name, String uid, String rsName, Pod pod) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    int quiet = 0;
    while (quiet < 2) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Workload " + namespace + "/" + name + " did not settle in 60 s");
      }
      boolean clean = true;
      for (ReplicaSet other : client.apps().replicaSets().inNamespace(namespace).withLabel("app", name).list().getItems()) {
        if (!other.getMetadata().getName().equals(rsName) && other.getMetadata().getOwnerReferences() != null
            && other.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()))) {
          client.resource(other).delete();
          clean = false;
        }
      }
      for (Pod p : client.pods().inNamespace(namespace).withLabel("app", name).list().getItems()) {
        if (!p.getMetadata().getName().equals(pod.getMetadata().getName())) {
          client.resource(p).delete();
          clean = false;
        }
      }
      Pod mine = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get();
      if (mine == null || mine.getMetadata().getDeletionTimestamp() != null) {
        pod.getMetadata().setResourceVersion(null);
        createWithStatus(client, pod);
        clean = false;
      }
      quiet = clean ? quiet + 1 : 0;
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while workload " + name + " settled", e);
      }
    }
  }
}
