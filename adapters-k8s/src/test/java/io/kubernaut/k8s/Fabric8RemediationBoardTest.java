package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.ports.board.RemediationDossier;
import io.kubernaut.ports.board.RemediationRow;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fabric8RemediationBoardTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @TempDir
  static Path dir;

  private static MockApi api;
  private static KubernetesClient client;
  private static Fabric8RemediationBoard board;

  @BeforeAll
  static void start() {
    api = new MockApi(dir);
    client = api.newClient();
    Fabric8RemediationStore store = MockApi.store(client);
    store.create(MockApi.remediation("board-older", "board-older", T0));
    store.create(MockApi.remediation("board-newer", "board-newer", T0.plusSeconds(60)));
    client.resources(AlertRemediation.class).inNamespace(MockApi.NAMESPACE).withName("board-older").subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), """
            {"status": {"phase": "Completed", "outcome": "Remediated", "priority": "P1", "environment": "production",
             "severity": "critical",
             "completionTime": "2026-11-20T10:05:00Z", "message": "Remediated.",
             "storm": {"threshold": "rate", "count": 12, "limit": 10, "window": "1m"},
             "duplicates": {"count": 3, "firstSeen": "2026-11-20T10:00:00Z", "lastSeen": "2026-11-20T10:01:00Z"}}}""");
    // What the controller writes while it cannot create a remediation's processing: the condition alone.
    client.resources(AlertRemediation.class).inNamespace(MockApi.NAMESPACE).withName("board-newer").subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), """
            {"status": {"conditions": [{"type": "CreateFailure", "status": "True", "reason": "FailedCreate",
             "message": "AlertProcessing board-newer-processing could not be created (HTTP 403: exceeded quota)."}]}}""");
    AIAnalysis analysis = new AIAnalysis();
    analysis.setMetadata(new ObjectMetaBuilder().withName("board-older-analysis").withNamespace(MockApi.NAMESPACE)
        .withLabels(Map.of(KubernautLabels.REMEDIATION, "board-older")).build());
    client.resource(analysis).create();
    client.resources(AIAnalysis.class).inNamespace(MockApi.NAMESPACE).withName("board-older-analysis")
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\": {\"phase\": \"Completed\", \"rootCause\": \"The container exits with code 1.\"}}");
    board = new Fabric8RemediationBoard(client, MockApi.NAMESPACE, java.time.Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
  }

  @Test
  void rowsComeNewestFirstWithTheStatusTheControllerWrote() {
    List<RemediationRow> rows = board.list().stream().filter(r -> r.name().startsWith("board-")).toList();

    assertThat(rows).extracting(RemediationRow::name).containsExactly("board-newer", "board-older");
    RemediationRow newer = rows.get(0);
    assertThat(newer.phase()).isEqualTo(RemediationPhase.Pending);
    assertThat(newer.duplicates()).isEqualTo(1);
    assertThat(newer.alertName()).isEqualTo("KubePodCrashLooping");
    assertThat(newer.severity()).as("the alert's, until its processing is judged").isEqualTo("warning");
    assertThat(newer.message()).as("why it waits").isEqualTo(
        "AlertProcessing board-newer-processing could not be created (HTTP 403: exceeded quota).");
    assertThat(rows.get(1).message()).isEqualTo("Remediated.");
    RemediationRow older = rows.get(1);
    assertThat(older.phase()).isEqualTo(RemediationPhase.Completed);
    assertThat(older.outcome()).isEqualTo("Remediated");
    assertThat(older.priority()).isEqualTo("P1");
    assertThat(older.environment()).isEqualTo("production");
    assertThat(older.severity()).as("the one judged with its processing and recorded").isEqualTo("critical");
    assertThat(older.duplicates()).isEqualTo(3);
    assertThat(older.completedAt()).isEqualTo(Instant.parse("2026-11-20T10:05:00Z"));
    assertThat(older.target().display()).isEqualTo("Deployment/shop-prod/checkout");
    assertThat(older.storm()).isEqualTo(new RemediationRow.Storm("rate", 12, 10, "1m", null));
  }

  @Test
  void aDossierHoldsTheRemediationFirstThenItsChildrenWithTheirStatus() {
    RemediationDossier dossier = board.dossier("board-older").orElseThrow();

    assertThat(dossier.resources()).extracting(RemediationDossier.Resource::kind)
        .containsExactly("AlertRemediation", "AIAnalysis");
    assertThat(dossier.resources().get(0).status()).containsEntry("outcome", "Remediated");
    assertThat(dossier.resources().get(0).spec()).containsEntry("alertName", "KubePodCrashLooping");
    assertThat(dossier.resources().get(1).status()).containsEntry("rootCause", "The container exits with code 1.");
    assertThat(board.dossier("board-newer").orElseThrow().resources()).hasSize(1);
  }

  @Test
  void aRemediationWhoseWorkflowAwaitsARollbackDecisionShowsTheFailedCheckItsLastValueAndTheDeadline() {
    MockApi.store(client).create(MockApi.remediation("board-rollback", "board-rollback", T0.plusSeconds(120)));
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new ObjectMetaBuilder().withName("board-rollback-workflow").withNamespace(MockApi.NAMESPACE)
        .withLabels(Map.of(KubernautLabels.REMEDIATION, "board-rollback")).build());
    WorkflowExecutionSpec spec = new WorkflowExecutionSpec();
    spec.setRemediationRef(new RemediationRef("board-rollback"));
    spec.setTarget(new ObjectRef("Deployment", "shop-prod", "checkout"));
    spec.setSteps(List.of());
    wfe.setSpec(spec);
    client.resource(wfe).create();
    Instant asked = Instant.now().minusSeconds(60);
    Instant expires = asked.plusSeconds(900);
    client.resources(WorkflowExecution.class).inNamespace(MockApi.NAMESPACE).withName("board-rollback-workflow")
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), """
            {"status": {"phase": "Monitoring", "message": "It waits for approval to roll back steps b, a.",
             "rollbackApprovalRequestedAt": "%s", "rollbackApprovalExpiresAt": "%s",
             "measurements": [
               {"check": "restarts-stopped", "at": "2026-11-20T10:03:00Z", "result": "FAILED", "value": 3.0},
               {"check": "restarts-stopped", "at": "2026-11-20T10:04:00Z", "result": "FAILED", "value": 4.0,
                "detail": "Value 4.0 is not == 0.0."},
               {"check": "throttling", "at": "2026-11-20T10:04:00Z", "result": "PASSED", "value": 0.1}]}}"""
            .formatted(asked, expires));

    RemediationRow.PendingRollback pending = board.list().stream().filter(r -> r.name().equals("board-rollback"))
        .findFirst().orElseThrow().rollback();

    assertThat(pending).isEqualTo(new RemediationRow.PendingRollback(asked, expires, "restarts-stopped", 4.0,
        "Value 4.0 is not == 0.0.", "It waits for approval to roll back steps b, a."));
    assertThat(board.dossier("board-rollback").orElseThrow().row().rollback()).isEqualTo(pending);
    assertThat(board.list()).filteredOn(r -> r.name().startsWith("board-") && !r.name().equals("board-rollback"))
        .allSatisfy(r -> assertThat(r.rollback()).isNull());
  }

  @Test
  void anUnknownNameHasNoDossier() {
    assertThat(board.dossier("never-was")).isEmpty();
  }
}
