package io.kubernaut.k8s.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's own ConfigMaps against the CRUD mock API server: guarded writes, and the last write over a cache that lags. */
@EnableKubernetesMockClient(crud = true)
class GuardedConfigMapTest {

  private static final String NS = "kubernaut-system";

  KubernetesClient client;

  @Test
  void theLastWriteStandsInForAnEmptyCacheOnlyUntilItIsReadAgain() {
    GuardedConfigMap trusted = new GuardedConfigMap(client, "kubernaut-test", "A test.");
    assertThat(trusted.write(NS, null, Map.of("a", "1"))).isTrue();
    assertThat(trusted.latest(NS, null)).as("the cache has not seen the create yet")
        .satisfies(cm -> assertThat(cm.getData()).containsEntry("a", "1"));

    GuardedConfigMap expired = new GuardedConfigMap(client, "kubernaut-test", "A test.", 0);
    ConfigMap stored = client.configMaps().inNamespace(NS).withName("kubernaut-test").get();
    assertThat(expired.write(NS, stored, Map.of("a", "2"))).isTrue();
    assertThat(expired.latest(NS, null)).as("read again: the watch may be down").isNotNull()
        .satisfies(cm -> assertThat(cm.getData()).containsEntry("a", "2"));

    client.configMaps().inNamespace(NS).withName("kubernaut-test").delete();
    assertThat(expired.latest(NS, null)).as("deleted by hand").isNull();
    assertThat(expired.write(NS, stored, Map.of("a", "3"))).as("a write over a deleted one is a conflict").isFalse();
    assertThat(expired.write(NS, null, Map.of("a", "3"))).as("created again").isTrue();
    assertThat(expired.write(NS, null, Map.of("a", "4"))).as("a second create conflicts").isFalse();
  }
}
