package io.kubernaut.ports.analysis;

import java.util.List;
import java.util.Objects;

/**
 * One investigator's answer, before validation.
 *
 * @param rootCause the most likely root cause, one sentence
 * @param evidence the facts it rests on
 * @param recommendations proposed actions, best first
 * @param confidence the investigator's overall confidence, 0..1
 */
public record Investigation(String rootCause, List<String> evidence, List<Recommendation> recommendations,
    double confidence) {
  public Investigation {
    Objects.requireNonNull(rootCause, "rootCause");
    evidence = List.copyOf(evidence == null ? List.of() : evidence);
    recommendations = List.copyOf(recommendations == null ? List.of() : recommendations);
    if (Double.isNaN(confidence)) {
      confidence = 0;
    }
    confidence = Math.max(0, Math.min(1, confidence));
  }
}
