package io.kubernaut.ports.pipeline;

/**
 * What is known of a child its remediation had created and the API server no longer has: whether its work may
 * have run. A workflow deleted by hand after its admission must not be created again (its steps would run once
 * more); one that was never admitted may be.
 */
public enum ChildLoss {
  /** It was seen admitted, by this process or in the audit trail: its steps may have run. */
  RAN,
  /** Whether it was admitted cannot be told now: the audit store, which would say, does not answer. */
  UNTOLD,
  /** Whether it was admitted can never be told: no operator saw it, and there is no audit store to ask. */
  UNKNOWABLE
}
