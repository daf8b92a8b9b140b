package io.kubernaut.core.safety;

import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.SafetyLimits;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Flapping within the oscillation window: scaling one target up and down with two reversals of
 * direction (counting this request), or restarting one target (or fingerprint) too often. Which
 * executions scale or restart is what their actions declare ({@link ActionEffect}).
 */
final class Oscillation {

  private Oscillation() {}

  static Optional<SafetyVerdict> check(SafetyRequest r) {
    SafetyLimits limits = SafetyEnvelope.limits(r);
    List<ExecutionRecord> recent = r.executions().stream()
        .filter(e -> e.state() != ExecutionRecord.State.FAILED && !e.rollback())
        .filter(e -> !e.lastActivity().isBefore(r.now().minus(limits.oscillationWindow())))
        .sorted(Comparator.comparing(ExecutionRecord::startedAt))
        .toList();
    if (r.impact().has(ActionEffect.RESTARTS_PODS)) {
      long restarts = recent.stream().filter(e -> e.impact().has(ActionEffect.RESTARTS_PODS))
          .filter(e -> e.target().equals(r.target())
              || (!r.fingerprint().isEmpty() && SafetyEnvelope.sameFingerprint(e.fingerprint(), r.fingerprint())))
          .count();
      return SafetyEnvelope.deny(restarts + 1 > limits.maxRestartsInWindow(), ConditionReason.Oscillation,
          r.target().display() + " was restarted " + restarts + " times in the last " + limits.oscillationWindow().toMinutes()
              + " min; another restart would exceed " + limits.maxRestartsInWindow() + ", so it is blocked as flapping. "
              + "Look for the root cause instead.");
    }
    if (!r.impact().has(ActionEffect.SETS_REPLICAS) || r.currentReplicas() == null
        || !r.parameters().containsKey("replicas")) {
      return Optional.empty();
    }
    List<Integer> directions = new ArrayList<>();
    for (ExecutionRecord e : recent) {
      if (e.impact().has(ActionEffect.SETS_REPLICAS) && e.target().equals(r.target())) {
        direction(e.rollbackData().get("previousReplicas"), e.parameters().get("replicas")).ifPresent(directions::add);
      }
    }
    direction(Integer.toString(r.currentReplicas()), r.parameters().get("replicas")).ifPresent(directions::add);
    int reversals = 0;
    for (int i = 1; i < directions.size(); i++) {
      if (!directions.get(i).equals(directions.get(i - 1))) {
        reversals++;
      }
    }
    return SafetyEnvelope.deny(reversals >= 2, ConditionReason.Oscillation, r.target().display()
        + " was scaled up and down " + reversals + " times in the last " + limits.oscillationWindow().toMinutes()
        + " min counting this request; it is blocked as flapping. Fix the load pattern or the HPA instead.");
  }

  private static Optional<Integer> direction(String from, String to) {
    try {
      int diff = Integer.parseInt(to.trim()) - Integer.parseInt(from.trim());
      return diff == 0 ? Optional.empty() : Optional.of(Integer.signum(diff));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
