package io.kubernaut.k8s.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The clients of the embedded mode share the server's client's Vert.x, which outlives each of them. */
class EmbeddedApiServerTest {

  @Test
  void aClientOnTheSharedVertxWorksAndClosingItLeavesTheServersClientWorking() throws Exception {
    try (EmbeddedApiServer server = new EmbeddedApiServer(Files.createTempDirectory("embedded-vertx"), "kubernaut-system", 0)
        .start()) {
      try (KubernetesClient other = new KubernetesClientBuilder()
          .withConfig(new ConfigBuilder().withMasterUrl(server.url()).withNamespace("default").build())
          .withHttpClientFactory(server.httpClients()).build()) {
        other.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("shared")
            .endMetadata().addToData("k", "v").build()).create();
      }

      assertThat(server.client().configMaps().inNamespace("default").withName("shared").get().getData())
          .as("read by the server's own client after the other one closed").containsEntry("k", "v");
      try (KubernetesClient again = new KubernetesClientBuilder()
          .withConfig(new ConfigBuilder().withMasterUrl(server.url()).build())
          .withHttpClientFactory(server.httpClients()).build()) {
        assertThat(again.configMaps().inNamespace("default").withName("shared").get()).isNotNull();
      }
    }
  }
}
