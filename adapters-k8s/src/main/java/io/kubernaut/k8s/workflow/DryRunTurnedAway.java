package io.kubernaut.k8s.workflow;

import io.kubernaut.ports.failure.RetryableException;

/**
 * A step's dry run at validation that the action host did not start (every thread of its plugin
 * busy): no verdict on the step. The workflow controller waits for a call of that action's plugin
 * to end instead of backing off.
 */
final class DryRunTurnedAway extends RetryableException {
  private static final long serialVersionUID = 1L;

  private final String action;

  DryRunTurnedAway(String action, String message) {
    super(message);
    this.action = action;
  }

  /** The action whose plugin turned the dry run away. */
  String action() {
    return action;
  }
}
