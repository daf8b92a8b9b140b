package io.kubernaut.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

/** The operator's client, as fitted in cluster and in embedded mode: its parser and its event thread. */
class OperatorClientFitterTest {

  private static KubernetesClient client(OperatorClientFitter.Strings strings) {
    // Never connects: building a client opens nothing.
    return OperatorClientFitter.fit(new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:9").build()), strings).build();
  }

  private static String label(KubernetesClient client, String name) {
    // Built at run time so that the value is no compile-time constant (those are interned anyway).
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"labels\":{\"app\":\"" + new StringBuilder("checkout-").append(7) + "\"}}}";
    return client.getKubernetesSerialization().unmarshal(json, ConfigMap.class).getMetadata().getLabels().get("app");
  }

  @Test
  void theClusterClientSharesShortValuesAndParsesDirectly() {
    try (KubernetesClient client = client(OperatorClientFitter.Strings.SHARED)) {
      assertInstanceOf(DirectUnmarshaller.class, client.getKubernetesSerialization());
      String first = label(client, "a");
      assertEquals("checkout-7", first);
      assertSame(first, label(client, "b"));
    }
  }

  @Test
  void theEmbeddedClientParsesDirectlyAndKeepsValuesAsParsed() {
    try (KubernetesClient client = client(OperatorClientFitter.Strings.AS_PARSED)) {
      assertInstanceOf(DirectUnmarshaller.class, client.getKubernetesSerialization());
      String first = label(client, "a");
      assertEquals("checkout-7", first);
      assertNotSame(first, label(client, "b"));
    }
  }
}
