package io.kubernaut.ports.action;

/** How much harm an action can do if it is wrong; the safety policy uses it to demand approval. */
public enum ActionRisk {
  /** Read-only or trivially reversible. */
  LOW,
  /** Changes a workload in a reversible way. */
  MEDIUM,
  /** Removes capacity or data paths. */
  HIGH
}
