package io.kubernaut.ports.analysis;

import java.util.List;
import java.util.Objects;

/**
 * The validated, gated outcome of the investigator chain.
 *
 * @param investigator the investigator whose answer was used ({@code none} when nobody answered)
 * @param rootCause the most likely root cause
 * @param evidence the facts it rests on
 * @param recommendations validated recommendations, re-ranked by history, best first
 * @param dropped what validation removed, from every investigator tried
 * @param fallbacks investigators that were tried and did not answer validly, with the reason
 * @param confidence the overall confidence after validation and ranking, 0..1
 * @param approvalRequired whether a human must approve before execution
 * @param recommendOnly whether nothing may run at all
 * @param gateReason a sentence explaining the gates' verdict
 */
public record AnalysisResult(String investigator, String rootCause, List<String> evidence,
    List<Recommendation> recommendations, List<DroppedAction> dropped, List<String> fallbacks, double confidence,
    boolean approvalRequired, boolean recommendOnly, String gateReason) {
  public AnalysisResult {
    Objects.requireNonNull(investigator, "investigator");
    rootCause = rootCause == null ? "" : rootCause;
    evidence = List.copyOf(evidence == null ? List.of() : evidence);
    recommendations = List.copyOf(recommendations == null ? List.of() : recommendations);
    dropped = List.copyOf(dropped == null ? List.of() : dropped);
    fallbacks = List.copyOf(fallbacks == null ? List.of() : fallbacks);
    gateReason = gateReason == null ? "" : gateReason;
  }

  /** Whether some investigator answered with at least one valid recommendation. */
  public boolean answered() {
    return !recommendations.isEmpty();
  }
}
