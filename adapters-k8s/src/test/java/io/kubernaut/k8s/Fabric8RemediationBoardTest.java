package io.kubernaut.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
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
             "completionTime": "2026-11-20T10:05:00Z", "message": "Remediated.",
             "storm": {"threshold": "rate", "count": 12, "limit": 10, "window": "1m"},
             "duplicates": {"count": 3, "firstSeen": "2026-11-20T10:00:00Z", "lastSeen": "2026-11-20T10:01:00Z"}}}""");
    AIAnalysis analysis = new AIAnalysis();
    analysis.setMetadata(new ObjectMetaBuilder().withName("board-older-analysis").withNamespace(MockApi.NAMESPACE)
        .withLabels(Map.of(KubernautLabels.REMEDIATION, "board-older")).build());
    client.resource(analysis).create();
    client.resources(AIAnalysis.class).inNamespace(MockApi.NAMESPACE).withName("board-older-analysis")
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\": {\"phase\": \"Completed\", \"rootCause\": \"The container exits with code 1.\"}}");
    board = new Fabric8RemediationBoard(client, MockApi.NAMESPACE);
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
    RemediationRow older = rows.get(1);
    assertThat(older.phase()).isEqualTo(RemediationPhase.Completed);
    assertThat(older.outcome()).isEqualTo("Remediated");
    assertThat(older.priority()).isEqualTo("P1");
    assertThat(older.environment()).isEqualTo("production");
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
  void anUnknownNameHasNoDossier() {
    assertThat(board.dossier("never-was")).isEmpty();
  }
}
