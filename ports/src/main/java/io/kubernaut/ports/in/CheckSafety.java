package io.kubernaut.ports.in;

import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;

/**
 * Driving port: the safety envelope. Checks one step against the kill switch, protected
 * namespaces, scale and blast-radius limits, the per-target lock, the cooldown, the failure
 * block and oscillation; the first rule that denies wins.
 */
public interface CheckSafety {
  SafetyVerdict check(SafetyRequest request);
}
