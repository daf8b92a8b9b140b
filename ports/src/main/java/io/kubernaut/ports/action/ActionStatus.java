package io.kubernaut.ports.action;

/** How a call of an action ended. */
public enum ActionStatus {
  /** It did what was asked, or found it already done. */
  SUCCEEDED,
  /** There was nothing to do, e.g. a dry run or rollback the action does not support. */
  SKIPPED,
  /** A transient failure: retry later, after verifying. */
  FAILED_RETRYABLE,
  /** The same request will fail again: do not retry. */
  FAILED_PERMANENT,
  /** The call outlived its deadline; it may still have taken effect, so verify before any retry. */
  TIMED_OUT,
  /**
   * The call never reached the action: the action host had no thread of the action's plugin free
   * for it (all busy and the queue full, or none before the deadline). Nothing was done, so it is
   * no attempt: try again later. Only the action host answers this; a plugin cannot.
   */
  NOT_STARTED;

  /** Whether this status is a failure of any kind (a call that did not start did not succeed either). */
  public boolean isFailure() {
    return this == FAILED_RETRYABLE || this == FAILED_PERMANENT || this == TIMED_OUT || this == NOT_STARTED;
  }

  /** Whether the caller may try again (after verifying, unless it did not start). */
  public boolean mayRetry() {
    return this == FAILED_RETRYABLE || this == TIMED_OUT || this == NOT_STARTED;
  }
}
