package io.kubernaut.ports.pipeline;

import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.verification.VerificationPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The pipeline settings from {@code kubernaut-config} that the central controller decides with.
 *
 * @param timeouts phase and overall timeouts
 * @param retention how long a terminal remediation is kept before audit-gated deletion
 * @param dryRun stop before execution with outcome DryRun
 * @param killSwitch block every execution
 * @param gates the analysis confidence and approval thresholds ({@code gates.yaml})
 * @param safety the execution envelope's limits, per environment ({@code safety.yaml})
 * @param stormThresholds alert-storm thresholds from {@code storm.yaml} as
 *     {@code env=count/rateCount/window,...}, or {@code null} to keep the operator's setting
 * @param verification the verification checks per alert ({@code verification.yaml})
 * @param environments namespace name → environment, for namespaces without an environment label
 *     ({@code environments.yaml}); consulted after the label and before the name patterns
 * @param routing the path by environment × priority and the rollback strategy per environment ({@code routing.yaml})
 */
public record PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch,
    AnalysisGates gates, SafetyPolicy safety, String stormThresholds, VerificationPolicy verification,
    Map<String, Environment> environments, RoutingPolicy routing) {
  public PipelinePolicy {
    routing = routing == null ? RoutingPolicy.defaults() : routing;
    verification = verification == null ? VerificationPolicy.defaults() : verification;
    environments = environments == null ? Map.of() : Map.copyOf(environments);
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(retention, "retention");
    gates = gates == null ? AnalysisGates.defaults() : gates;
    safety = safety == null ? SafetyPolicy.standard() : safety;
  }

  /** A policy with the default routing. */
  public PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch,
      AnalysisGates gates, SafetyPolicy safety, String stormThresholds, VerificationPolicy verification,
      Map<String, Environment> environments) {
    this(timeouts, retention, dryRun, killSwitch, gates, safety, stormThresholds, verification, environments, null);
  }

  /** A policy without environment overrides. */
  public PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch,
      AnalysisGates gates, SafetyPolicy safety, String stormThresholds, VerificationPolicy verification) {
    this(timeouts, retention, dryRun, killSwitch, gates, safety, stormThresholds, verification, null);
  }

  /** A policy with the default verification checks. */
  public PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch,
      AnalysisGates gates, SafetyPolicy safety, String stormThresholds) {
    this(timeouts, retention, dryRun, killSwitch, gates, safety, stormThresholds, null);
  }

  /** A policy without storm thresholds of its own. */
  public PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch,
      AnalysisGates gates, SafetyPolicy safety) {
    this(timeouts, retention, dryRun, killSwitch, gates, safety, null);
  }

  /** A policy with the default safety envelope. */
  public PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch,
      AnalysisGates gates) {
    this(timeouts, retention, dryRun, killSwitch, gates, SafetyPolicy.standard());
  }

  /** A policy with the default analysis gates. */
  public PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch,
      SafetyPolicy safety) {
    this(timeouts, retention, dryRun, killSwitch, AnalysisGates.defaults(), safety);
  }

  /** A policy with the default analysis gates and safety envelope. */
  public PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch) {
    this(timeouts, retention, dryRun, killSwitch, AnalysisGates.defaults(), SafetyPolicy.standard());
  }

  /**
   * How long after its end a deleted remediation's execution still counts for the safety rules: the
   * longer of the longest safety window and the retention (as long as retention would have kept it).
   */
  public Duration safetyHistoryHorizon() {
    Duration window = safety().longestWindow();
    return window.compareTo(retention) >= 0 ? window : retention;
  }

  /** Every default: SPEC timeouts, 24 h retention, no dry run, no kill switch, gates 0.7 / 0.8, standard safety. */
  public static PipelinePolicy defaults() {
    return new PipelinePolicy(TimeoutSettings.standard(), Duration.ofHours(24), false, false);
  }
}
