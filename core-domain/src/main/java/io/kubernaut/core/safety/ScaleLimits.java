package io.kubernaut.core.safety;

import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.SafetyLimits;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import java.util.Optional;

/**
 * Maximum replicas and maximum scale factor: for actions that set replicas ({@code replicas},
 * against the current count) and for those that bound an autoscaler ({@code minReplicas} and
 * {@code maxReplicas}: each within the maximum, and the replicas the new bounds force, a floor above
 * the current count or a ceiling below it, within the factor of the current count).
 */
final class ScaleLimits {

  private ScaleLimits() {}

  static Optional<SafetyVerdict> check(SafetyRequest r) {
    if (r.impact().has(ActionEffect.SETS_REPLICAS)) {
      return checkReplicas(r);
    }
    return r.impact().has(ActionEffect.BOUNDS_REPLICAS) ? checkBounds(r) : Optional.empty();
  }

  private static Optional<SafetyVerdict> checkReplicas(SafetyRequest r) {
    if (!r.parameters().containsKey("replicas")) {
      return Optional.empty();
    }
    Optional<Integer> requested = wholeNumber(r, "replicas");
    if (requested.isEmpty()) {
      return notWhole(r, "replicas");
    }
    return overMaximum(r, requested.get()).or(() -> beyondFactor(r, requested.get()));
  }

  /**
   * An autoscaler's new bounds: before, only {@code maxReplicas} was checked, so {@code minReplicas=200} (a floor the
   * autoscaler must keep) passed the maximum and the factor alike.
   */
  private static Optional<SafetyVerdict> checkBounds(SafetyRequest r) {
    Integer forced = r.currentReplicas();
    for (String key : new String[] {"minReplicas", "maxReplicas"}) {
      if (!r.parameters().containsKey(key)) {
        continue;
      }
      Optional<Integer> bound = wholeNumber(r, key);
      if (bound.isEmpty()) {
        return notWhole(r, key);
      }
      Optional<SafetyVerdict> over = overMaximum(r, bound.get());
      if (over.isPresent()) {
        return over;
      }
      if (forced != null && (key.equals("minReplicas") ? bound.get() > forced : bound.get() < forced)) {
        forced = bound.get();
      }
    }
    return forced == null ? Optional.empty() : beyondFactor(r, forced);
  }

  private static Optional<Integer> wholeNumber(SafetyRequest r, String key) {
    try {
      return Optional.of(Integer.parseInt(r.parameters().get(key).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<SafetyVerdict> notWhole(SafetyRequest r, String key) {
    return SafetyEnvelope.deny(true, ConditionReason.ScaleLimit, r.action() + " on " + r.target().display()
        + " asks for " + key + "=" + r.parameters().get(key) + ", which is not a whole number.");
  }

  private static Optional<SafetyVerdict> overMaximum(SafetyRequest r, int requested) {
    SafetyLimits limits = SafetyEnvelope.limits(r);
    return SafetyEnvelope.deny(requested > limits.maxReplicas(), ConditionReason.ScaleLimit, r.action() + " on "
        + r.target().display() + " asks for " + requested + " replicas, more than the limit of " + limits.maxReplicas()
        + " for " + r.environment() + "; scale by hand or raise the limit in kubernaut-config.");
  }

  /** The move from the current count to {@code requested}, when the current count is known. */
  private static Optional<SafetyVerdict> beyondFactor(SafetyRequest r, int requested) {
    Integer current = r.currentReplicas();
    if (current == null) {
      return Optional.empty();
    }
    SafetyLimits limits = SafetyEnvelope.limits(r);
    double factor = current == 0 || requested == 0 ? Double.POSITIVE_INFINITY
        : Math.max((double) requested / current, (double) current / requested);
    boolean tooFar = requested != current && factor > limits.maxScaleFactor();
    return SafetyEnvelope.deny(tooFar, ConditionReason.ScaleLimit, r.action() + " on " + r.target().display()
        + " would go from " + current + " to " + requested + " replicas, a factor beyond the limit of "
        + limits.maxScaleFactor() + "; scale in smaller steps.");
  }
}
