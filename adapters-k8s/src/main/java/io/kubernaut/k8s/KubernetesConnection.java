package io.kubernaut.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.crd.CrdCatalog;
import io.kubernaut.k8s.embedded.DemoCluster;
import io.kubernaut.k8s.embedded.DemoSimulator;
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
  private final DemoSimulator simulator;

  private KubernetesConnection(KubernetesClient client, EmbeddedApiServer embedded, DemoSimulator simulator) {
    this.client = client;
    this.embedded = embedded;
    this.simulator = simulator;
    registerKinds(client);
  }

  /**
   * Tells the client's deserialiser the Java type of each Kubernaut kind. Without it, fabric8 makes the
   * object of every watch event of these kinds a {@code GenericKubernetesResource} and then converts that
   * into the watched type (writes it out and reads it again); a GET or LIST, which names the type, never
   * did. A malformed object fails either way, as before: the watch closes and relists.
   */
  static void registerKinds(KubernetesClient client) {
    for (Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> kind : CrdCatalog.KINDS) {
      client.getKubernetesSerialization().registerKubernetesResource(kind);
    }
  }

  /**
   * How often fabric8 retries a request the API server did not answer (100 ms, then 200 ms). Its
   * default (10 with exponential backoff) kept an unreachable API server from surfacing for
   * 10-20 s, longer than Alertmanager waits; the gateway must answer 503 quickly so that it
   * retries, and the reconcilers have JOSDK's own retry with backoff.
   */
  static final int REQUEST_RETRIES = 2;

  /** Connects to the cluster named by the in-cluster service account or the kubeconfig. */
  public static KubernetesConnection cluster() {
    io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.autoConfigure(null);
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    return new KubernetesConnection(OperatorClientFitter.fit(new KubernetesClientBuilder().withConfig(config),
        OperatorClientFitter.Strings.SHARED).build(), null, null);
  }

  /**
   * Starts the embedded API server, connects to it, and starts the demo simulator that plays the
   * controllers and the kubelet for the demo namespaces (embedded mode only).
   */
  public static KubernetesConnection embedded(Path dataDir, String namespace, int port) {
    EmbeddedApiServer server = new EmbeddedApiServer(dataDir, namespace, port).start();
    // On the operator's client's Vert.x: one set of event loops for the process's clients, not one per client.
    KubernetesClient simulatorClient = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(server.url()).withNamespace("default").withUserAgent(DemoSimulator.USER_AGENT).build())
        .withHttpClientFactory(server.httpClients()).withKubernetesSerialization(DirectUnmarshaller.plain()).build();
    return new KubernetesConnection(server.client(), server,
        new DemoSimulator(simulatorClient, DemoCluster.NAMESPACES).start());
  }

  /** Connects to an already running API server at {@code url}, e.g. one a test started. */
  public static KubernetesConnection at(String url) {
    return at(url, http -> { });
  }

  /**
   * As {@link #at(String)}, with {@code http} shaping the client's HTTP client (a test's interceptor
   * that holds a request, say).
   */
  public static KubernetesConnection at(String url,
      java.util.function.Consumer<io.fabric8.kubernetes.client.http.HttpClient.Builder> http) {
    return new KubernetesConnection(OperatorClientFitter.fit(new KubernetesClientBuilder()
        .withHttpClientBuilderConsumer(http::accept)
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(url).withTrustCerts(true)
            .withNamespace("default").withRequestRetryBackoffLimit(REQUEST_RETRIES).build()),
        OperatorClientFitter.Strings.SHARED).build(), null, null);
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
    if (simulator != null) {
      simulator.close();
    }
    if (embedded != null) {
      embedded.close();
    } else {
      client.close();
    }
  }
}
