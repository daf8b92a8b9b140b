package io.kubernaut.core.storm;

import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which storm thresholds a duplicate has just crossed. A threshold already recorded on
 * the remediation is never crossed again, so each escalates once per remediation.
 */
public final class StormDetector {

  private final java.util.function.Supplier<StormPolicy> policies;

  public StormDetector(StormPolicy policy) {
    this(() -> policy);
  }

  /** Reads the policy for every decision, so a reloaded configuration applies at once. */
  public StormDetector(java.util.function.Supplier<StormPolicy> policies) {
    this.policies = policies;
  }

  /** The thresholds {@code counted} (the remediation after a duplicate at {@code at}) crosses now. */
  public List<StormCrossing> crossings(RemediationSummary counted, Instant at) {
    StormPolicy.Rule rule = policies.get().ruleFor(counted.environment());
    List<StormCrossing> crossed = new ArrayList<>();
    long total = counted.duplicates() == null ? 0 : counted.duplicates().count();
    if (!counted.stormsRecorded().contains(StormThreshold.COUNT) && total >= rule.count()) {
      crossed.add(new StormCrossing(StormThreshold.COUNT, total, rule.count(), Duration.ZERO, at));
    }
    long withinWindow = withinWindow(counted.recentDuplicates(), at, rule.rateWindow());
    if (!counted.stormsRecorded().contains(StormThreshold.RATE) && withinWindow >= rule.rateCount()) {
      crossed.add(new StormCrossing(StormThreshold.RATE, withinWindow, rule.rateCount(), rule.rateWindow(), at));
    }
    return crossed;
  }

  private static long withinWindow(List<Instant> recent, Instant at, Duration window) {
    Instant from = at.minus(window);
    return recent.stream().filter(t -> !t.isBefore(from) && !t.isAfter(at)).count();
  }
}
