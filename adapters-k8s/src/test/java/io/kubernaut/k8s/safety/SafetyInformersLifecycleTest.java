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
}
