package io.kubernaut.ports.out;

import io.kubernaut.ports.history.ActionEffectiveness;
import io.kubernaut.ports.history.IncidentDescription;
import io.kubernaut.ports.history.Patterns;
import io.kubernaut.ports.history.RemediationRecord;
import io.kubernaut.ports.history.SimilarIncident;
import io.kubernaut.ports.history.SuccessRate;
import io.kubernaut.ports.history.TargetEffectiveness;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Driven port: what past remediations teach. Feeds the context and intelligence APIs and the
 * rule investigator's ranking. Dry runs count in no figure.
 *
 * <p>Every method throws {@link io.kubernaut.ports.failure.RetryableException} when the store
 * cannot be reached.
 */
public interface RemediationHistory {

  /**
   * Success rates per (alert name, action, target kind) of actions since the instant, of {@code alertName}'s alone
   * when given, best first; at most {@code limit} of them.
   */
  List<ActionEffectiveness> effectiveness(Instant since, java.util.Optional<String> alertName, int limit);

  /** Success rates per (target object, action) of actions since the instant; at most {@code limit} of them. */
  List<TargetEffectiveness> effectivenessByTarget(Instant since, int limit);

  /** For the rule engine's ranking: each action's success rate for this alert name, all time. */
  Map<String, SuccessRate> successRates(String alertName);

  /**
   * Recurring fingerprints (at least {@code minRemediations} remediations created since the
   * instant) and ineffective actions (at least {@code minAttempts} attempts and a success rate
   * below {@code ineffectiveBelow}), most remediations and lowest rate first; at most {@code limit} of each.
   */
  Patterns patterns(Instant since, int minRemediations, int minAttempts, double ineffectiveBelow, int limit);

  /** The remediations of one target object, newest first. */
  List<RemediationRecord> historyOf(TargetRef target, int limit);

  /** Past incidents most similar to the description (cosine at least {@code minSimilarity}), most similar first. */
  List<SimilarIncident> similar(IncidentDescription incident, int limit, double minSimilarity);
}
