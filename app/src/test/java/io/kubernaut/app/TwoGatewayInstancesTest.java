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
    try (KubernetesConnection api = KubernetesConnection.embedded(dir, "kubernaut-system", 0);
        GatewayInstance one = new GatewayInstance(api.url(), Map.of());
        GatewayInstance two = new GatewayInstance(api.url(), Map.of())) {
      String body = fixture("crashlooping-firing.json");
      List<Callable<HttpResponse<String>>> posts = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        GatewayInstance replica = i % 2 == 0 ? one : two;
        posts.add(() -> replica.post("/api/v1/signals/prometheus", body));
      }
      ExecutorService clients = Executors.newFixedThreadPool(50);
      List<Integer> statuses = new ArrayList<>();
      List<String> escalations = new ArrayList<>();
      for (Future<HttpResponse<String>> f : clients.invokeAll(posts)) {
        HttpResponse<String> response = f.get();
        statuses.add(response.statusCode());
        JsonNode result = JSON.readTree(response.body()).path("results").path(0);
        result.path("stormEscalated").forEach(t -> escalations.add(t.asText()));
      }
      clients.shutdown();

      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 202).hasSize(49);
      // Each gateway counts its duplicates in memory and adds them to status within the flush interval.
      org.awaitility.Awaitility.await().ignoreExceptions().atMost(java.time.Duration.ofSeconds(2)).untilAsserted(() ->
          assertThat(api.client().resources(AlertRemediation.class).inNamespace("kubernaut-system").list().getItems())
              .singleElement().satisfies(ar -> assertThat(ar.getStatus().getDuplicates().getCount()).isEqualTo(49)));
      List<AlertRemediation> ars = api.client().resources(AlertRemediation.class).inNamespace("kubernaut-system")
          .list().getItems();
      assertThat(ars).singleElement().satisfies(ar -> {
        assertThat(ar.getSpec().getSourceFingerprint()).isEqualTo("5b1a0e6b3c2d4f10");
        assertThat(ar.getStatus().getStorm().getCrossed()).containsExactlyInAnyOrder("count", "rate");
      });
      assertThat(escalations).containsExactlyInAnyOrder("count", "rate");
    }
  }
}
