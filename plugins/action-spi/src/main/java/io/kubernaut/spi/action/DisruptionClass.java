package io.kubernaut.spi.action;

import java.util.Set;

/**
 * What running things an action can interrupt, from least to most. The safety envelope decides by
 * class, never by action name: for example its blast-radius rule counts the targets of every
 * {@link #NODE} action running at once, built-in or third-party.
 *
 * <p>The class says what an action disrupts, not whether it writes: uncordoning a node writes to
 * it but disrupts nothing, so it is {@link #NONE}.
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
   * The class assumed for an action that does not declare one (a plugin built against SPI 1.0),
   * derived conservatively from the kinds it accepts: {@link #NODE} when it accepts nodes or any
   * kind (it might act on a node), {@link #POD} when it accepts only pods, {@link #WORKLOAD}
   * otherwise.
   *
   * @param targetKinds the kinds the action accepts; empty means any kind
   * @return the assumed class, never null
   */
  public static DisruptionClass assumedFor(Set<String> targetKinds) {
    if (targetKinds.isEmpty() || targetKinds.contains("Node")) {
      return NODE;
    }
    return targetKinds.equals(Set.of("Pod")) ? POD : WORKLOAD;
  }
}
