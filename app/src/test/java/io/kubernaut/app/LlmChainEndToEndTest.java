package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.DroppedRecommendation;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The done-when for untrusted LLM output: with {@code KUBERNAUT_INVESTIGATORS=llm,rules}
 * and an OpenAI-compatible stub that proposes an action outside the catalog, the proposal is
 * dropped with its reason in status and the rule engine answers instead.
 */
class LlmChainEndToEndTest {

  @RegisterExtension
  static final EmbeddedOperator operator = EmbeddedOperator.builder().llmAnswering("""
      {"rootCause": "The namespace is cursed.", "confidence": 0.97, "evidence": ["none"],
       "recommendations": [{"id": "1", "action": "delete_namespace",
         "target": {"kind": "Namespace", "namespace": "", "name": "shop-prod"}, "parameters": {},
         "confidence": 0.97, "risk": "LOW", "rationale": "Start over."}]}""").build();

  @Test
  void aNonCatalogActionFromTheLlmIsDroppedWithItsReasonAndTheRulesAnswerInstead() throws Exception {
    EmbeddedApp app = operator.app();
    LlmStub llm = operator.llm();
    String name = app.postFixture("crashlooping-firing.json");

    AIAnalysis aia = await().atMost(Duration.ofSeconds(20)).until(() -> app.analysis(name),
        a -> a != null && a.getStatus() != null && a.getStatus().getPhase() == AnalysisPhase.Completed);

    var status = aia.getStatus();
    assertThat(status.getInvestigator()).isEqualTo("rules");
    assertThat(status.getDropped()).singleElement().satisfies(d -> {
      assertThat(d.getAction()).isEqualTo("delete_namespace");
      assertThat(d.getReason()).isEqualTo("llm proposed it for Namespace/shop-prod: Action 'delete_namespace' is not "
          + "in the action catalog.");
    });
    assertThat(status.getFallbacks()).containsExactly("llm: none of its 1 recommendations passed validation.");
    assertThat(status.getRecommendations()).isNotEmpty()
        .noneSatisfy(r -> assertThat(r.action()).isEqualTo("delete_namespace"));
    assertThat(status.getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Degraded");
      assertThat(c.getMessage()).contains("llm");
    });
    assertThat(status.getDropped()).extracting(DroppedRecommendation::getAction).doesNotContain(
        status.getRecommendations().get(0).action());

    JsonNode sent = EmbeddedApp.JSON.readTree(llm.requests.get(0));
    assertThat(sent.path("model").asText()).isEqualTo("stub-model");
    assertThat(sent.path("max_tokens").asInt()).isPositive();
    assertThat(sent.path("response_format").path("json_schema").path("schema").path("properties")
        .path("recommendations").path("items").path("properties").path("action").path("enum").toString())
        .contains("rollback_deployment").doesNotContain("delete_namespace");
    assertThat(sent.path("messages").get(1).path("content").asText()).contains("<<<DATA").contains("KubePodCrashLooping");
  }
}
