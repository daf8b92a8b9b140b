package io.kubernaut.k8s.workflow;

import io.kubernaut.ports.failure.RetryableException;

/**
 * A step's dry run at validation that the action host did not start (every thread of its plugin
 * busy and its queue full): no verdict on the step. The workflow controller tries again after a
 * short wait, in the same phase, instead of backing off as from a failure.
 */
final class DryRunTurnedAway extends RetryableException {
  private static final long serialVersionUID = 1L;

  DryRunTurnedAway(String message) {
    super(message);
  }
}
