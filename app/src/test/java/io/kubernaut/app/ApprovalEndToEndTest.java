package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gates from {@code kubernaut-config} and approval end to end: with productionApprovalConfidence
 * raised to 0.9 the production crash loop (rules: 0.85) waits in AwaitingApproval; the API and
 * a plain annotation approve or reject it; a critical alert's approval expires after 2 s.
 */
class ApprovalEndToEndTest {

  @TempDir
  static Path dataDir;

  private static EmbeddedApp app;

  @BeforeAll
  static void start() {
    app = EmbeddedApp.start(dataDir, Map.of());
    app.kube.resource(new ConfigMapBuilder().withNewMetadata().withName("kubernaut-config")
        .withNamespace(EmbeddedApp.NAMESPACE).endMetadata()
        .addToData("gates.yaml", "minConfidence: 0.7\nproductionApprovalConfidence: 0.9\n")
        .addToData("timeouts.yaml", "bySeverity:\n  critical:\n    approval: 2s\n").build()).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> EmbeddedApp.JSON.readTree(app.post("/api/v1/safety/analyze", """
        {"action_type": "rollout_restart", "target": "Deployment/shop-prod/checkout", "confidence": 0.85}""").body())
        .path("approvalRequired").asBoolean());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  /** The crash-looping fixture under another alert name, so each test gets its own fingerprint and remediation. */
  private static String crashLoop(String marker, String severity) throws Exception {
    String body = EmbeddedApp.fixture("crashlooping-firing.json")
        .replace("KubePodCrashLooping", "KubePodCrashLooping" + marker)
        .replace("\"severity\": \"warning\"", "\"severity\": \"" + severity + "\"");
    JsonNode result = EmbeddedApp.JSON.readTree(app.post("/api/v1/signals/prometheus", body).body()).path("results").get(0);
    assertThat(result.path("result").asText()).isEqualTo("created");
    return result.path("remediation").asText();
  }

  private static AlertRemediation awaitPhase(String name, RemediationPhase phase) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> app.remediation(name),
        ar -> ar.getStatus() != null && ar.getStatus().getPhase() == phase);
  }

  @Test
  void approvingThroughTheApiSetsTheAnnotationsWithTheAuthenticatedUserAndTheRemediationMovesOn() throws Exception {
    String name = crashLoop("Approve", "warning");
    awaitPhase(name, RemediationPhase.AwaitingApproval);
    assertThat(app.analysis(name).getStatus().getApprovalRequired()).isTrue();

    HttpResponse<String> response = app.post("/api/v1/remediations/" + name + "/approve",
        "{\"reason\": \"the logs show a bad config push\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(EmbeddedApp.JSON.readTree(response.body()).path("decidedBy").asText()).isEqualTo("admin-token");
    assertThat(EmbeddedApp.JSON.readTree(response.body()).path("subject").asText()).isEqualTo("workflow");
    AlertRemediation ar = await().atMost(Duration.ofSeconds(20)).until(() -> app.remediation(name),
        r -> r.getStatus() != null && r.getStatus().getPhaseHistory().stream().anyMatch(t -> "Executing".equals(t.getPhase())));
    assertThat(ar.getMetadata().getAnnotations()).containsEntry("kubernaut.io/approval", "approved")
        .containsEntry("kubernaut.io/approval-by", "admin-token");
    assertThat(ar.getStatus().getApproval().getDecidedBy()).isEqualTo("admin-token");
    assertThat(ar.getStatus().getApproval().getReason()).isEqualTo("the logs show a bad config push");
    JsonNode approval = approvalAudit(name);
    assertThat(approval.path("decision").asText()).isEqualTo("Approved");
    assertThat(approval.path("decider").asText()).isEqualTo("admin-token");
    assertThat(approval.path("via").asText()).isEqualTo("api");
    assertThat(approval.path("reason").asText()).isEqualTo("the logs show a bad config push");
    // kubectl describe tells the request and the decision, each once (Events are sent from a thread of their own).
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<io.fabric8.kubernetes.api.model.Event> events = app.kube.v1().events().inNamespace(EmbeddedApp.NAMESPACE)
          .list().getItems().stream().filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
      assertThat(events).filteredOn(e -> "AwaitingApproval".equals(e.getReason())).hasSize(1);
      assertThat(events).filteredOn(e -> "Approved".equals(e.getReason())).singleElement()
          .satisfies(e -> assertThat(e.getMessage()).isEqualTo("AlertRemediation " + name
              + " was approved by admin-token (via api); its workflow runs."));
    });

    HttpResponse<String> again = app.post("/api/v1/remediations/" + name + "/reject", "{}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("awaits neither approval of its workflow");
  }

  @Test
  void rejectingWithAPlainAnnotationCancelsTheRemediation() throws Exception {
    String name = crashLoop("Reject", "warning");
    awaitPhase(name, RemediationPhase.AwaitingApproval);

    app.kube.resources(AlertRemediation.class).inNamespace(EmbeddedApp.NAMESPACE).withName(name)
        .edit(ar -> {
          ar.getMetadata().getAnnotations().put("kubernaut.io/approval", "rejected");
          ar.getMetadata().getAnnotations().put("kubernaut.io/approval-by", "alice");
          return ar;
        });

    AlertRemediation ar = awaitPhase(name, RemediationPhase.Cancelled);
    assertThat(ar.getStatus().getApproval().getDecidedBy()).isEqualTo("alice");
    assertThat(ar.getStatus().getMessage()).contains("rejected by alice");
    JsonNode approval = approvalAudit(name);
    assertThat(approval.path("decision").asText()).isEqualTo("Rejected");
    assertThat(approval.path("decider").asText()).isEqualTo("alice");
    assertThat(approval.path("via").asText()).isEqualTo("kubectl");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.kube.v1().events()
        .inNamespace(EmbeddedApp.NAMESPACE).list().getItems())
        .filteredOn(e -> name.equals(e.getInvolvedObject().getName()) && "ApprovalRejected".equals(e.getReason()))
        .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("rejected by alice")));
  }

  /**
   * While a remediation awaits its approval, its analysis's recommendations are written by hand (a restart of
   * another Deployment) with the seal left as it was. The approval then builds the workflow from what the
   * analysis says, and the workflow controller refuses it: its analysis's result does not verify against the
   * operator's key. Nothing runs.
   */
  @Test
  void recommendationsWrittenByHandWhileARemediationAwaitsItsApprovalAreRefusedWhenItIsApproved() throws Exception {
    String name = crashLoop("Rewritten", "warning");
    awaitPhase(name, RemediationPhase.AwaitingApproval);
    io.kubernaut.k8s.crd.AIAnalysis analysis = app.analysis(name);
    assertThat(analysis.getStatus().getSeal()).as("sealed by its controller with the embedded key").startsWith("v1:");
    analysis.getStatus().setRecommendations(analysis.getStatus().getRecommendations().stream()
        .map(r -> new io.kubernaut.ports.analysis.Recommendation(r.id(), r.action(),
            new io.kubernaut.ports.signal.TargetRef(r.target().kind(), r.target().namespace(), "payments-api"),
            r.parameters(), r.confidence(), r.risk(), r.rationale(), r.dependsOn())).toList());
    app.kube.resource(analysis).updateStatus();

    assertThat(app.post("/api/v1/remediations/" + name + "/approve", "{}").statusCode()).isEqualTo(202);

    io.kubernaut.k8s.crd.WorkflowExecution refused = await().atMost(Duration.ofSeconds(20)).until(() -> app.kube
        .resources(io.kubernaut.k8s.crd.WorkflowExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withName(name + "-workflow").get(), w -> w != null && w.getStatus() != null
            && w.getStatus().getPhase() == io.kubernaut.ports.pipeline.WorkflowPhase.Failed);
    assertThat(refused.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    assertThat(refused.getStatus().getMessage()).contains("it is built from AIAnalysis " + name + "-analysis, whose "
        + "result is not the one its controller wrote and its remediation judged: its status's seal does not verify");
    assertThat(app.kube.resources(io.kubernaut.k8s.crd.KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withLabel(io.kubernaut.k8s.crd.KubernautLabels.REMEDIATION, name).list().getItems()).as("nothing ran").isEmpty();
    assertThat(awaitPhase(name, RemediationPhase.Failed).getStatus().getMessage()).contains(name + "-workflow");
  }

  /** The payload of the remediation's one APPROVAL audit event, once the database has it. */
  private static JsonNode approvalAudit(String name) {
    return await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> {
      JsonNode events = EmbeddedApp.JSON.readTree(app.get("/api/v1/audit/events?remediation=" + name
          + "&type=APPROVAL").body()).path("events");
      return events.size() == 1 ? events.get(0).path("payload") : null;
    }, java.util.Objects::nonNull);
  }

  @Test
  void anApprovalAnnotatedBeforeTheRemediationAwaitsApprovalIsIgnoredAndALaterOneIsHonoured() throws Exception {
    // The pipeline reaches AwaitingApproval in well under a second, so the early approval is on the
    // remediation from its creation: a copy of a gateway-made one, applied with the annotation set.
    String template = crashLoop("EarlyTemplate", "warning");
    AlertRemediation made = awaitPhase(template, RemediationPhase.AwaitingApproval);
    assertThat(app.post("/api/v1/remediations/" + template + "/reject", "{}").statusCode()).isEqualTo(202);
    String name = template + "-early";
    AlertRemediation early = new AlertRemediation();
    early.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
        .withNamespace(EmbeddedApp.NAMESPACE).withLabels(made.getMetadata().getLabels())
        .withAnnotations(Map.of("kubernaut.io/approval", "approved", "kubernaut.io/approval-by", "mallory")).build());
    early.setSpec(made.getSpec());
    app.kube.resource(early).create();

    AlertRemediation waiting = awaitPhase(name, RemediationPhase.AwaitingApproval);
    AlertRemediation ignored = await().atMost(Duration.ofSeconds(10)).until(() -> app.remediation(name),
        ar -> !ar.getMetadata().getAnnotations().containsKey("kubernaut.io/approval"));
    assertThat(ignored.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("ApprovalIgnored");
      assertThat(c.getReason()).isEqualTo("StaleApprovalIgnored");
      assertThat(c.getMessage()).contains("mallory");
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.kube.v1().events()
        .inNamespace(EmbeddedApp.NAMESPACE).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
          assertThat(e.getReason()).isEqualTo("StaleApprovalIgnored");
          assertThat(e.getType()).isEqualTo("Warning");
        }));
    Thread.sleep(1500);
    AlertRemediation still = app.remediation(name);
    assertThat(still.getStatus().getPhase()).isEqualTo(RemediationPhase.AwaitingApproval);
    assertThat(still.getStatus().getApproval()).isNull();
    assertThat(waiting.getStatus().getApproval()).isNull();

    assertThat(app.post("/api/v1/remediations/" + name + "/approve", "{}").statusCode()).isEqualTo(202);
    AlertRemediation approved = await().atMost(Duration.ofSeconds(20)).until(() -> app.remediation(name),
        r -> r.getStatus().getPhaseHistory().stream().anyMatch(t -> "Executing".equals(t.getPhase())));
    assertThat(approved.getStatus().getApproval().getDecidedBy()).isEqualTo("admin-token");
  }

  @Test
  void anApprovalThatNobodyGivesExpiresAndFailsTheRemediation() throws Exception {
    String name = crashLoop("Expiry", "critical");

    AlertRemediation ar = awaitPhase(name, RemediationPhase.Failed);

    assertThat(ar.getStatus().getPhaseHistory()).anySatisfy(t -> assertThat(t.getPhase()).isEqualTo("AwaitingApproval"));
    assertThat(ar.getStatus().getMessage()).contains("approval").contains("expired");
  }

  @Test
  void anUnknownRemediationIs404() throws Exception {
    HttpResponse<String> response = app.post("/api/v1/remediations/no-such-ar/approve", "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
  }
}
