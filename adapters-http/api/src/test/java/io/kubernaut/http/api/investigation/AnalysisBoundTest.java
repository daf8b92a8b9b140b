package io.kubernaut.http.api.investigation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The analysis API runs at most its bound of investigator chains at once: one more caller is
 * answered 503 with Retry-After and an RFC 7807 problem, and its request never reaches the chain.
 */
class AnalysisBoundTest {

  private static final String INVESTIGATE = """
      {"context": {"alertName": "KubePodCrashLooping", "namespace": "shop", "podName": "api-1"}}""";
  private static final String RECOVER = """
      {"incident_id": "inc-1", "failed_action": {"type": "restart_pod", "target": "Pod/shop/api-1"}}""";

  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();
  private ApiTestServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aCallerBeyondTheBoundIsAnswered503WithRetryAfterAndTheChainIsNotCalled() throws Exception {
    AnalyzeAlert slowChain = chain(true, this::holdUntilReleased);
    AnalysisContext context = boundToOne();
    server = ApiTestServer.start(new InvestigationRoutes(slowChain, PipelinePolicy::defaults, context, Clock.systemUTC()));

    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
        () -> server.post("/api/v1/investigate", INVESTIGATE));
    assertThat(entered.await(10, TimeUnit.SECONDS)).as("the first analysis is running").isTrue();

    HttpResponse<String> second = server.post("/api/v1/recovery/analyze", RECOVER);

    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.headers().firstValue("Retry-After")).contains(String.valueOf(AnalysisContext.RETRY_AFTER_SECONDS));
    assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = new ObjectMapper().readTree(second.body());
    assertThat(problem.path("status").asInt()).isEqualTo(503);
    assertThat(problem.path("detail").asText()).contains("KUBERNAUT_API_MAX_CONCURRENT_ANALYSES")
        .contains("nothing was called");
    assertThat(calls.get()).as("the refused request never reached the chain").isEqualTo(1);

    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    HttpResponse<String> third = server.post("/api/v1/recovery/analyze", RECOVER);
    assertThat(third.statusCode()).as("the place is free again once the first ended").isEqualTo(200);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void aFailingChainGivesItsPlaceBack() throws Exception {
    AnalyzeAlert failing = chain(true, () -> {
      throw new IllegalStateException("the chain broke");
    });
    AnalysisContext context = boundToOne();
    server = ApiTestServer.start(new InvestigationRoutes(failing, PipelinePolicy::defaults, context, Clock.systemUTC()));

    HttpResponse<String> a = server.post("/api/v1/investigate", INVESTIGATE);
    HttpResponse<String> b = server.post("/api/v1/investigate", INVESTIGATE);

    assertThat(a.statusCode()).isEqualTo(500);
    assertThat(b.statusCode()).as("not 503: the failed analysis released its place").isEqualTo(500);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void theRuleEngineAloneCallsNothingOutsideAndIsNotBounded() throws Exception {
    AnalyzeAlert rules = chain(false, this::holdUntilReleased);
    AnalysisContext context = boundToOne();
    server = ApiTestServer.start(new InvestigationRoutes(rules, PipelinePolicy::defaults, context, Clock.systemUTC()));

    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
        () -> server.post("/api/v1/investigate", INVESTIGATE));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(
        () -> server.post("/api/v1/investigate", INVESTIGATE));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (calls.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    assertThat(calls.get()).as("both ran at once although the bound is 1").isEqualTo(2);
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  /** One analysis at once; no cluster, so each runs on the request body alone. */
  private static AnalysisContext boundToOne() {
    ProcessAlert unreadable = request -> {
      throw new IllegalStateException("no cluster in this test");
    };
    return new AnalysisContext(new ObjectMapper(), unreadable, Clock.systemUTC(), 1);
  }

  /** Says it entered, then holds its thread until the test releases it. */
  private void holdUntilReleased() {
    entered.countDown();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A chain that counts its calls and runs {@code work} in each; {@code callsOut} as an LLM chain says it. */
  private AnalyzeAlert chain(boolean callsOut, Runnable work) {
    return new AnalyzeAlert() {
      @Override
      public AnalysisResult analyze(InvestigationRequest request, AnalysisGates gates) {
        calls.incrementAndGet();
        work.run();
        return new AnalysisResult(callsOut ? "llm" : "rules", "It crashes on start.", List.of(), List.of(), List.of(),
            List.of(), 0.9, false, false, "");
      }

      @Override
      public boolean callsOut() {
        return callsOut;
      }

      @Override
      public AnalysisResult assess(InvestigationRequest request, Recommendation proposed, AnalysisGates gates) {
        throw new UnsupportedOperationException("not used by these routes");
      }
    };
  }
}
