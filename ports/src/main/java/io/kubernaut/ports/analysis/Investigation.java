package io.kubernaut.ports.analysis;

import java.util.List;
import java.util.Objects;

/**
 * One investigator's answer, before validation. What it says in prose is bounded, whatever the
 * investigator sent: a root cause of at most {@value #MAX_ROOT_CAUSE} characters, at most
 * {@value #MAX_EVIDENCE} items of evidence of at most {@value #MAX_EVIDENCE_ITEM} characters each,
 * longer ones cut with an ellipsis. An LLM's answer of megabytes would otherwise go into the
 * AIAnalysis status, whose write the API server refuses (an object holds at most about 1.5 MB), and
 * the analysis would retry until it timed out instead of ending with what the investigator found.
 *
 * @param rootCause the most likely root cause, one sentence
 * @param evidence the facts it rests on
 * @param recommendations proposed actions, best first
 * @param confidence the investigator's overall confidence, 0..1
 */
public record Investigation(String rootCause, List<String> evidence, List<Recommendation> recommendations,
    double confidence) {
  public static final int MAX_ROOT_CAUSE = 2_000;
  public static final int MAX_EVIDENCE = 20;
  public static final int MAX_EVIDENCE_ITEM = 500;

  public Investigation {
    Objects.requireNonNull(rootCause, "rootCause");
    rootCause = cut(rootCause, MAX_ROOT_CAUSE);
    evidence = (evidence == null ? List.<String>of() : evidence).stream().filter(Objects::nonNull).limit(MAX_EVIDENCE)
        .map(e -> cut(e, MAX_EVIDENCE_ITEM)).toList();
    recommendations = List.copyOf(recommendations == null ? List.of() : recommendations);
    if (Double.isNaN(confidence)) {
      confidence = 0;
    }
    confidence = Math.max(0, Math.min(1, confidence));
  }

  /** {@code text} when it has at most {@code max} characters, else its first {@code max - 1} and an ellipsis. */
  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }
}
