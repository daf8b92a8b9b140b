package io.kubernaut.core.fakes;

import io.kubernaut.ports.history.ActionEffectiveness;
import io.kubernaut.ports.history.IncidentDescription;
import io.kubernaut.ports.history.Patterns;
import io.kubernaut.ports.history.RemediationRecord;
import io.kubernaut.ports.history.SimilarIncident;
import io.kubernaut.ports.history.SuccessRate;
import io.kubernaut.ports.history.TargetEffectiveness;
import io.kubernaut.ports.out.RemediationHistory;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory {@link RemediationHistory} holding only success rates per alert and action. */
public final class InMemoryRemediationHistory implements RemediationHistory {

  private final Map<String, Map<String, SuccessRate>> rates = new HashMap<>();

  public InMemoryRemediationHistory rate(String alertName, String action, SuccessRate rate) {
    rates.computeIfAbsent(alertName, k -> new HashMap<>()).put(action, rate);
    return this;
  }

  @Override
  public Map<String, SuccessRate> successRates(String alertName) {
    return Map.copyOf(rates.getOrDefault(alertName, Map.of()));
  }

  @Override
  public List<ActionEffectiveness> effectiveness(Instant since, java.util.Optional<String> alertName, int limit) {
    return List.of();
  }

  @Override
  public List<TargetEffectiveness> effectivenessByTarget(Instant since, int limit) {
    return List.of();
  }

  @Override
  public Patterns patterns(Instant since, int minRemediations, int minAttempts, double ineffectiveBelow, int limit) {
    return null;
  }

  @Override
  public List<RemediationRecord> historyOf(TargetRef target, int limit) {
    return List.of();
  }

  @Override
  public List<SimilarIncident> similar(IncidentDescription incident, int limit, double minSimilarity) {
    return List.of();
  }
}
