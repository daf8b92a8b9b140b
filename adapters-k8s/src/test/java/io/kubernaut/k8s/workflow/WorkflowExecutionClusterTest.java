package io.kubernaut.k8s.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernaut.ports.signal.TargetRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Monitoring health check of a workload: one read of the target, its status alone. */
@EnableKubernetesMockClient(crud = true)
class WorkflowExecutionClusterTest {

  private static final String NS = "payments-staging";

  KubernetesClient client;
  KubernetesMockServer server;

  private TargetRef deployment(int replicas, Integer counted, Integer available) {
    Deployment d = client.resource(new DeploymentBuilder().withNewMetadata().withName("payments-api").withNamespace(NS)
        .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "payments-api")
        .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "payments-api").endMetadata()
        .withNewSpec().addNewContainer().withName("api").withImage("api:1").endContainer().endSpec().endTemplate()
        .endSpec().build()).create();
    d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(counted)
        .withAvailableReplicas(available).withReadyReplicas(available).build());
    client.resource(d).updateStatus();
    // A crash-looping pod of the workload: the health check must not need to list the pods to see it.
    client.resource(new PodBuilder().withNewMetadata().withName("payments-api-5c8d7f9b9-aaaaa").withNamespace(NS)
        .addToLabels("app", "payments-api").endMetadata().withNewStatus().addNewContainerStatus().withName("api")
        .withReady(false).withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
        .endContainerStatus().endStatus().build()).create();
    return new TargetRef("Deployment", NS, "payments-api");
  }

  /** Drains the mock API server's request log: method and path of each request. */
  private List<String> requests() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      seen.add(r.getMethod() + " " + r.getPath());
    }
    return seen;
  }

  @Test
  void aDeploymentWithAllItsPodsAvailableIsHealthyOnOneReadOfTheDeployment() throws Exception {
    TargetRef t = deployment(2, 2, 2);
    requests();

    assertThat(new WorkflowExecutionCluster(client, null).healthy(t)).isTrue();

    assertThat(requests()).containsExactly("GET /apis/apps/v1/namespaces/" + NS + "/deployments/payments-api");
  }

  @Test
  void aCrashLoopingPodBesideTheDesiredAvailableOnesIsSeenInTheStatusCountsWithoutListingPods() throws Exception {
    TargetRef t = deployment(2, 3, 2);
    requests();

    assertThat(new WorkflowExecutionCluster(client, null).healthy(t)).isFalse();

    assertThat(requests()).noneMatch(r -> r.contains("/pods"));
  }

  @Test
  void aChangeTheDeploymentControllerHasNotSeenYetIsNotHealthyOnTheStatusOfTheOldTemplate() {
    TargetRef t = deployment(1, 1, 1);
    Deployment seen = client.apps().deployments().inNamespace(NS).withName("payments-api").get();
    seen.getStatus().setObservedGeneration(seen.getMetadata().getGeneration());
    client.resource(seen).updateStatus();
    WorkflowExecutionCluster cluster = new WorkflowExecutionCluster(client, null);
    assertThat(cluster.healthy(t)).isTrue();

    // The action's change: a new generation, which the controller has not rolled out yet.
    Deployment changed = client.apps().deployments().inNamespace(NS).withName("payments-api")
        .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer().withImage("api:2")
            .endContainer().endSpec().endTemplate().endSpec().build());
    assertThat(changed.getMetadata().getGeneration()).isGreaterThan(seen.getMetadata().getGeneration());

    assertThat(cluster.healthy(t)).isFalse();
  }

  @Test
  void fewerAvailableThanDesiredIsNotHealthy() {
    assertThat(new WorkflowExecutionCluster(client, null).healthy(deployment(2, 2, 1))).isFalse();
  }
}
