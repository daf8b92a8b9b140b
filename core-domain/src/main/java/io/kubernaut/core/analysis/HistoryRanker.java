package io.kubernaut.core.analysis;

import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.history.SuccessRate;
import io.kubernaut.ports.out.RemediationHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Re-ranks recommendations by how often each action worked for this alert before: the confidence
 * moves towards the historical success rate, the more so the more attempts there were
 * (weight attempts / (attempts + 5)). Without history, or when the store is down, nothing changes.
 */
final class HistoryRanker {

  private static final double PRIOR_WEIGHT = 5;

  private final RemediationHistory history;

  HistoryRanker(RemediationHistory history) {
    this.history = history;
  }

  List<Recommendation> rerank(String alertName, List<Recommendation> recommendations) {
    Map<String, SuccessRate> rates;
    try {
      rates = history == null ? Map.of() : history.successRates(alertName);
    } catch (RuntimeException e) {
      return recommendations;
    }
    if (rates == null || rates.isEmpty()) {
      return recommendations;
    }
    List<Recommendation> ranked = new ArrayList<>();
    for (Recommendation r : recommendations) {
      SuccessRate rate = rates.get(r.action());
      if (rate == null || rate.attempts() == 0) {
        ranked.add(r);
        continue;
      }
      double weight = rate.attempts() / (rate.attempts() + PRIOR_WEIGHT);
      double confidence = (1 - weight) * r.confidence() + weight * rate.rate();
      ranked.add(new Recommendation(r.id(), r.action(), r.target(), r.parameters(), Math.round(confidence * 1000) / 1000.0,
          r.risk(), r.rationale() + " History: " + rate.successes() + " of " + rate.attempts() + " earlier "
          + r.action() + " runs for this alert succeeded.", r.dependsOn()));
    }
    ranked.sort(Comparator.comparingDouble(Recommendation::confidence).reversed());
    return ranked;
  }
}
