package io.kubernaut.ports.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The safety envelope's configuration: default limits, overrides per environment, and the
 * namespaces no action may touch (the operator's own is always added).
 *
 * @param fallback limits for environments without an override
 * @param byEnvironment limits per environment wire name, e.g. {@code production}
 * @param protectedNamespaces namespaces denied to every action; {@link #DEFAULT_PROTECTED} are always
 *     among them, whatever a configured list says (a list that left out kube-system would otherwise
 *     open it to every check made at execution, where routing alone kept it out)
 * @param budget the cluster-wide disruption budget, the same for every environment
 */
public record SafetyPolicy(SafetyLimits fallback, Map<String, SafetyLimits> byEnvironment, Set<String> protectedNamespaces,
    DisruptionBudget budget) {

  /** The namespaces always protected, and the only ones when nothing else is configured. */
  public static final Set<String> DEFAULT_PROTECTED = Set.of("kube-system", "kube-public");

  public SafetyPolicy {
    Objects.requireNonNull(fallback, "fallback");
    byEnvironment = Map.copyOf(byEnvironment == null ? Map.of() : byEnvironment);
    java.util.Set<String> all = new java.util.HashSet<>(DEFAULT_PROTECTED);
    if (protectedNamespaces != null) {
      all.addAll(protectedNamespaces);
    }
    protectedNamespaces = Set.copyOf(all);
    budget = budget == null ? DisruptionBudget.defaults() : budget;
  }

  /** The envelope with the default disruption budget. */
  public SafetyPolicy(SafetyLimits fallback, Map<String, SafetyLimits> byEnvironment, Set<String> protectedNamespaces) {
    this(fallback, byEnvironment, protectedNamespaces, DisruptionBudget.defaults());
  }

  /** Default limits and budget everywhere; kube-system and kube-public protected. */
  public static SafetyPolicy standard() {
    return new SafetyPolicy(SafetyLimits.defaults(), Map.of(), DEFAULT_PROTECTED, DisruptionBudget.defaults());
  }

  /**
   * How far back each rule that reads past executions looks, the longest over every environment, by
   * the name safety.yaml gives it: {@code cooldown}, {@code failureBlock}, {@code oscillationWindow},
   * {@code failedVerificationWindow}, and {@code maxActionsPerHour} (an hour) when that budget is set.
   */
  public Map<String, Duration> windows() {
    Map<String, Duration> windows = new LinkedHashMap<>();
    List<SafetyLimits> all = new ArrayList<>(byEnvironment.values());
    all.add(0, fallback);
    for (SafetyLimits l : all) {
      windows.merge("cooldown", l.cooldown(), SafetyPolicy::longer);
      windows.merge("failureBlock", l.failureBlock(), SafetyPolicy::longer);
      windows.merge("oscillationWindow", l.oscillationWindow(), SafetyPolicy::longer);
      windows.merge("failedVerificationWindow", l.verification().failedWindow(), SafetyPolicy::longer);
    }
    if (budget.maxActionsPerHour() > 0 || !budget.maxActionsPerHourByClass().isEmpty()) {
      windows.put("maxActionsPerHour", Duration.ofHours(1));
    }
    return windows;
  }

  /** The longest of {@link #windows()}: how long after its last activity an execution can still change a verdict. */
  public Duration longestWindow() {
    return windows().values().stream().reduce(Duration.ZERO, SafetyPolicy::longer);
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The limits for {@code environment}, or the defaults. */
  public SafetyLimits limitsFor(String environment) {
    return environment == null ? fallback : byEnvironment.getOrDefault(environment, fallback);
  }
}
