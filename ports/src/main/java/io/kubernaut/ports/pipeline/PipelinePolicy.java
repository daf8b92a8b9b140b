package io.kubernaut.ports.pipeline;

import io.kubernaut.ports.safety.SafetyPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * The pipeline settings from {@code kubernaut-config} that the central controller decides with.
 *
 * @param timeouts phase and overall timeouts
 * @param retention how long a terminal remediation is kept before audit-gated deletion
 * @param dryRun stop before execution with outcome DryRun
 * @param killSwitch block every execution
 * @param safety the execution envelope's limits, per environment
 */
public record PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch,
    SafetyPolicy safety) {
  public PipelinePolicy {
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(retention, "retention");
    safety = safety == null ? SafetyPolicy.standard() : safety;
  }

  /** A policy with the default safety envelope. */
  public PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch) {
    this(timeouts, retention, dryRun, killSwitch, SafetyPolicy.standard());
  }

  /** Every default: SPEC timeouts, 24 h retention, no dry run, no kill switch. */
  public static PipelinePolicy defaults() {
    return new PipelinePolicy(TimeoutSettings.standard(), Duration.ofHours(24), false, false);
  }
}
