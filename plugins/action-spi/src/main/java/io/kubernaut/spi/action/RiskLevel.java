package io.kubernaut.spi.action;

/** How much harm an action can do if it is wrong; safety policy uses it to demand approval. */
public enum RiskLevel {
  /** Read-only or trivially reversible, e.g. collecting diagnostics or scaling up. */
  LOW,
  /** Changes a workload in a reversible way, e.g. a rollout restart or new resource limits. */
  MEDIUM,
  /** Removes capacity or data paths, e.g. draining a node or deleting a pod. */
  HIGH
}
