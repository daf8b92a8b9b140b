package io.kubernaut.ports.in;

import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;

/**
 * Driving port: the safety envelope. Checks one step against the kill switch, protected
 * namespaces, scale and blast-radius limits, the per-target lock, the cooldown, the failure
 * block, oscillation and the cluster-wide disruption budget; the first rule that denies wins.
 */
public interface CheckSafety {

  /** Every rule, as when a workflow is admitted. */
  SafetyVerdict check(SafetyRequest request);

  /**
   * The disruption budget alone (node blast radius, nodes unavailable, minimum healthy nodes,
   * actions per hour, remediations per namespace), as re-checked before every attempt of an
   * execution already admitted; the request's executions must not include that execution itself.
   * An implementation without a separate budget applies every rule, which is never less strict.
   */
  default SafetyVerdict checkBudget(SafetyRequest request) {
    return check(request);
  }
}
