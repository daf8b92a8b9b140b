package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators come and go while the API server stays: the pipeline continues from status with no
 * duplicate children, and with two instances only the Lease holder reconciles.
 */
@Tag("drill")
class RestartAndLeadershipTest {

  private static final String NS = "kubernaut-system";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private static OperatorConfig config(Path dataDir, String identity) {
    // One audit key for every replica, as the chart's Secret gives them: the results one seals, the other verifies.
    return OperatorConfig.from(Map.of("KUBERNAUT_MODE", "embedded", "KUBERNAUT_HTTP_PORT", "0",
        "KUBERNAUT_DATA_DIR", dataDir.toString(), "KUBERNAUT_POD_NAME", identity, "KUBERNAUT_API_TOKEN", "t0ken",
        "KUBERNAUT_AUDIT_KEY", "restart-and-leadership-test-audit-key-0123456789"));
  }

  private static String post(Kubernaut k, String fixture) throws Exception {
    String body;
    try (InputStream in = RestartAndLeadershipTest.class.getResourceAsStream("/fixtures/alertmanager/" + fixture)) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + k.httpPort() + "/api/v1/signals/prometheus"))
        .header("Authorization", "Bearer t0ken").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(201);
    return new ObjectMapper().readTree(r.body()).path("results").get(0).path("remediation").asText();
  }

  @Test
  void aNewOperatorContinuesThePipelineFromStatusWithoutDuplicateChildren() throws Exception {
    try (KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), NS, 0)) {
      var kube = api.client();
      String name;
      try (Kubernaut first = Kubernaut.startOn(config(dir.resolve("one"), "one"), api)) {
        name = post(first, "crashlooping-firing.json");
        await().ignoreExceptions().atMost(Duration.ofSeconds(15)).until(() -> kube.resources(AlertRemediation.class)
            .inNamespace(NS).withName(name).get().getStatus().getPhaseHistory().stream()
            .anyMatch(t -> "Analyzing".equals(t.getPhase())));
      }
      List<PhaseTransition> before = kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get()
          .getStatus().getPhaseHistory();

      try (Kubernaut second = Kubernaut.startOn(config(dir.resolve("two"), "two"), api)) {
        String other = post(second, "oomkilled-batch.json");
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          AlertRemediation ar = kube.resources(AlertRemediation.class).inNamespace(NS).withName(other).get();
          assertThat(ar.getStatus()).isNotNull();
          assertThat(ar.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase).contains("Analyzing");
        });
        AlertRemediation resumed = kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
        assertThat(resumed.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
            .startsWith(before.stream().map(PhaseTransition::getPhase).toArray(String[]::new))
            .doesNotHaveDuplicates();
        assertThat(kube.resources(AlertProcessing.class).inNamespace(NS).withLabel(KubernautLabels.REMEDIATION, name)
            .list().getItems()).hasSize(1);
        assertThat(kube.resources(AIAnalysis.class).inNamespace(NS).withLabel(KubernautLabels.REMEDIATION, name)
            .list().getItems()).hasSize(1);
        // The second operator goes on with the results the first sealed (RestartDrillTest fails without one key).
        AlertRemediation onwards = await().atMost(Duration.ofSeconds(30)).until(() -> kube.resources(AlertRemediation.class)
            .inNamespace(NS).withName(name).get(), ar -> ar.getStatus().getPhase().isTerminal());
        assertThat(onwards.getStatus().getPhase()).as(onwards.getStatus().getMessage()).isNotEqualTo(RemediationPhase.Failed);
      }
    }
  }

  @Test
  void withTwoInstancesOnlyTheLeaseHolderReconcilesAndTheOtherTakesOverWhenItStops() throws Exception {
    try (KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), NS, 0)) {
      var kube = api.client();
      Kubernaut leader = Kubernaut.startOn(config(dir.resolve("a"), "replica-a"), api);
      await().ignoreExceptions().atMost(Duration.ofSeconds(15)).until(() -> holder(api) != null);
      assertThat(holder(api)).isEqualTo("replica-a");
      try (Kubernaut follower = Kubernaut.startOn(config(dir.resolve("b"), "replica-b"), api)) {
        String name = post(follower, "crashlooping-firing.json");
        await().ignoreExceptions().atMost(Duration.ofSeconds(15)).until(() ->
            kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get().getStatus() != null);
        assertThat(holder(api)).isEqualTo("replica-a");

        leader.close();
        await().ignoreExceptions().atMost(Duration.ofSeconds(45)).until(() -> "replica-b".equals(holder(api)));
        String next = post(follower, "oomkilled-batch.json");
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> {
          AlertRemediation ar = kube.resources(AlertRemediation.class).inNamespace(NS).withName(next).get();
          return ar.getStatus() != null && ar.getStatus().getPhase() != null;
        });
      }
    }
  }

  private static String holder(KubernetesConnection api) {
    Lease lease = api.client().leases().inNamespace(NS).withName("kubernaut-leader").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
