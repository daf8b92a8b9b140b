package io.kubernaut.core.safety;

import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.SafetyLimits;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import java.util.Optional;

/**
 * Maximum replicas and maximum scale factor: for actions that set replicas ({@code replicas},
 * against the current count) and for those that bound an autoscaler ({@code maxReplicas}).
 */
final class ScaleLimits {

  private ScaleLimits() {}

  static Optional<SafetyVerdict> check(SafetyRequest r) {
    boolean setsReplicas = r.impact().has(ActionEffect.SETS_REPLICAS);
    String key = setsReplicas ? "replicas" : r.impact().has(ActionEffect.BOUNDS_REPLICAS) ? "maxReplicas" : null;
    if (key == null || !r.parameters().containsKey(key)) {
      return Optional.empty();
    }
    int requested;
    try {
      requested = Integer.parseInt(r.parameters().get(key).trim());
    } catch (NumberFormatException e) {
      return SafetyEnvelope.deny(true, ConditionReason.ScaleLimit, r.action() + " on " + r.target().display()
          + " asks for " + key + "=" + r.parameters().get(key) + ", which is not a whole number.");
    }
    SafetyLimits limits = SafetyEnvelope.limits(r);
    if (requested > limits.maxReplicas()) {
      return SafetyEnvelope.deny(true, ConditionReason.ScaleLimit, r.action() + " on " + r.target().display()
          + " asks for " + requested + " replicas, more than the limit of " + limits.maxReplicas()
          + " for " + r.environment() + "; scale by hand or raise the limit in kubernaut-config.");
    }
    Integer current = r.currentReplicas();
    if (current == null || !setsReplicas) {
      return Optional.empty();
    }
    double factor = current == 0 || requested == 0 ? Double.POSITIVE_INFINITY
        : Math.max((double) requested / current, (double) current / requested);
    boolean tooFar = requested != current && factor > limits.maxScaleFactor();
    return SafetyEnvelope.deny(tooFar, ConditionReason.ScaleLimit, r.action() + " on " + r.target().display()
        + " would go from " + current + " to " + requested + " replicas, a factor beyond the limit of "
        + limits.maxScaleFactor() + "; scale in smaller steps.");
  }
}
