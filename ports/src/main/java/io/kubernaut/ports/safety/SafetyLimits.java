package io.kubernaut.ports.safety;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of the execution envelope for one environment. Every value is configurable per
 * environment in ConfigMap {@code kubernaut-config} ({@code safety.yaml}).
 *
 * @param maxReplicas the most replicas a scale action may ask for
 * @param maxScaleFactor the largest ratio between the requested and the current replicas, either way
 * @param maxNodesDisrupted how many nodes may be cordoned, drained or tainted at once
 * @param cooldown how long the same action on the same target stays blocked after it ran
 * @param failureThreshold consecutive failed executions for one fingerprint that block it
 * @param failureBlock how long such a fingerprint stays blocked after its last failure
 * @param oscillationWindow how far back flapping (scale up/down, repeated restarts) is looked for
 * @param maxRestartsInWindow restarts of one target (or fingerprint) in the window that count as flapping
 * @param monitoringWindow how long a workflow waits for the alert to resolve or the target to turn healthy
 * @param maxAttempts how many attempts one step may make
 * @param bounds how far raising container limits and growing volumes may go
 * @param verification what follows a failed verification, and when repeated failures block an action
 */
public record SafetyLimits(int maxReplicas, double maxScaleFactor, int maxNodesDisrupted, Duration cooldown,
    int failureThreshold, Duration failureBlock, Duration oscillationWindow, int maxRestartsInWindow,
    Duration monitoringWindow, int maxAttempts, ResourceBounds bounds, VerificationRules verification) {

  public SafetyLimits {
    verification = verification == null ? VerificationRules.defaults() : verification;
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(failureBlock, "failureBlock");
    Objects.requireNonNull(oscillationWindow, "oscillationWindow");
    Objects.requireNonNull(monitoringWindow, "monitoringWindow");
    bounds = bounds == null ? ResourceBounds.defaults() : bounds;
    if (maxReplicas < 1 || maxScaleFactor < 1 || maxNodesDisrupted < 0 || failureThreshold < 1
        || maxRestartsInWindow < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("Safety limits must be positive: maxReplicas " + maxReplicas
          + ", maxScaleFactor " + maxScaleFactor + ", maxNodesDisrupted " + maxNodesDisrupted + ", failureThreshold "
          + failureThreshold + ", maxRestartsInWindow " + maxRestartsInWindow + ", maxAttempts " + maxAttempts + ".");
    }
  }

  /** The limits with the default verification rules. */
  public SafetyLimits(int maxReplicas, double maxScaleFactor, int maxNodesDisrupted, Duration cooldown,
      int failureThreshold, Duration failureBlock, Duration oscillationWindow, int maxRestartsInWindow,
      Duration monitoringWindow, int maxAttempts, ResourceBounds bounds) {
    this(maxReplicas, maxScaleFactor, maxNodesDisrupted, cooldown, failureThreshold, failureBlock, oscillationWindow,
        maxRestartsInWindow, monitoringWindow, maxAttempts, bounds, VerificationRules.defaults());
  }

  /** The limits with the default resource bounds. */
  public SafetyLimits(int maxReplicas, double maxScaleFactor, int maxNodesDisrupted, Duration cooldown,
      int failureThreshold, Duration failureBlock, Duration oscillationWindow, int maxRestartsInWindow,
      Duration monitoringWindow, int maxAttempts) {
    this(maxReplicas, maxScaleFactor, maxNodesDisrupted, cooldown, failureThreshold, failureBlock, oscillationWindow,
        maxRestartsInWindow, monitoringWindow, maxAttempts, ResourceBounds.defaults());
  }

  /**
   * The SPEC defaults: 50 replicas, factor 3, 1 node at a time, 5 min cooldown, 3 failures block
   * for 1 h, flapping looked for over 2 h (3 restarts), 5 min monitoring, 3 attempts, and the
   * default {@link ResourceBounds}.
   */
  public static SafetyLimits defaults() {
    return new SafetyLimits(50, 3.0, 1, Duration.ofMinutes(5), 3, Duration.ofHours(1), Duration.ofHours(2), 3,
        Duration.ofMinutes(5), 3);
  }
}
