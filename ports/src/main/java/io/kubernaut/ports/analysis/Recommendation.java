package io.kubernaut.ports.analysis;

import io.kubernaut.ports.signal.TargetRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One recommended action.
 *
 * @param id a step id unique within the analysis, referenced by {@code dependsOn}
 * @param action the catalog action name, e.g. {@code increase_resources}
 * @param target the object it acts on
 * @param parameters the action's parameters
 * @param confidence 0..1
 * @param risk LOW, MEDIUM or HIGH
 * @param rationale a sentence citing the evidence; at most {@value #MAX_RATIONALE} characters, a
 *     longer one cut with an ellipsis
 * @param dependsOn ids of steps that must complete first
 */
public record Recommendation(String id, String action, TargetRef target, Map<String, String> parameters,
    double confidence, String risk, String rationale, List<String> dependsOn) {
  public static final int MAX_RATIONALE = 500;

  public Recommendation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    dependsOn = List.copyOf(dependsOn == null ? List.of() : new java.util.LinkedHashSet<>(dependsOn)); // once each
    risk = risk == null ? "MEDIUM" : risk;
    rationale = rationale == null ? "" : rationale.length() <= MAX_RATIONALE ? rationale
        : rationale.substring(0, MAX_RATIONALE - 1) + "\u2026";
  }
}
