package io.kubernaut.core.analysis;

import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.remediation.Environment;
import java.util.List;

/**
 * The gates: overall confidence below {@code minConfidence} (or nothing valid) means
 * recommend-only; in production, confidence below {@code productionApprovalConfidence} or any
 * high-risk action means approval required.
 */
final class AnalysisGate {

  /** The gates' verdict. */
  record Verdict(double confidence, boolean approvalRequired, boolean recommendOnly, String reason) {}

  private AnalysisGate() {}

  /** The overall confidence is the investigator's, capped by the best surviving recommendation's. */
  static Verdict apply(double investigatorConfidence, List<Recommendation> kept, Environment environment,
      AnalysisGates gates) {
    if (kept.isEmpty()) {
      return new Verdict(0, false, true, "No recommendation passed validation, so a human must review the alert.");
    }
    double best = kept.stream().mapToDouble(Recommendation::confidence).max().orElse(0);
    double confidence = Math.round(Math.min(investigatorConfidence, best) * 1000) / 1000.0;
    if (confidence < gates.minConfidence()) {
      return new Verdict(confidence, false, true, "Confidence " + confidence + " is below " + gates.minConfidence()
          + ", so nothing runs and a human reviews the recommendations.");
    }
    if (environment == Environment.PRODUCTION) {
      List<String> high = kept.stream().filter(r -> "HIGH".equals(r.risk())).map(Recommendation::action).toList();
      if (!high.isEmpty()) {
        return new Verdict(confidence, true, false, "High-risk action " + String.join(", ", high)
            + " in production needs approval.");
      }
      if (confidence < gates.productionApprovalConfidence()) {
        return new Verdict(confidence, true, false, "Confidence " + confidence + " is below "
            + gates.productionApprovalConfidence() + " in production, so a human must approve.");
      }
    }
    return new Verdict(confidence, false, false, "Confidence " + confidence + " passes the gates in "
        + environment.wireName() + "; no approval is needed.");
  }
}
