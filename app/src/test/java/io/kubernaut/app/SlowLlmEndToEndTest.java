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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An LLM that takes its time holds one of the analysis threads, never a reconcile thread that every
 * controller shares: while the stub holds the request, the thread waiting for it is a
 * {@code kubernaut-analysis-N} one, and the analysis shows the phase Investigating; an analysis
 * beyond the configured concurrency waits its turn; once the LLM answers, each analysis is written
 * through its answer's event, with no other change to wake it.
 */
class SlowLlmEndToEndTest {

  private static final CountDownLatch ASKED = new CountDownLatch(1);
  private static final CountDownLatch ANSWER = new CountDownLatch(1);
  private static final AtomicInteger REQUESTS = new AtomicInteger();

  @RegisterExtension
  static final EmbeddedOperator operator = EmbeddedOperator.builder()
      .setting("KUBERNAUT_INVESTIGATION_CONCURRENCY", "1").llmAnswering(request -> {
    REQUESTS.incrementAndGet();
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

  /** Whatever the test came to, the stub does not hold a request into the operator's stop. */
  @AfterAll
  static void letTheStubAnswer() {
    ANSWER.countDown();
  }

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
    // Another problem meanwhile: with one investigation at once (KUBERNAUT_INVESTIGATION_CONCURRENCY=1)
    // its analysis waits its turn, Investigating too, and the LLM is not asked a second time yet.
    String other = app.postFixture("oomkilled-batch.json");
    AIAnalysis queued = await().atMost(Duration.ofSeconds(30)).until(() -> app.analysis(other),
        a -> a != null && a.getStatus() != null && a.getStatus().getPhase() != null);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> REQUESTS.get() == 1);
    ANSWER.countDown();
    assertThat(meanwhile.getStatus().getPhase()).isEqualTo(AnalysisPhase.Investigating);
    assertThat(meanwhile.getStatus().getMessage()).contains("is asking its investigators");
    assertThat(queued.getStatus().getPhase()).isEqualTo(AnalysisPhase.Investigating);

    assertThat(waiting).as("threads inside the LLM call").isNotEmpty()
        .allSatisfy(thread -> assertThat(thread).startsWith("kubernaut-analysis-"));
    AIAnalysis aia = await().atMost(Duration.ofSeconds(30)).until(() -> app.analysis(name),
        a -> a != null && a.getStatus() != null && a.getStatus().getPhase() == AnalysisPhase.Completed);
    // No recommendation from the LLM: the rule engine answered after it, in the same handed-over call.
    assertThat(aia.getStatus().getFallbacks()).anySatisfy(f -> assertThat(f).startsWith("llm:"));
    assertThat(aia.getStatus().getInvestigator()).isEqualTo("rules");
    AIAnalysis after = await().atMost(Duration.ofSeconds(30)).until(() -> app.analysis(other),
        a -> a.getStatus().getPhase() == AnalysisPhase.Completed);
    assertThat(after.getStatus().getFallbacks()).anySatisfy(f -> assertThat(f).startsWith("llm:"));
    assertThat(REQUESTS.get()).isGreaterThanOrEqualTo(2);
  }
}
