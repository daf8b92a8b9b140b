package io.kubernaut.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The operator's connection to an API server: a real cluster (in-cluster config or
 * {@code KUBECONFIG}), or the embedded one.
 */
public final class KubernetesConnection implements AutoCloseable {

  private final KubernetesClient client;
  private final EmbeddedApiServer embedded;

  private KubernetesConnection(KubernetesClient client, EmbeddedApiServer embedded) {
    this.client = client;
    this.embedded = embedded;
  }

  /** Connects to the cluster named by the in-cluster service account or the kubeconfig. */
  public static KubernetesConnection cluster() {
    return new KubernetesConnection(new KubernetesClientBuilder().build(), null);
  }

  /** Starts the embedded API server and connects to it. */
  public static KubernetesConnection embedded(Path dataDir, String namespace, int port) {
    EmbeddedApiServer server = new EmbeddedApiServer(dataDir, namespace, port).start();
    return new KubernetesConnection(server.client(), server);
  }

  /** Connects to an already running API server at {@code url}, e.g. one a test started. */
  public static KubernetesConnection at(String url) {
    return new KubernetesConnection(new KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(url).withTrustCerts(true)
            .withNamespace("default").build()).build(), null);
  }

  public KubernetesClient client() {
    return client;
  }

  /** The API server's URL. */
  public String url() {
    return client.getMasterUrl().toString();
  }

  /** The embedded server's kubeconfig, when this connection is embedded. */
  public Optional<Path> kubeconfig() {
    return Optional.ofNullable(embedded).map(EmbeddedApiServer::kubeconfig);
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    } else {
      client.close();
    }
  }
}
