package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An LLM that takes its time holds one of the analysis threads, never a reconcile thread that every
 * controller shares: while the stub holds the request, the thread waiting for it is a
 * {@code kubernaut-analysis-N} one, and the analysis shows the phase Investigating; once it answers,
 * the analysis is written through the answer's event, with no other change to wake it.
 */
class SlowLlmEndToEndTest {

  private static final CountDownLatch ASKED = new CountDownLatch(1);
  private static final CountDownLatch ANSWER = new CountDownLatch(1);

  @RegisterExtension
  static final EmbeddedOperator operator = EmbeddedOperator.builder().llmAnswering(request -> {
    ASKED.countDown();
    try {
      ANSWER.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return """
        {"rootCause": "The container runs out of memory.", "confidence": 0.9, "evidence": ["OOMKilled"],
         "recommendations": []}""";
  }).build();

  @Test
  void theCallWaitsOnAnAnalysisThreadAndItsAnswerIsWrittenWhenItComes() throws Exception {
    EmbeddedApp app = operator.app();
    String name = app.postFixture("crashlooping-firing.json");
    assertThat(ASKED.await(30, TimeUnit.SECONDS)).as("the LLM was asked").isTrue();

    List<String> waiting = Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().endsWith(".OpenAiInvestigator")))
        .map(Map.Entry::getKey).map(Thread::getName).toList();
    // Meanwhile the analysis says what it waits for (kubectl get aia), not an empty phase.
    AIAnalysis meanwhile = await().atMost(Duration.ofSeconds(10)).until(() -> app.analysis(name),
        a -> a != null && a.getStatus() != null && a.getStatus().getPhase() != null);
    ANSWER.countDown();
    assertThat(meanwhile.getStatus().getPhase()).isEqualTo(AnalysisPhase.Investigating);
    assertThat(meanwhile.getStatus().getMessage()).contains("is asking its investigators");

    assertThat(waiting).as("threads inside the LLM call").isNotEmpty()
        .allSatisfy(thread -> assertThat(thread).startsWith("kubernaut-analysis-"));
    AIAnalysis aia = await().atMost(Duration.ofSeconds(30)).until(() -> app.analysis(name),
        a -> a != null && a.getStatus() != null && a.getStatus().getPhase() == AnalysisPhase.Completed);
    // No recommendation from the LLM: the rule engine answered after it, in the same handed-over call.
    assertThat(aia.getStatus().getFallbacks()).anySatisfy(f -> assertThat(f).startsWith("llm:"));
    assertThat(aia.getStatus().getInvestigator()).isEqualTo("rules");
  }
}
