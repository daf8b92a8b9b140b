package io.kubernaut.ports.action;

/** A kind of effect that a safety rule looks at, declared by the action rather than guessed from its name. */
public enum ActionEffect {
  /** Restarts pods of the target as its purpose; the oscillation rule counts it as a restart. */
  RESTARTS_PODS,
  /**
   * Sets the target's replicas from parameter {@code replicas} and records the count it replaced
   * as rollback data {@code previousReplicas}; the scale limits and the scale-flapping rule apply.
   */
  SETS_REPLICAS,
  /** Bounds an autoscaler's replicas by parameter {@code maxReplicas}; the maximum-replicas limit applies. */
  BOUNDS_REPLICAS,
  /**
   * Raises container limits from {@code memoryLimit}/{@code cpuLimit} (quantities) or
   * {@code memoryFactor}/{@code cpuFactor}; the resource bounds apply (factor and absolute).
   */
  RAISES_LIMITS,
  /** Grows a volume claim's storage request to parameter {@code size}; the storage bounds apply (factor and absolute). */
  GROWS_STORAGE,
  /**
   * Its rollback takes capacity away from a node again (cordons it, or adds back removed taints): the
   * rollback is a node-class action for the disruption budget and the node blast radius.
   */
  ROLLBACK_DISRUPTS_NODE
}
