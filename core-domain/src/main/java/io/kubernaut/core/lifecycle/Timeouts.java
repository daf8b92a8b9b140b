package io.kubernaut.core.lifecycle;

import io.kubernaut.ports.pipeline.TimeoutSettings;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Duration;
import java.util.Optional;

/** Computes effective timeouts: default, then the environment override, then the severity override. */
public final class Timeouts {

  private Timeouts() {}

  /** The timeout for {@code key} in this environment and severity. */
  public static Duration effective(TimeoutSettings settings, String key, String environment, String severity) {
    return settings.effective(key, environment, severity);
  }

  /** The key of the per-phase timeout that applies while in {@code phase}, if any. */
  public static Optional<String> keyOf(RemediationPhase phase) {
    return switch (phase) {
      case Pending, Processing -> Optional.of(TimeoutSettings.PROCESSING);
      case Analyzing -> Optional.of(TimeoutSettings.ANALYSIS);
      case AwaitingApproval -> Optional.of(TimeoutSettings.APPROVAL);
      case Executing -> Optional.of(TimeoutSettings.WORKFLOW);
      default -> Optional.empty();
    };
  }
}
