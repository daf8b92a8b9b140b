package io.kubernaut.k8s.embedded;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.kubernaut.k8s.OperatorClientFitter;
import io.kubernaut.k8s.crd.CrdCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Kubernetes API: fabric8's mock server in CRUD mode (its objects indexed by name,
 * {@link IndexedCrudDispatcher}) with Kubernaut's CRDs installed,
 * discovery registered for kubectl, the demo cluster seeded, and a kubeconfig written. It keeps its
 * objects in memory: they are gone when the process stops.
 */
public final class EmbeddedApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedApiServer.class);

  private final Path dataDir;
  private final String namespace;
  private final int port;
  private KubernetesMockServer server;
  private IndexedCrudDispatcher dispatcher;
  private KubernetesClient client;
  private Vertx clientVertx;
  private java.util.concurrent.ScheduledExecutorService drainer;

  /**
   * @param dataDir where the kubeconfig is written
   * @param namespace the operator's namespace, created at start
   * @param port the port to listen on; 0 picks a free one
   */
  public EmbeddedApiServer(Path dataDir, String namespace, int port) {
    this.dataDir = dataDir;
    this.namespace = namespace;
    this.port = port;
  }

  /** Starts the server, installs the CRDs, seeds the demo cluster and writes the kubeconfig. */
  public EmbeddedApiServer start() {
    JulBridge.install();
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    List<CustomResourceDefinition> crds = CrdCatalog.definitions();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new ApiDiscovery(dispatcher = new IndexedCrudDispatcher(), crds), false);
    server.init(InetAddress.getLoopbackAddress(), port);
    clientVertx = clientVertx();
    client = server.createClient(b -> OperatorClientFitter.fit(b.withHttpClientFactory(httpClients()),
        OperatorClientFitter.Strings.AS_PARSED));
    for (CustomResourceDefinition crd : crds) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
        .addToLabels("kubernaut.io/system", "true").endMetadata().build()).create();
    new DemoCluster(client).seed();
    writeKubeconfig();
    if (!Boolean.getBoolean("kubernaut.embedded.keepRequestLog")) {
      drainRecordedRequests();
    }
    LOG.info("Embedded Kubernetes API listening on {} with {} CRDs and the demo cluster", url(), crds.size());
    return this;
  }

  /** The API server's base URL. */
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** A client connected to the embedded server, owned by this object. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * Makes HTTP clients on the one Vert.x that {@link #client()} uses, for the other clients of this
   * process (the demo simulator's): fabric8 starts a Vert.x, with its own event loops, per client
   * otherwise. The clients it makes do not close it; this server does, when it closes.
   */
  public HttpClient.Factory httpClients() {
    return new VertxHttpClientFactory(clientVertx);
  }

  /**
   * A Vert.x configured as fabric8 configures the one it starts per client: daemon threads, no file
   * caching or classpath resolving, and the JDK's DNS resolver.
   */
  private static Vertx clientVertx() {
    String dns = System.getProperty("vertx.disableDnsResolver");
    System.setProperty("vertx.disableDnsResolver", "true");
    try {
      return Vertx.vertx(new VertxOptions().setUseDaemonThread(true)
          .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
    } finally {
      if (dns == null) {
        System.clearProperty("vertx.disableDnsResolver");
      } else {
        System.setProperty("vertx.disableDnsResolver", dns);
      }
    }
  }

  /** Where the kubeconfig for kubectl was written. */
  public Path kubeconfig() {
    return dataDir.resolve("kubeconfig");
  }

  /**
   * The mock server records every request in an unbounded queue for tests to inspect; a running
   * operator never reads it, so it is emptied every few seconds to keep the heap flat.
   */
  private void drainRecordedRequests() {
    drainer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "embedded-api-request-log-drain");
      t.setDaemon(true);
      return t;
    });
    drainer.scheduleWithFixedDelay(() -> {
      try {
        while (server.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
          // discard
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
  }

  private void writeKubeconfig() {
    String yaml = String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: kubernaut-embedded",
        "  cluster:",
        "    server: " + url(),
        "contexts:",
        "- name: kubernaut-embedded",
        "  context:",
        "    cluster: kubernaut-embedded",
        "    namespace: " + namespace,
        "    user: kubernaut-embedded",
        "current-context: kubernaut-embedded",
        "users:",
        "- name: kubernaut-embedded",
        "  user:",
        "    token: embedded",
        "");
    try {
      Files.createDirectories(dataDir);
      Files.writeString(kubeconfig(), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the kubeconfig to " + kubeconfig(), e);
    }
  }

  @Override
  public void close() {
    if (drainer != null) {
      drainer.shutdownNow();
    }
    if (client != null) {
      client.close();
    }
    if (clientVertx != null) {
      clientVertx.close();
    }
    if (server != null) {
      server.destroy();
    }
  }
}
