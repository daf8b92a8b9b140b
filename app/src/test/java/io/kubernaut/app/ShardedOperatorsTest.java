package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.Shard;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.PhaseTransition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two operators, shards 0/2 and 1/2, on one API server: each reconciles the remediations of its
 * shard only, under its own Lease; either gateway accepts alerts for both; stopping one leaves the
 * other's remediations going and its own untouched; shard 0 takes what belongs to no shard.
 */
@Tag("drill")
class ShardedOperatorsTest {

  private static final String NS = "kubernaut-system";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Shard TWO = new Shard(0, 2);

  @TempDir
  Path dir;

  private static OperatorConfig config(Path dataDir, String shard) {
    return OperatorConfig.from(Map.of("KUBERNAUT_MODE", "embedded", "KUBERNAUT_HTTP_PORT", "0",
        "KUBERNAUT_DATA_DIR", dataDir.toString(), "KUBERNAUT_POD_NAME", "shard-" + shard.charAt(0),
        "KUBERNAUT_API_TOKEN", "t0ken", "KUBERNAUT_SHARD", shard));
  }

  /** The first of {@code shop-0, shop-1, …} whose remediations belong to {@code shard} of two. */
  private static String namespaceOfShard(int shard) {
    return IntStream.range(0, 100).mapToObj(i -> "shop-" + i).filter(ns -> TWO.of(ns) == shard).findFirst().orElseThrow();
  }

  private static String post(Kubernaut k, String alertName, String namespace) throws Exception {
    String body = "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"kubernaut\",\"groupLabels\":{},"
        + "\"commonLabels\":{},\"commonAnnotations\":{},\"externalURL\":\"http://am\",\"alerts\":[{\"status\":\"firing\","
        + "\"labels\":{\"alertname\":\"" + alertName + "\",\"namespace\":\"" + namespace + "\",\"deployment\":\"app\","
        + "\"severity\":\"warning\"},\"annotations\":{\"summary\":\"sharding\"},\"startsAt\":\"2026-11-20T10:00:00Z\","
        + "\"fingerprint\":\"0123456789abcdef\"}]}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + k.httpPort() + "/api/v1/signals/prometheus"))
        .header("Authorization", "Bearer t0ken").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new ObjectMapper().readTree(r.body()).path("results").get(0).path("remediation").asText();
  }

  private static AlertRemediation ar(KubernetesClient kube, String name) {
    return kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
  }

  private static void awaitReconciled(KubernetesClient kube, String name) {
    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(ar(kube, name).getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
            .contains("Analyzing"));
  }

  @Test
  void eachShardsOperatorReconcilesOnlyItsRemediationsAndStoppingOneLeavesTheOthersGoing() throws Exception {
    String ns0 = namespaceOfShard(0);
    String ns1 = namespaceOfShard(1);
    try (KubernetesConnection api = KubernetesConnection.embedded(dir.resolve("api"), NS, 0)) {
      KubernetesClient kube = api.client();
      Kubernaut zero = Kubernaut.startOn(config(dir.resolve("zero"), "0/2"), api);
      try {
        String firstOfOne;
        try (Kubernaut one = Kubernaut.startOn(config(dir.resolve("one"), "1/2"), api)) {
          await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(holder(api, "kubernaut-leader-shard-0")).isEqualTo("shard-0");
            assertThat(holder(api, "kubernaut-leader-shard-1")).isEqualTo("shard-1");
          });
          // Either gateway takes alerts for both shards.
          String firstOfZero = post(one, "ShardedCrashLooping", ns0);
          firstOfOne = post(zero, "ShardedCrashLooping", ns1);
          assertThat(ar(kube, firstOfZero).getMetadata().getLabels()).containsEntry(KubernautLabels.SHARD, "0");
          assertThat(ar(kube, firstOfOne).getMetadata().getLabels()).containsEntry(KubernautLabels.SHARD, "1");
          awaitReconciled(kube, firstOfZero);
          awaitReconciled(kube, firstOfOne);
          for (String name : List.of(firstOfZero, firstOfOne)) {
            String shard = ar(kube, name).getMetadata().getLabels().get(KubernautLabels.SHARD);
            assertThat(children(kube, AlertProcessing.class, name)).as("one AlertProcessing of " + name).singleElement()
                .satisfies(c -> assertThat(c.getMetadata().getLabels()).containsEntry(KubernautLabels.SHARD, shard));
            assertThat(children(kube, AIAnalysis.class, name)).as("one AIAnalysis of " + name).singleElement()
                .satisfies(c -> assertThat(c.getMetadata().getLabels()).containsEntry(KubernautLabels.SHARD, shard));
            assertThat(ar(kube, name).getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
                .as("no phase entered twice").doesNotHaveDuplicates();
          }
        }
        List<String> stoppedWith = history(kube, firstOfOne);

        // Shard 1's operator is gone: shard 0 goes on, shard 1's remediations wait for their own operator.
        String laterOfZero = post(zero, "ShardedOOMKilled", ns0);
        String laterOfOne = post(zero, "ShardedOOMKilled", ns1);
        awaitReconciled(kube, laterOfZero);
        Thread.sleep(3_000);
        assertThat(ar(kube, laterOfOne).getStatus()).as("shard 1's new remediation is not reconciled by shard 0")
            .satisfiesAnyOf(status -> assertThat(status).isNull(),
                status -> assertThat(status.getPhaseHistory()).isNullOrEmpty());
        assertThat(history(kube, firstOfOne)).as("shard 1's earlier remediation untouched").isEqualTo(stoppedWith);
        assertThat(children(kube, AlertProcessing.class, laterOfOne)).isEmpty();

        // What belongs to no shard is shard 0's: a label removed by hand (or never stamped, as before shards existed),
        // a label naming a shard that does not run (edited by hand, or a shard gone after n was lowered). Before, no
        // replica reconciled them, and the gateway counted every later alert of their problem as a duplicate.
        String strayOfOne = post(zero, "ShardedDiskPressure", ns1);
        kube.resources(AlertRemediation.class).inNamespace(NS).withName(laterOfOne).edit(a -> {
          a.getMetadata().getLabels().remove(KubernautLabels.SHARD);
          return a;
        });
        kube.resources(AlertRemediation.class).inNamespace(NS).withName(strayOfOne).edit(a -> {
          a.getMetadata().getLabels().put(KubernautLabels.SHARD, "7");
          return a;
        });
        awaitReconciled(kube, laterOfOne);
        awaitReconciled(kube, strayOfOne);
        for (String name : List.of(laterOfOne, strayOfOne)) {
          assertThat(children(kube, AlertProcessing.class, name)).as("one AlertProcessing of " + name).hasSize(1);
          assertThat(ar(kube, name).getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
              .as("no phase entered twice").doesNotHaveDuplicates();
        }
      } finally {
        zero.close();
      }
    }
  }

  /** Each phase entered, with when, as text. */
  private static List<String> history(KubernetesClient kube, String name) {
    return ar(kube, name).getStatus().getPhaseHistory().stream().map(t -> t.getPhase() + "@" + t.getEnteredAt()).toList();
  }

  private static <T extends HasMetadata> List<T> children(KubernetesClient kube, Class<T> kind, String remediation) {
    return kube.resources(kind).inNamespace(NS).withLabel(KubernautLabels.REMEDIATION, remediation).list().getItems();
  }

  private static String holder(KubernetesConnection api, String lease) {
    Lease l = api.client().leases().inNamespace(NS).withName(lease).get();
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }
}
