package io.kubernaut.actions.builtin;

/** scale_statefulset: sets a StatefulSet's replicas; rollback restores the previous count. */
public final class ScaleStatefulSet extends ScaleWorkload {

  /** Creates the action; ServiceLoader calls this. */
  public ScaleStatefulSet() {
    super("scale_statefulset", "StatefulSet");
  }
}
