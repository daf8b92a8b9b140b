package io.kubernaut.core.safety;

import io.kubernaut.core.quantity.Quantities;
import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.ResourceBounds;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * The resource bounds: actions that raise container limits ({@link ActionEffect#RAISES_LIMITS})
 * or grow volumes ({@link ActionEffect#GROWS_STORAGE}) stay within a factor of what the target has
 * now and under an absolute ceiling, per environment. A quantity that cannot be read is refused.
 */
final class GrowthLimits {

  private GrowthLimits() {}

  static Optional<SafetyVerdict> check(SafetyRequest r) {
    ResourceBounds b = SafetyEnvelope.limits(r).bounds();
    if (r.impact().has(ActionEffect.RAISES_LIMITS)) {
      Optional<SafetyVerdict> memory = firstLimit(r, "memory", r.parameters().get("memoryLimit"),
          r.observed().get("memoryLimit")).or(() -> grow(r, "memory", r.parameters().get("memoryLimit"),
          r.parameters().get("memoryFactor"), r.observed().get("memoryLimit"), b.maxResourceFactor(), b.maxMemoryLimit(),
          "maxResourceFactor", "maxMemoryLimit"));
      if (memory.isPresent()) {
        return memory;
      }
      Optional<SafetyVerdict> cpu = firstLimit(r, "cpu", r.parameters().get("cpuLimit"), r.observed().get("cpuLimit"))
          .or(() -> grow(r, "cpu", r.parameters().get("cpuLimit"), r.parameters().get("cpuFactor"),
          r.observed().get("cpuLimit"), b.maxResourceFactor(), b.maxCpuLimit(), "maxResourceFactor", "maxCpuLimit"));
      if (cpu.isPresent()) {
        return cpu;
      }
    }
    if (r.impact().has(ActionEffect.GROWS_STORAGE)) {
      return grow(r, "storage", r.parameters().get("size"), null, r.observed().get("storage"), b.maxStorageFactor(),
          b.maxStorageSize(), "maxStorageFactor", "maxStorageSize");
    }
    return Optional.empty();
  }

  /**
   * A limit asked for a container that has none: there is nothing to raise, and a first limit can
   * only lower what the container may use (an answer that sets 64Mi on a container without a limit
   * would have it OOMKilled). Refused; a person sets a first limit.
   */
  private static Optional<SafetyVerdict> firstLimit(SafetyRequest r, String resource, String absolute, String current) {
    if (absolute == null || current != null) {
      return Optional.empty();
    }
    return deny(r.action() + " on " + r.target().display() + " would set a first " + resource + " limit of " + absolute
        + ": the container has none to raise, and a first limit can only lower what it may use; set it by hand.");
  }

  /** One resource: the new value is {@code absolute}, or {@code current × factor}. */
  private static Optional<SafetyVerdict> grow(SafetyRequest r, String resource, String absolute, String factor,
      String current, double maxFactor, String ceiling, String factorKey, String ceilingKey) {
    if (absolute == null && factor == null) {
      return Optional.empty();
    }
    String what = r.action() + " on " + r.target().display();
    Optional<BigDecimal> now = Quantities.amount(current);
    BigDecimal asked;
    double ratio;
    if (absolute != null) {
      Optional<BigDecimal> parsed = Quantities.amount(absolute);
      if (parsed.isEmpty()) {
        return deny(what + " asks for " + resource + " \"" + absolute + "\", which is not a Kubernetes quantity.");
      }
      asked = parsed.get();
      ratio = now.filter(n -> n.signum() > 0).map(n -> asked.divide(n, MathContext.DECIMAL64).doubleValue()).orElse(1.0);
    } else {
      try {
        ratio = Double.parseDouble(factor.trim());
      } catch (NumberFormatException e) {
        return deny(what + " asks for a " + resource + " factor \"" + factor + "\", which is not a number.");
      }
      asked = now.map(n -> n.multiply(BigDecimal.valueOf(ratio))).orElse(null);
    }
    if (ratio > maxFactor) {
      return deny(what + " would raise " + resource + " " + (current == null ? "" : "from " + current + " ")
          + "by a factor of " + String.format(java.util.Locale.ROOT, "%.2f", ratio) + ", more than " + factorKey + " "
          + maxFactor + " for " + r.environment() + "; raise it in smaller steps or by hand.");
    }
    BigDecimal max = Quantities.amount(ceiling).orElseThrow(() -> new IllegalStateException(ceilingKey + " \"" + ceiling
        + "\" is not a Kubernetes quantity."));
    if (asked != null && asked.compareTo(max) > 0) {
      return deny(what + " would set " + resource + " to " + (absolute != null ? absolute : factor + "× " + current)
          + ", above " + ceilingKey + " " + ceiling + " for " + r.environment() + "; this needs a person.");
    }
    return Optional.empty();
  }

  private static Optional<SafetyVerdict> deny(String message) {
    return Optional.of(SafetyVerdict.deny(ConditionReason.ResourceBound, message));
  }
}
