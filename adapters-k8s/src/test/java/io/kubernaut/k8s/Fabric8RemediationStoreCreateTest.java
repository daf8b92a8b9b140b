package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.ports.failure.PermanentException;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.remediation.NewRemediation;
import io.kubernaut.ports.remediation.RemediationSummary;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's create of a new AlertRemediation, POSTed to a URL the store resolves once: what the
 * API server stores, what the dedup cache then answers, and how each refusal reaches the intake (a
 * name taken: {@code Fabric8RemediationStoreTest}).
 */
class Fabric8RemediationStoreCreateTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @TempDir
  static Path dir;

  private static MockApi api;
  private static KubernetesClient client;
  private static Fabric8RemediationStore store;

  @BeforeAll
  static void start() {
    api = new MockApi(dir);
    client = api.newClient();
    store = MockApi.store(client);
  }

  @AfterAll
  static void stop() {
    store.close();
    client.close();
    api.close();
  }

  @Test
  void aCreateStoresTheRemediationWithItsLabelsFinalizerAndSpecAndTheCacheAnswersTheServersObject() {
    NewRemediation r = MockApi.remediation("create-stored", "stored", T0);

    store.create(r);

    AlertRemediation stored = client.resources(AlertRemediation.class).inNamespace(MockApi.NAMESPACE)
        .withName("create-stored").get();
    assertThat(stored.getMetadata().getLabels())
        .containsEntry(KubernautLabels.FINGERPRINT, r.fingerprint().labelValue())
        .containsEntry(KubernautLabels.ALERTNAME, "KubePodCrashLooping")
        .containsEntry(KubernautLabels.ENVIRONMENT, "production")
        .containsEntry(KubernautLabels.SEVERITY, "warning")
        .containsEntry(KubernautLabels.MANAGED_BY, "kubernaut")
        .containsKey(KubernautLabels.SHARD);
    assertThat(stored.getMetadata().getFinalizers()).containsExactly(KubernautLabels.REMEDIATION_FINALIZER);
    assertThat(stored.getSpec().getFingerprint()).isEqualTo(r.fingerprint().hex());
    assertThat(stored.getSpec().getLabels()).isEqualTo(r.signal().labels());
    assertThat(stored.getSpec().getReceivedAt()).isEqualTo(T0.toString());
    assertThat(stored.getSpec().getTarget().getName()).isEqualTo("checkout");
    // The dedup cache answers it once the watch has delivered it (a lookup in between may answer the
    // watch's store before the event arrives; a create of that name would then meet AlreadyExists).
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(store.findByFingerprint(r.fingerprint()))
        .extracting(RemediationSummary::name).containsExactly("create-stored"));
  }

  @Test
  void aRemediationTheApiServerRefusesIsPermanentWithTheServersReason() throws Exception {
    String invalid = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
        + "\"AlertRemediation.kubernaut.io \\\"x\\\" is invalid: spec.severity: Unsupported value\",\"reason\":\"Invalid\","
        + "\"code\":422}";
    try (Answering server = new Answering(422, invalid)) {
      assertThatThrownBy(() -> server.store().create(MockApi.remediation("create-refused", "refused", T0)))
          .isInstanceOf(PermanentException.class).hasMessageContaining("422").hasMessageContaining("Unsupported value");
      assertThat(server.paths).containsExactly("POST /apis/kubernaut.io/v1alpha1/namespaces/" + MockApi.NAMESPACE
          + "/alertremediations");
      // Sent as fabric8's own create sends it: the client's credentials, user agent and content type.
      assertThat(server.headers).containsExactly("Bearer " + Answering.TOKEN + " | " + Answering.AGENT
          + " | application/json");
    }
  }

  @Test
  void anApiServerThatCannotAnswerNowIsRetryable() throws Exception {
    try (Answering server = new Answering(503, "{\"kind\":\"Status\",\"code\":503,\"reason\":\"ServiceUnavailable\"}")) {
      assertThatThrownBy(() -> server.store().create(MockApi.remediation("create-later", "later", T0)))
          .isInstanceOf(RetryableException.class).hasMessageContaining("503");
    }
  }

  /** An API server that answers every request with one status and body, and records what it was asked. */
  private static final class Answering implements AutoCloseable {
    static final String TOKEN = "t0ken";
    static final String AGENT = "kubernaut-test-agent";
    final List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Each request's Authorization, User-Agent and Content-Type headers. */
    final List<String> headers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final com.sun.net.httpserver.HttpServer server;
    private final KubernetesClient client;
    private Fabric8RemediationStore store;

    Answering(int status, String body) throws java.io.IOException {
      server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        com.sun.net.httpserver.Headers asked = exchange.getRequestHeaders();
        headers.add(asked.getFirst("Authorization") + " | " + asked.getFirst("User-Agent") + " | "
            + asked.getFirst("Content-Type"));
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
      });
      server.start();
      client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
          .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort()).withNamespace(MockApi.NAMESPACE)
          .withOauthToken(TOKEN).withUserAgent(AGENT).withRequestRetryBackoffLimit(0).build()).build();
    }

    /** A store whose dedup cache is not started (no watch): only the create is asked of this server. */
    Fabric8RemediationStore store() {
      store = new Fabric8RemediationStore(client, MockApi.SETTINGS,
          new CaffeineRecentSignals(client, MockApi.NAMESPACE, java.time.Duration.ofMinutes(10)),
          io.kubernaut.ports.in.EscalateStorm.none());
      return store;
    }

    @Override
    public void close() {
      if (store != null) {
        store.close();
      }
      client.close();
      server.stop(0);
    }
  }

  @Test
  void anUnreachableApiServerIsRetryableSoTheAlertIsAnswered503AndRedelivered() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (KubernetesClient away = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl("http://127.0.0.1:" + closedPort).withNamespace(MockApi.NAMESPACE)
        .withRequestRetryBackoffLimit(0).build()).build();
        Fabric8RemediationStore unreachable = new Fabric8RemediationStore(away, MockApi.SETTINGS,
            new CaffeineRecentSignals(away, MockApi.NAMESPACE, java.time.Duration.ofMinutes(10)),
            io.kubernaut.ports.in.EscalateStorm.none())) {
      assertThatThrownBy(() -> unreachable.create(MockApi.remediation("create-away", "away", T0)))
          .isInstanceOf(RetryableException.class);
    }
  }
}
