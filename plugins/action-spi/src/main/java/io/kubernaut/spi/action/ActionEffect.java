package io.kubernaut.spi.action;

/**
 * A kind of effect that a safety rule looks at, declared by the action rather than guessed from
 * its name. An action declares the effects that are its purpose; most declare none.
 */
public enum ActionEffect {
  /**
   * Restarts pods of the target as its purpose (deleting a pod, a rolling restart). The
   * oscillation rule counts these executions as restarts of the target and of the fingerprint.
   */
  RESTARTS_PODS,
  /**
   * Sets the target's replica count from the integer parameter {@code replicas}, and returns the
   * count it replaced as rollback data {@code previousReplicas}. The scale limits (maximum
   * replicas, maximum factor) and the scale-flapping rule apply.
   */
  SETS_REPLICAS,
  /**
   * Bounds the replicas an autoscaler may set, from the integer parameter {@code maxReplicas}.
   * The maximum-replicas limit applies to that bound.
   */
  BOUNDS_REPLICAS,
  /**
   * Raises container resource limits, to the quantities in parameters {@code memoryLimit} and
   * {@code cpuLimit} or by the factors in {@code memoryFactor} and {@code cpuFactor}. The resource
   * bounds apply: the largest factor over the current limit and the largest absolute limit.
   * Since SPI 1.1.
   */
  RAISES_LIMITS,
  /**
   * Grows a volume claim's storage request to the quantity in parameter {@code size}. The storage
   * bounds apply: the largest factor over the current request and the largest absolute size.
   * Since SPI 1.1.
   */
  GROWS_STORAGE,
  /**
   * Its rollback takes capacity away from a node again: it cordons the node, or adds back taints
   * the action removed (a {@code NoExecute} taint evicts pods). The rollback is then a node-class
   * action for the disruption budget and the node blast radius, checked before each of its
   * attempts like any node action; a rollback that gives capacity back (uncordoning after a drain)
   * declares nothing and is never held back. Declare it on an action whose own class is lower
   * ({@code uncordon_node}, {@code untaint_node}); only an action that supports rollback and
   * accepts {@code Node} targets only may (its descriptor refuses it otherwise). Since SPI 1.6.
   */
  ROLLBACK_DISRUPTS_NODE
}
