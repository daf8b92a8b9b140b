package io.kubernaut.ports.action;

import java.util.Set;

/**
 * What running things an action can interrupt, from least to most, as the action declares it.
 * The safety envelope decides by class, never by action name: its blast-radius rule counts the
 * targets of the {@link #NODE} actions running at once.
 */
public enum DisruptionClass {
  /** Interrupts nothing that runs: reads, notifications, raising a limit, restoring capacity. */
  NONE,
  /** Interrupts single pods: deleting, evicting or relabelling one pod. */
  POD,
  /** Changes a workload as a whole: scaling, rolling restarts, pod template changes, autoscaler bounds. */
  WORKLOAD,
  /** Takes capacity away from a node: cordon, drain, taint. Counted in the node blast radius. */
  NODE;

  /**
   * The class assumed when none is known, derived conservatively from target kinds: NODE when
   * they include nodes or are empty (any kind), POD when only pods, WORKLOAD otherwise. The
   * action SPI assumes the same for a plugin that declares no class.
   */
  public static DisruptionClass assumedFor(Set<String> targetKinds) {
    if (targetKinds.isEmpty() || targetKinds.contains("Node")) {
      return NODE;
    }
    return targetKinds.equals(Set.of("Pod")) ? POD : WORKLOAD;
  }
}
