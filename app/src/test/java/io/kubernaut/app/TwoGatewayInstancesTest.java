package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two gateway replicas (two stores, two dedup caches, two Javalin servers) sharing one API server. */
class TwoGatewayInstancesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static String fixture(String name) throws Exception {
    try (InputStream in = TwoGatewayInstancesTest.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void fiftyParallelIdenticalPostsThroughTwoGatewaysMakeOneRemediationWith49DuplicatesAndOneEscalationPerThreshold()
      throws Exception {
    // Both replicas send their notifications to one webhook: the escalations of both are counted there.
    List<String> escalations = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/hook", ex -> {
      JsonNode message = JSON.readTree(ex.getRequestBody().readAllBytes());
      if ("STORM".equals(message.path("type").asText())) {
        escalations.add(message.path("idempotencyKey").asText());
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    hook.start();
    Path notify = java.nio.file.Files.writeString(dir.resolve("notify.yaml"), """
        route:
          receiver: hook
        receivers:
          - name: hook
            webhookConfigs:
              - url: http://127.0.0.1:%d/hook
        """.formatted(hook.getAddress().getPort()));
    Map<String, String> env = Map.of("KUBERNAUT_NOTIFY_CONFIG", notify.toString());
    try (KubernetesConnection api = KubernetesConnection.embedded(dir, "kubernaut-system", 0);
        GatewayInstance one = new GatewayInstance(api.url(), env);
        GatewayInstance two = new GatewayInstance(api.url(), env)) {
      String body = fixture("crashlooping-firing.json");
      List<Callable<HttpResponse<String>>> posts = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        GatewayInstance replica = i % 2 == 0 ? one : two;
        posts.add(() -> replica.post("/api/v1/signals/prometheus", body));
      }
      ExecutorService clients = Executors.newFixedThreadPool(50);
      List<Integer> statuses = new ArrayList<>();
      List<String> queued = new ArrayList<>();
      for (Future<HttpResponse<String>> f : clients.invokeAll(posts)) {
        HttpResponse<String> response = f.get();
        statuses.add(response.statusCode());
        JsonNode result = JSON.readTree(response.body()).path("results").path(0);
        result.path("stormQueued").forEach(t -> queued.add(t.asText()));
      }
      clients.shutdown();

      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 202).hasSize(49);
      // Each gateway counts its duplicates and queues the storms they cross in memory, and adds both to status
      // within the flush interval (a crossing queued just after a flush began rides the next one).
      org.awaitility.Awaitility.await().ignoreExceptions().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(api.client().resources(AlertRemediation.class).inNamespace("kubernaut-system").list().getItems())
              .singleElement().satisfies(ar -> {
                assertThat(ar.getStatus().getDuplicates().getCount()).isEqualTo(49);
                assertThat(ar.getStatus().getStorm().getCrossed()).containsExactlyInAnyOrder("count", "rate");
              }));
      List<AlertRemediation> ars = api.client().resources(AlertRemediation.class).inNamespace("kubernaut-system")
          .list().getItems();
      String name = ars.get(0).getMetadata().getName();
      assertThat(ars).singleElement().satisfies(ar ->
          assertThat(ar.getSpec().getSourceFingerprint()).isEqualTo("5b1a0e6b3c2d4f10"));
      // Each replica queues a threshold its answers cross at most once; only the write that records it escalates.
      assertThat(queued).contains("count", "rate").containsOnly("count", "rate");
      assertThat(queued.stream().filter("count"::equals).count()).isBetween(1L, 2L);
      assertThat(queued.stream().filter("rate"::equals).count()).isBetween(1L, 2L);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> escalations.size() >= 2);
      Thread.sleep(1500); // a second flush of either replica, to show it escalates nothing more
      assertThat(escalations).as("one escalation per threshold, across both replicas")
          .containsExactlyInAnyOrder("storm:" + name + ":count", "storm:" + name + ":rate");
    } finally {
      hook.stop(0);
    }
  }
}
