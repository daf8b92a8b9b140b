package io.kubernaut.http.api.audit;

import io.kubernaut.ports.failure.RetryableException;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory {@link RemediationHistory}: canned answers set by the test, and the questions it was asked. */
final class InMemoryRemediationHistory implements RemediationHistory {

  /** One question: the method and its arguments. */
  record Asked(String method, List<Object> arguments) {}

  List<ActionEffectiveness> effectiveness = List.of();
  List<TargetEffectiveness> byTarget = List.of();
  Map<String, SuccessRate> rates = Map.of();
  Patterns patterns = new Patterns(List.of(), List.of());
  final Map<TargetRef, List<RemediationRecord>> histories = new HashMap<>();
  List<SimilarIncident> similar = List.of();
  boolean unavailable;
  final List<Asked> asked = new ArrayList<>();

  private void ask(String method, Object... arguments) {
    asked.add(new Asked(method, List.of(arguments)));
    if (unavailable) {
      throw new RetryableException("connection refused (in-memory outage)");
    }
  }

  @Override
  public List<ActionEffectiveness> effectiveness(Instant since, java.util.Optional<String> alertName, int limit) {
    ask("effectiveness", since, alertName, limit);
    return effectiveness.stream().filter(e -> alertName.isEmpty() || alertName.get().equals(e.alertName()))
        .limit(limit).toList();
  }

  @Override
  public List<TargetEffectiveness> effectivenessByTarget(Instant since, int limit) {
    ask("effectivenessByTarget", since, limit);
    return byTarget.stream().limit(limit).toList();
  }

  @Override
  public Map<String, SuccessRate> successRates(String alertName) {
    ask("successRates", alertName);
    return rates;
  }

  @Override
  public Patterns patterns(Instant since, int minRemediations, int minAttempts, double ineffectiveBelow, int limit) {
    ask("patterns", since, minRemediations, minAttempts, ineffectiveBelow, limit);
    return new Patterns(patterns.recurring().stream().limit(limit).toList(),
        patterns.ineffective().stream().limit(limit).toList());
  }

  @Override
  public List<RemediationRecord> historyOf(TargetRef target, int limit) {
    ask("historyOf", target, limit);
    return histories.getOrDefault(target, List.of());
  }

  @Override
  public List<SimilarIncident> similar(IncidentDescription incident, int limit, double minSimilarity) {
    ask("similar", incident, limit, minSimilarity);
    return similar;
  }
}
