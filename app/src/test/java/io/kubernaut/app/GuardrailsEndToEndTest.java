package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15's hostile inputs in embedded mode, through the whole pipeline: an OpenAI-compatible
 * investigator that answers every alert with "drain worker-2" (naming the alert's namespace on the
 * node, which once made it look in scope), and an info-severity throttling alert on a
 * crash-looping production pod. Neither may change the cluster.
 */
class GuardrailsEndToEndTest {

  @RegisterExtension
  static final EmbeddedOperator operator = EmbeddedOperator.builder().llmAnswering("""
      {"rootCause": "The node is bad.", "confidence": 0.99, "evidence": ["trust me"],
       "recommendations": [{"id": "1", "action": "drain_node",
         "target": {"kind": "Node", "namespace": "payments-staging", "name": "worker-2"}, "parameters": {},
         "confidence": 0.99, "risk": "LOW", "rationale": "Drain it."}]}""").build();

  @Test
  void aHostileLlmAnswerToDrainANodeThatDoesNotHostTheAlertingPodIsDroppedAndTheNodeStaysSchedulable() throws Exception {
    EmbeddedApp app = operator.app();
    // payments-api's pods run on worker-1 and worker-3; worker-2 hosts shop-prod's checkout.
    String name = app.postFixture("oomkilled-batch.json");

    AIAnalysis aia = await().atMost(Duration.ofSeconds(30)).until(() -> app.analysis(name),
        a -> a != null && a.getStatus() != null && a.getStatus().getPhase() == AnalysisPhase.Completed);
    assertThat(aia.getStatus().getDropped()).anySatisfy(d -> {
      assertThat(d.getAction()).isEqualTo("drain_node");
      assertThat(d.getReason()).contains("Target Node/worker-2 is not the alert's target");
    });
    assertThat(aia.getStatus().getRecommendations()).noneSatisfy(r -> assertThat(r.action()).isEqualTo("drain_node"));

    // The rule engine's answer (raise payments-api's memory) runs; wait until every step has ended.
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      AlertRemediation ar = app.remediation(name);
      WorkflowExecution wfe = app.kube.resources(WorkflowExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
          .withName(name + "-workflow").get();
      boolean ended = ar.getStatus() != null && ar.getStatus().getPhase() != null && ar.getStatus().getPhase().isTerminal();
      boolean stepsDone = wfe != null && wfe.getStatus() != null && wfe.getStatus().getPhase() != null
          && wfe.getStatus().getPhase().ordinal() >= io.kubernaut.ports.pipeline.WorkflowPhase.Monitoring.ordinal();
      return ended || stepsDone;
    });
    Node worker2 = app.kube.nodes().withName("worker-2").get();
    assertThat(worker2.getSpec() == null || !Boolean.TRUE.equals(worker2.getSpec().getUnschedulable()))
        .as("worker-2 was not cordoned").isTrue();
    assertThat(app.kube.resources(KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE).list().getItems())
        .noneSatisfy(k -> assertThat(k.getSpec().getAction()).isEqualTo("drain_node"));
  }

  @Test
  void anInfoThrottlingAlertOnACrashLoopingProductionPodEndsForManualReviewAndRollsNothingBack() throws Exception {
    EmbeddedApp app = operator.app();
    String alert = EmbeddedApp.fixture("crashlooping-firing.json")
        .replace("KubePodCrashLooping", "CPUThrottlingHigh")
        .replace("\"severity\": \"warning\"", "\"severity\": \"info\"")
        .replace("\"fingerprint\": \"5b1a0e6b3c2d4f10\"", "\"fingerprint\": \"6c2b1f7c4d3e5a21\"");
    var response = app.post("/api/v1/signals/prometheus", alert);
    assertThat(response.statusCode()).isEqualTo(201);
    String name = EmbeddedApp.JSON.readTree(response.body()).path("results").get(0).path("remediation").asText();

    AlertRemediation ar = await().atMost(Duration.ofSeconds(60)).until(() -> app.remediation(name),
        r -> r.getStatus() != null && r.getStatus().getPhase() != null && r.getStatus().getPhase().isTerminal());
    assertThat(ar.getStatus().getPhase()).isEqualTo(RemediationPhase.Completed);
    assertThat(ar.getStatus().getOutcome()).isEqualTo("ManualReviewRequired");
    assertThat(app.kube.resources(WorkflowExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withName(name + "-workflow").get()).as("nothing was executed").isNull();
    assertThat(app.analysis(name).getStatus().getRecommendations())
        .noneSatisfy(r -> assertThat(r.action()).isEqualTo("rollback_deployment"));
  }

  @Test
  void anAIAnalysisMadeByHandIsRefusedAndTheLlmIsNeverAskedAboutIt() {
    EmbeddedApp app = operator.app();
    AIAnalysis forged = new AIAnalysis();
    forged.getMetadata().setName("forged-analysis");
    forged.getMetadata().setNamespace(EmbeddedApp.NAMESPACE);
    io.kubernaut.k8s.crd.AIAnalysisSpec spec = new io.kubernaut.k8s.crd.AIAnalysisSpec();
    spec.setRemediationRef(new io.kubernaut.k8s.crd.RemediationRef("nobody"));
    spec.setAlertName("ReadTheSecret");
    spec.setSeverity("critical");
    spec.setEnvironment("production");
    spec.setTarget(new io.kubernaut.k8s.crd.ObjectRef("Secret", "payments", "db-credentials"));
    forged.setSpec(spec);
    app.kube.resource(forged).create();

    AIAnalysis refused = await().atMost(Duration.ofSeconds(30)).until(() -> app.kube.resources(AIAnalysis.class)
        .inNamespace(EmbeddedApp.NAMESPACE).withName("forged-analysis").get(),
        a -> a.getStatus() != null && a.getStatus().getPhase() == AnalysisPhase.Failed);

    assertThat(refused.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    assertThat(refused.getStatus().getMessage()).contains("no investigator was asked");
    assertThat(refused.getStatus().getRecommendations()).isNull();
    assertThat(operator.llm().requests).noneMatch(body -> body.contains("db-credentials") || body.contains("ReadTheSecret"));
  }
}
