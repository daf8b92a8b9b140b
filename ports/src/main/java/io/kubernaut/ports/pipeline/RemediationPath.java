package io.kubernaut.ports.pipeline;

/** How far a remediation may go, decided by AlertProcessing's routing. */
public enum RemediationPath {
  /** Analyse and execute without a human. */
  AUTOMATIC,
  /** Analyse, then wait for a human to approve before executing. */
  APPROVAL_REQUIRED,
  /** Analyse and recommend; never execute. */
  RECOMMEND_ONLY,
  /** Do nothing: the namespace opted out or the target is protected. */
  SKIPPED
}
