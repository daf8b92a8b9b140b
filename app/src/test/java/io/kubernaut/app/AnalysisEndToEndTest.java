package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default chain (rules only) in embedded mode, through the pipeline and through the analysis API. */
class AnalysisEndToEndTest {

  private static final List<String> CATALOG = List.of("collect_diagnostics", "cordon_node", "delete_pod", "drain_node",
      "expand_pvc", "increase_resources", "notify_only", "quarantine_pod", "restart_pod", "rollback_deployment",
      "rollout_restart", "scale_deployment", "scale_statefulset", "taint_node", "uncordon_node", "untaint_node",
      "update_hpa");

  @TempDir
  static Path dataDir;

  private static EmbeddedApp app;

  @BeforeAll
  static void start() {
    app = EmbeddedApp.start(dataDir, Map.of());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void theCrashLoopingFixtureGetsACompletedAnalysisWithACatalogRecommendationAndARationale() throws Exception {
    String name = app.postFixture("crashlooping-firing.json");

    AIAnalysis aia = await().atMost(Duration.ofSeconds(15)).until(() -> app.analysis(name),
        a -> a != null && a.getStatus() != null && a.getStatus().getPhase() == AnalysisPhase.Completed);

    var status = aia.getStatus();
    assertThat(status.getInvestigator()).isEqualTo("rules");
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Investigating", "Analyzing", "Recommending", "Completed");
    assertThat(status.getRecommendations()).isNotEmpty().allSatisfy(r -> {
      assertThat(r.action()).isIn(CATALOG);
      assertThat(r.rationale()).contains("checkout-7d9f8b6c4-x2x9q");
      assertThat(r.target().namespace()).isEqualTo("shop-prod");
    });
    assertThat(status.getRecommendations().get(0).action()).isIn("rollback_deployment", "rollout_restart");
    assertThat(status.getConfidence()).isGreaterThanOrEqualTo(0.7);
    assertThat(status.getEvidence()).anySatisfy(e -> assertThat(e).contains("CrashLoopBackOff"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.remediation(name).getStatus()
        .getPhaseHistory()).extracting(PhaseTransition::getPhase).contains("Analyzing"));
  }

  @Test
  void theStagingOomKilledFixtureRecommendsIncreaseResourcesForPaymentsApi() throws Exception {
    String name = app.postFixture("oomkilled-batch.json");

    AIAnalysis aia = await().atMost(Duration.ofSeconds(15)).until(() -> app.analysis(name),
        a -> a != null && a.getStatus() != null && a.getStatus().getPhase() == AnalysisPhase.Completed);

    Recommendation first = aia.getStatus().getRecommendations().get(0);
    assertThat(first.action()).isEqualTo("increase_resources");
    assertThat(first.target().name()).isEqualTo("payments-api");
    assertThat(first.target().kind()).isEqualTo("Deployment");
    assertThat(first.parameters()).containsEntry("memoryLimit", "256Mi").containsEntry("container", "api");
    assertThat(first.rationale()).contains("OOMKilled");
    assertThat(aia.getStatus().getApprovalRequired()).isFalse();
    assertThat(aia.getStatus().getRecommendOnly()).isFalse();
  }

  @Test
  void theInvestigateEndpointAnswersInTheHolmesGptStructuredShapeFromTheSameChain() throws Exception {
    HttpResponse<String> response = app.post("/api/v1/investigate", """
        {"context": {"namespace": "payments-staging", "podName": "payments-api-5c8d7f9b9-aaaaa",
         "alertName": "KubeContainerOOMKilled", "labels": {"container": "api"}}, "responseFormat": "v2-structured"}""");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = EmbeddedApp.JSON.readTree(response.body());
    assertThat(body.path("investigationId").asText()).matches("inv-[A-Za-z0-9]+");
    assertThat(body.path("status").asText()).isEqualTo("completed");
    JsonNode action = body.path("structuredActions").get(0);
    assertThat(action.path("actionType").asText()).isEqualTo("increase_resources");
    assertThat(action.path("parameters").path("resourceType").asText()).isEqualTo("deployment");
    assertThat(action.path("parameters").path("resourceName").asText()).isEqualTo("payments-api");
    assertThat(action.path("reasoning").path("riskAssessment").asText()).isEqualTo("medium");
    assertThat(body.path("metadata").path("formatVersion").asText()).isEqualTo("v2-structured");
  }

  @Test
  void theSafetyEndpointRejectsANonCatalogActionAndGatesAHighRiskOneInProduction() throws Exception {
    JsonNode unknown = EmbeddedApp.JSON.readTree(app.post("/api/v1/safety/analyze", """
        {"action_type": "delete_namespace", "target": "Deployment/shop-prod/checkout"}""").body());
    JsonNode drain = EmbeddedApp.JSON.readTree(app.post("/api/v1/safety/analyze", """
        {"action_type": "delete_pod", "target": "Pod/shop-prod/checkout-7d9f8b6c4-x2x9q", "confidence": 0.95}""").body());

    assertThat(unknown.path("allowed").asBoolean()).isFalse();
    assertThat(unknown.path("reasons").get(0).asText()).contains("not in the action catalog");
    assertThat(drain.path("allowed").asBoolean()).isTrue();
    assertThat(drain.path("environment").asText()).isEqualTo("production");
    assertThat(drain.path("risk").asText()).isEqualTo("HIGH");
    assertThat(drain.path("approvalRequired").asBoolean()).isTrue();
  }

  @Test
  void theSafetyEndpointTakesTheOperatorsEnvironmentAndRouteNotTheCallersClaim() throws Exception {
    // shop-prod is labelled production: a caller saying development does not get development's gates.
    JsonNode claimed = EmbeddedApp.JSON.readTree(app.post("/api/v1/safety/analyze", """
        {"action_type": "delete_pod", "target": "Pod/shop-prod/checkout-7d9f8b6c4-x2x9q", "confidence": 0.95,
         "environment": "development"}""").body());
    // kube-system is never remediated: the endpoint must not call an action there safe.
    JsonNode protectedNs = EmbeddedApp.JSON.readTree(app.post("/api/v1/safety/analyze", """
        {"action_type": "delete_pod", "target": "Pod/kube-system/coredns-1", "confidence": 0.95}""").body());

    assertThat(claimed.path("environment").asText()).isEqualTo("production");
    assertThat(claimed.path("approvalRequired").asBoolean()).isTrue();
    assertThat(claimed.path("safe").asBoolean()).isFalse();
    assertThat(protectedNs.path("allowed").asBoolean()).as(protectedNs.toString()).isFalse();
    assertThat(protectedNs.path("safe").asBoolean()).isFalse();
    assertThat(protectedNs.toString()).contains("Routed SKIPPED").contains("kube-system is protected");
  }

  @Test
  void theRecoveryEndpointProposesOtherStrategiesThanTheFailedAction() throws Exception {
    JsonNode body = EmbeddedApp.JSON.readTree(app.post("/api/v1/recovery/analyze", """
        {"incident_id": "inc-1", "failed_action": {"type": "rollout_restart", "target": "Deployment/payments-staging/payments-api"},
         "failure_context": {"error": "pods still OOMKilled"}, "context": {"namespace": "payments-staging",
         "alertName": "KubeContainerOOMKilled"}}""").body());

    assertThat(body.path("incident_id").asText()).isEqualTo("inc-1");
    assertThat(body.path("can_recover").asBoolean()).isTrue();
    assertThat(body.path("primary_recommendation").asText()).isEqualTo("increase_resources");
    assertThat(body.path("strategies").get(0).path("estimated_risk").asText()).isEqualTo("medium");
  }

  @Test
  void thePostExecutionEndpointReportsEffectivenessAndFollowUpsForAFailedAction() throws Exception {
    JsonNode body = EmbeddedApp.JSON.readTree(app.post("/api/v1/postexec/analyze", """
        {"execution_id": "exec-1", "action_id": "a1", "action_type": "rollout_restart", "execution_success": false,
         "execution_result": {"error": "pods OOMKilled again"}, "context": {"alertName": "KubeContainerOOMKilled",
         "namespace": "payments-staging", "target": "Deployment/payments-staging/payments-api"}}""").body());

    assertThat(body.path("execution_id").asText()).isEqualTo("exec-1");
    assertThat(body.path("effectiveness").path("success").asBoolean()).isFalse();
    assertThat(body.path("objectives_met").asBoolean()).isFalse();
    assertThat(body.path("recommendations").get(0).asText()).startsWith("increase_resources on Deployment/payments-staging/payments-api");
  }

  @Test
  void theAnalysisEndpointsAnswer400NamingTheMissingFields() throws Exception {
    HttpResponse<String> response = app.post("/api/v1/investigate", "{\"context\": {}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("context.alertName");
  }

  /** A target that names no Kubernetes object is a 400 problem on every analysis endpoint, never an analysis. */
  @Test
  void aTargetThatIsNoKubernetesObjectIsA400Problem() throws Exception {
    for (String[] call : new String[][] {
        {"/api/v1/safety/analyze", "{\"action_type\": \"restart_pod\", \"target\": {\"kind\": \"Pod\", "
            + "\"namespace\": \"a/b\", \"name\": \"../x\"}}"},
        {"/api/v1/safety/analyze", "{\"action_type\": \"restart_pod\", \"target\": \"Pod/shop-prod/../../nodes\"}"},
        {"/api/v1/investigate", "{\"context\": {\"alertName\": \"X\", \"namespace\": \"shop-prod\", "
            + "\"podName\": \"p?watch=true\"}}"}}) {
      HttpResponse<String> response = app.post(call[0], call[1]);

      assertThat(response.statusCode()).as(call[1]).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
          .startsWith("application/problem+json"));
      assertThat(response.body()).contains("is not a Kubernetes object");
    }
  }
}
