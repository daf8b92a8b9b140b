package io.kubernaut.ports.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * The pipeline settings from {@code kubernaut-config} that the central controller decides with.
 *
 * @param timeouts phase and overall timeouts
 * @param retention how long a terminal remediation is kept before audit-gated deletion
 * @param dryRun stop before execution with outcome DryRun
 * @param killSwitch block every execution
 */
public record PipelinePolicy(TimeoutSettings timeouts, Duration retention, boolean dryRun, boolean killSwitch) {
  public PipelinePolicy {
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(retention, "retention");
  }

  /** Every default: SPEC timeouts, 24 h retention, no dry run, no kill switch. */
  public static PipelinePolicy defaults() {
    return new PipelinePolicy(TimeoutSettings.standard(), Duration.ofHours(24), false, false);
  }
}
