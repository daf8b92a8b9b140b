package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's "two concurrent node remediations against a budget of one", in embedded mode: one
 * Alertmanager webhook brings memory pressure on worker-1 and worker-2 at the same moment, node
 * actions are allowed without approval and the per-environment blast radius is wide, so only the
 * cluster-wide budget (one node unavailable) stands between them. Exactly one node is cordoned; the
 * other remediation ends Blocked with reason DisruptionBudget, an Event and the numbers.
 */
class DisruptionBudgetEndToEndTest {

  @TempDir
  static Path dataDir;

  private static EmbeddedApp app;

  @BeforeAll
  static void start() throws Exception {
    app = EmbeddedApp.start(dataDir, java.util.Map.of());
    var config = app.kube.configMaps().inNamespace(EmbeddedApp.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("kubernaut-config").withNamespace(EmbeddedApp.NAMESPACE).endMetadata()
        .addToData("safety.yaml", "limits: {maxNodesDisrupted: 5, monitoringWindow: 2s}\nbudget: {maxNodesUnavailable: 1}\n")
        .addToData("gates.yaml", "minConfidence: 0.5\nproductionApprovalConfidence: 0.5\nautoApproveNodeActions: [production]\n")
        .build()).createOr(c -> c.update());
    EmbeddedApp.awaitApplied(app.kube, config);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static String pressure(String node, String fingerprint) {
    return """
        {"status": "firing",
         "labels": {"alertname": "NodeMemoryPressure", "node": "%s", "severity": "critical", "job": "kube-state-metrics"},
         "annotations": {"summary": "Node %s is under memory pressure."},
         "startsAt": "2026-12-01T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z", "fingerprint": "%s"}
        """.formatted(node, node, fingerprint);
  }

  @Test
  void twoNodeRemediationsAtOnceAgainstABudgetOfOneCordonExactlyOneNode() throws Exception {
    String webhook = """
        {"version": "4", "status": "firing", "receiver": "kubernaut", "groupKey": "{}:{alertname=\\"NodeMemoryPressure\\"}",
         "groupLabels": {"alertname": "NodeMemoryPressure"}, "commonLabels": {}, "commonAnnotations": {},
         "externalURL": "http://alertmanager:9093", "alerts": [%s, %s]}
        """.formatted(pressure("worker-1", "a1b2c3d4e5f60718"), pressure("worker-2", "b2c3d4e5f6071829"));
    var response = app.post("/api/v1/signals/prometheus", webhook);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    List<String> names = new ArrayList<>();
    for (JsonNode result : EmbeddedApp.JSON.readTree(response.body()).path("results")) {
      names.add(result.path("remediation").asText());
    }
    assertThat(names).hasSize(2);

    List<AlertRemediation> ended = await().atMost(Duration.ofSeconds(90)).until(
        () -> names.stream().map(app::remediation).toList(),
        ars -> ars.stream().allMatch(ar -> ar.getStatus() != null && ar.getStatus().getPhase() != null
            && ar.getStatus().getPhase().isTerminal()));

    List<String> cordoned = app.kube.nodes().list().getItems().stream()
        .filter(n -> n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
        .map(n -> n.getMetadata().getName()).toList();
    assertThat(cordoned).as("exactly one node taken out of scheduling").hasSize(1);
    assertThat(cordoned.get(0)).isIn("worker-1", "worker-2");

    AlertRemediation blocked = ended.stream().filter(ar -> ar.getStatus().getPhase() == RemediationPhase.Blocked)
        .findFirst().orElseThrow(() -> new AssertionError("no remediation ended Blocked: " + ended.stream()
            .map(ar -> ar.getMetadata().getName() + "=" + ar.getStatus().getPhase() + " " + ar.getStatus().getMessage())
            .toList()));
    assertThat(ended).filteredOn(ar -> ar.getStatus().getPhase() == RemediationPhase.Blocked).hasSize(1);
    WorkflowExecution wfe = app.kube.resources(WorkflowExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withName(blocked.getMetadata().getName() + "-workflow").get();
    assertThat(wfe.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getReason()).isEqualTo("DisruptionBudget");
      assertThat(c.getMessage()).contains("maxNodesUnavailable 1").contains(cordoned.get(0));
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(app.kube.v1().events().inNamespace(EmbeddedApp.NAMESPACE).list().getItems())
            .filteredOn(e -> blocked.getMetadata().getName().equals(e.getInvolvedObject().getName()))
            .anySatisfy(e -> {
              assertThat(e.getReason()).isEqualTo("DisruptionBudget");
              assertThat(e.getType()).isEqualTo("Warning");
            }));
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      JsonNode events = EmbeddedApp.JSON.readTree(app.get("/api/v1/audit/events?remediation="
          + blocked.getMetadata().getName()).body());
      assertThat(events.toString()).as("the block is in the audit trail with its rule").contains("\"BLOCK\"")
          .contains("\"rule\":\"DisruptionBudget\"");
    });
    Node other = app.kube.nodes().withName(cordoned.get(0).equals("worker-1") ? "worker-2" : "worker-1").get();
    assertThat(other.getSpec() == null || !Boolean.TRUE.equals(other.getSpec().getUnschedulable())).isTrue();
  }
}
