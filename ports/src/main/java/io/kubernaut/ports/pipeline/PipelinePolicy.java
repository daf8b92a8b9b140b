package io.kubernaut.ports.pipeline;

import io.kubernaut.ports.analysis.AnalysisGates;
import java.time.Duration;
import java.util.Objects;

/**
 * The pipeline settings from {@code kubernaut-config} that the central controller decides with.
 *
 * @param timeouts phase and overall timeouts
 * @param retention how long a terminal remediation is kept before audit-gated deletion
 * @param dryRun stop before execution with outcome DryRun
 * @param killSwitch block every execution
 * @param gates the analysis confidence and approval thresholds ({@code gates.yaml})
 */
public record PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch,
    AnalysisGates gates) {
  public PipelinePolicy {
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(retention, "retention");
    gates = gates == null ? AnalysisGates.defaults() : gates;
  }

  /** A policy with the default analysis gates. */
  public PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch) {
    this(timeouts, retention, dryRun, killSwitch, AnalysisGates.defaults());
  }

  /** Every default: SPEC timeouts, 24 h retention, no dry run, no kill switch, gates 0.7 / 0.8. */
  public static PipelinePolicy defaults() {
    return new PipelinePolicy(TimeoutSettings.standard(), Duration.ofHours(24), false, false);
  }
}
