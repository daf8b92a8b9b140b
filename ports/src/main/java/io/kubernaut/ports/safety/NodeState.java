package io.kubernaut.ports.safety;

import java.util.Objects;

/**
 * One node as the disruption budget sees it, read from the cluster when the check is made.
 *
 * @param name the node's name
 * @param ready whether its Ready condition is True
 * @param unschedulable whether it is cordoned
 * @param tainted whether it carries a NoSchedule or NoExecute taint
 */
public record NodeState(String name, boolean ready, boolean unschedulable, boolean tainted) {

  public NodeState {
    Objects.requireNonNull(name, "name");
  }

  /** Ready, schedulable and untainted: capacity that new pods can use. */
  public boolean healthy() {
    return ready && !unschedulable && !tainted;
  }

  /** Cordoned or tainted: capacity someone took away. */
  public boolean disrupted() {
    return unschedulable || tainted;
  }
}
