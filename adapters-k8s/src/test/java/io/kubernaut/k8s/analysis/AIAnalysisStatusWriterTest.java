package io.kubernaut.k8s.analysis;

import io.kubernaut.core.lifecycle.PhaseMachines;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.k8s.fakes.Resources;
import static io.kubernaut.k8s.fakes.Resources.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.DroppedAction;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AIAnalysisStatusWriterTest {

  private static final Instant STARTED = Instant.parse("2026-11-20T10:00:01Z");
  private static final Instant DONE = Instant.parse("2026-11-20T10:00:03Z");
  private static final Recommendation RESTART = new Recommendation("1", "rollout_restart",
      new TargetRef("Deployment", "shop", "api"), Map.of(), 0.85, "LOW", "The pods crash-loop.", List.of());

  private static AnalysisResult result(List<Recommendation> recommendations, List<String> fallbacks, boolean approval,
      boolean recommendOnly) {
    return new AnalysisResult("rules", "The container exits on start.", List.of("3 restarts in 5 minutes"),
        recommendations, List.of(new DroppedAction("llm", "delete_namespace", "Namespace/shop",
            io.kubernaut.ports.analysis.DropRule.UNKNOWN_ACTION, "not in the catalog")),
        fallbacks, 0.85, approval, recommendOnly, "Confidence 0.85 passes the gates.");
  }

  private static AIAnalysisStatus finished(AnalysisResult result) {
    return AIAnalysisStatusWriter.finished(Resources.analysis(), result, STARTED, DONE);
  }

  @Test
  void aFinishedAnalysisRecordsEveryPhaseWithItsTimeAndTheGatedResult() {
    AIAnalysisStatus status = finished(result(List.of(RESTART), List.of(), false, false));

    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(followsTheMachine(status)).as("the history follows the AIAnalysis phase machine").isTrue();
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase, PhaseTransition::getEnteredAt)
        .containsExactly(tuple("Investigating", STARTED.toString()),
            tuple("Analyzing", DONE.toString()),
            tuple("Recommending", DONE.toString()),
            tuple("Completed", DONE.toString()));
    assertThat(status.getInvestigator()).isEqualTo("rules");
    assertThat(status.getRecommendations()).containsExactly(RESTART);
    assertThat(status.getDropped()).singleElement().satisfies(d -> assertThat(d.getReason())
        .isEqualTo("llm proposed it for Namespace/shop: not in the catalog"));
    assertThat(status.getConfidence()).isEqualTo(0.85);
    assertThat(status.getStartTime()).isEqualTo(STARTED.toString());
    assertThat(status.getCompletionTime()).isEqualTo(DONE.toString());
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getMessage()).startsWith("AIAnalysis ar-1-analysis: rules recommends rollout_restart on Deployment/shop/api")
        .endsWith("The AlertRemediation proceeds to execution.");
    assertThat(condition(status, "Ready")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("Analyzed");
    });
    assertThat(condition(status, "Degraded")).as("no investigator fell through").isNull();
  }

  @Test
  void anAnswerAfterFallbacksIsMarkedDegradedWithTheFallbacks() {
    AIAnalysisStatus status = finished(result(List.of(RESTART), List.of("llm: timed out after 30s"), false, false));

    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(status.getFallbacks()).containsExactly("llm: timed out after 30s");
    assertThat(status.getPhaseHistory().get(1).getReason()).isEqualTo("rules answered after 1 fallbacks; "
        + "validating its recommendations against the action catalog.");
    assertThat(condition(status, "Degraded")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getMessage()).isEqualTo("Investigators fell through: llm: timed out after 30s");
    });
  }

  @Test
  void theMessageNamesTheNextStepForApprovalRecommendOnlyAndNoValidRecommendation() {
    assertThat(finished(result(List.of(RESTART), List.of(), true, false)).getMessage())
        .endsWith("The AlertRemediation waits for approval: kubectl kubernaut approve ar-1 -n kubernaut-system.");
    assertThat(finished(result(List.of(RESTART), List.of(), false, true)).getMessage())
        .endsWith("The AlertRemediation ends for manual review.");
    assertThat(finished(result(List.of(), List.of(), false, true)).getMessage())
        .startsWith("AIAnalysis ar-1-analysis found no valid recommendation (1 dropped).")
        .endsWith("The AlertRemediation ends for manual review.");
  }

  @Test
  void whenNoInvestigatorAnsweredTheAnalysisFailsNamingTheFallbacks() {
    AnalysisResult nobody = new AnalysisResult(AIAnalysisStatusWriter.NOBODY, null, null, null, null,
        List.of("llm: connection refused", "rules: no rule matched"), 0, false, true, null);

    AIAnalysisStatus status = finished(nobody);

    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.getMessage()).isEqualTo("AIAnalysis ar-1-analysis failed: no investigator answered "
        + "(llm: connection refused; rules: no rule matched). The parent AlertRemediation fails with it; check the "
        + "investigator settings.");
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase).containsExactly("Investigating", "Failed");
    assertThat(followsTheMachine(status)).isTrue();
    assertThat(status.getRecommendations()).isNull();
    assertThat(condition(status, "Ready")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("NoInvestigatorAnswered");
    });
  }

  @Test
  void aFailedAnalysisStartsAndEndsAtTheGivenTimes() {
    AIAnalysisStatus status = AIAnalysisStatusWriter.failed(Resources.analysis(), "the analysis failed: boom", STARTED, DONE);

    assertThat(status.getStartTime()).isEqualTo(STARTED.toString());
    assertThat(status.getCompletionTime()).isEqualTo(DONE.toString());
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getEnteredAt)
        .containsExactly(STARTED.toString(), DONE.toString());
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
  }

  /** The largest answer the chain lets through: its bounds, each at its most, leave the status far below the cap. */
  @Test
  void theLargestAnswerTheChainPassesIsWrittenWholeAndWellBelowTheCap() {
    String name = "n".repeat(253);
    List<Recommendation> recs = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // 64 KiB of parameters in all (the chain's MAX_ANSWER_PARAMETERS), ids of 63, targets of 253 characters.
      recs.add(new Recommendation(String.format("%063d", i), "increase_resources", new TargetRef("Deployment", name, name),
          Map.of("container", "c".repeat(64 * 1024 / 20 - 9)), 0.9, "MEDIUM", "r".repeat(500),
          recs.stream().map(Recommendation::id).toList()));
    }
    List<DroppedAction> drops = new java.util.ArrayList<>();
    for (int i = 0; i < 4 * 21; i++) { // four investigators, each dropping 20 actions and the rest unread
      drops.add(new DroppedAction("holmesgpt", "a".repeat(120), "t".repeat(120),
          io.kubernaut.ports.analysis.DropRule.INVALID_PARAMETERS, "x".repeat(1_000)));
    }
    AnalysisResult largest = new AnalysisResult("holmesgpt", "c".repeat(2_000),
        java.util.Collections.nCopies(20, "e".repeat(500)), recs, drops,
        java.util.Collections.nCopies(3, "f".repeat(400)), 0.9, true, false, "g".repeat(300));

    AIAnalysisStatus status = finished(largest);

    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(status.getRecommendations()).isEqualTo(recs);
    assertThat(status.getDropped()).hasSize(84);
    assertThat(json(status).length).as("bytes of the largest status").isLessThan(AIAnalysisStatusWriter.MAX_STATUS_BYTES / 2);
  }

  @Test
  void dropsPastTheCapAreCountedInOneEntryAndEveryRecommendationIsKept() {
    List<DroppedAction> drops = java.util.stream.IntStream.range(0, 800).mapToObj(i -> new DroppedAction("llm-" + i,
        "scale_deployment", "Deployment/shop/api", io.kubernaut.ports.analysis.DropRule.OUT_OF_SCOPE, "y".repeat(1_000)))
        .toList();
    AnalysisResult many = new AnalysisResult("rules", "cause", List.of(), List.of(RESTART), drops, List.of(), 0.85,
        false, false, "Confidence 0.85 passes the gates.");

    AIAnalysisStatus status = finished(many);

    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(status.getRecommendations()).containsExactly(RESTART);
    assertThat(json(status).length).isLessThanOrEqualTo(AIAnalysisStatusWriter.MAX_STATUS_BYTES);
    List<io.kubernaut.k8s.crd.DroppedRecommendation> listed = status.getDropped();
    assertThat(listed.size()).isBetween(100, 799);
    assertThat(listed.subList(0, listed.size() - 1)).extracting(d -> d.getReason().substring(0, 7))
        .as("the first drops, in order").containsExactlyElementsOf(java.util.stream.IntStream.range(0, listed.size() - 1)
            .mapToObj(i -> ("llm-" + i + " proposed").substring(0, 7)).toList());
    java.util.regex.Matcher summary = java.util.regex.Pattern.compile("(\\d+) more drops are not listed: all 800 would "
        + "make the status (\\d+) bytes, more than the 524288 an analysis is written with\\.")
        .matcher(listed.get(listed.size() - 1).getReason());
    assertThat(summary.matches()).as(listed.get(listed.size() - 1).getReason()).isTrue();
    assertThat(Integer.parseInt(summary.group(1))).isEqualTo(800 - (listed.size() - 1));
    assertThat(Long.parseLong(summary.group(2))).isGreaterThan(AIAnalysisStatusWriter.MAX_STATUS_BYTES);
  }

  @Test
  void theCapCountsWhatTheApiServerStoresWhereJacksonWritesLess() {
    // '<' is one byte as Jackson writes it and six (\u003c) as the API server stores it: 200 drops of 1,000 make
    // about 200 KB here and 1.2 MB there.
    List<DroppedAction> drops = java.util.stream.IntStream.range(0, 200).mapToObj(i -> new DroppedAction("llm",
        "scale_deployment", "Deployment/shop/api", io.kubernaut.ports.analysis.DropRule.OUT_OF_SCOPE, "<".repeat(1_000)))
        .toList();

    AIAnalysisStatus status = finished(new AnalysisResult("rules", "cause", List.of(), List.of(RESTART), drops, List.of(),
        0.85, false, false, "ok"));

    byte[] json = json(status);
    long escapes = new String(json, java.nio.charset.StandardCharsets.UTF_8).chars().filter(c -> c == '<').count();
    assertThat(json.length + 5 * escapes).as("bytes as stored").isLessThanOrEqualTo(AIAnalysisStatusWriter.MAX_STATUS_BYTES);
    assertThat(status.getDropped().size()).as("listed up to the cap, the rest counted").isBetween(2, 199);
    assertThat(status.getRecommendations()).containsExactly(RESTART);
  }

  @Test
  void anAnswerTooLargeEvenWithoutItsDropsFailsTheAnalysisSayingWhy() {
    // Not possible through the chain's bounds (a hand-built result): the status is refused, not written too large.
    List<Recommendation> huge = java.util.stream.IntStream.range(0, 20).mapToObj(i -> new Recommendation("s" + i,
        "notify_only", new TargetRef("Deployment", "shop", "api"), Map.of("message", "z".repeat(40_000)), 0.9, "LOW",
        "why", List.of())).toList();

    AIAnalysisStatus status = finished(new AnalysisResult("llm", "cause", List.of(), huge, List.of(), List.of(), 0.9,
        false, false, "ok"));

    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.getRecommendations()).isNull();
    assertThat(condition(status, "Ready").getReason()).isEqualTo("AnswerTooLarge");
    assertThat(status.getMessage()).startsWith("AIAnalysis ar-1-analysis failed: llm's answer would make a status of ")
        .endsWith(" bytes, more than the 524288 an analysis is written with, even without its drops, so it is refused. "
            + "The parent AlertRemediation fails with it; a human must review the alert.");
  }

  private static byte[] json(Object o) {
    return io.fabric8.kubernetes.client.utils.Serialization.asJson(o).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static boolean followsTheMachine(AIAnalysisStatus status) {
    return PhaseMachines.path(AnalysisPhase.class, null, status.getPhaseHistory().stream()
        .map(t -> Phase.parse(AnalysisPhase.class, t.getPhase())).toList()).legal();
  }
}
