package io.kubernaut.k8s.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/**
 * The safety informers start once and never after their close: a stop that came while the
 * controllers were starting closes them, and the start step that runs after it must not leave
 * informers running that nothing closes.
 */
@EnableKubernetesMockClient(crud = true)
class SafetyInformersLifecycleTest {

  private static final String NS = "kubernaut-system";

  KubernetesClient client;
  io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;

  @Test
  void aStartCachesAndAStartAfterTheCloseStartsNothing() {
    SafetyInformers started = new SafetyInformers(client, NS);
    try {
      started.start();
      assertThat(started.cached()).as("a start lists and caches").isTrue();
    } finally {
      started.close();
    }

    SafetyInformers closedFirst = new SafetyInformers(client, NS);
    closedFirst.close();
    closedFirst.start();
    assertThat(closedFirst.cached()).as("closed before its start: reads go to the API server").isFalse();
    assertThat(closedFirst.notWatching()).as("no informer runs").isEmpty();
  }

  @Test
  void namespacesAndNodesAreHandedOutWhileTheInformersWatchAndNotBeforeOrAfter() {
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName("shop").addToLabels("kubernaut.io/environment", "production").endMetadata().build()).create();
    client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("worker-1")
        .endMetadata().build()).create();
    SafetyInformers informers = new SafetyInformers(client, NS);
    assertThat(informers.watchedNamespace("shop")).as("before the start: the caller reads").isEmpty();

    informers.start();
    try {
      assertThat(informers.watchedNamespace("shop")).get()
          .satisfies(ns -> assertThat(ns.getMetadata().getLabels()).containsEntry("kubernaut.io/environment", "production"));
      assertThat(informers.watchedNode("worker-1")).isPresent();
      assertThat(informers.watchedNamespace("created-a-moment-ago")).as("not held: the caller reads").isEmpty();
    } finally {
      informers.close();
    }
    assertThat(informers.watchedNamespace("shop")).as("after the stop: the caller reads").isEmpty();
    assertThat(informers.watchedNode("worker-1")).isEmpty();
  }
  @Test
  void whileTheWatchIsDownNamespacesAndNodesAreReadFromTheApiServerNotTheCopy() {
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName("shop").endMetadata().build()).create();
    client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("worker-1")
        .endMetadata().build()).create();
    SafetyInformers informers = new SafetyInformers(client, NS);
    informers.start();
    try {
      assertThat(informers.watchedNamespace("shop")).isPresent();

      server.destroy(); // the API server goes away: what the watches copied may go stale

      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(informers.watchedNamespace("shop")).as("a namespace during the outage").isEmpty();
        assertThat(informers.watchedNode("worker-1")).as("a node during the outage").isEmpty();
      });
    } finally {
      informers.close();
    }
  }
}
