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
  TIMED_OUT;

  /** Whether this status is a failure of any kind. */
  public boolean isFailure() {
    return this == FAILED_RETRYABLE || this == FAILED_PERMANENT || this == TIMED_OUT;
  }

  /** Whether the caller may try again (after verifying). */
  public boolean mayRetry() {
    return this == FAILED_RETRYABLE || this == TIMED_OUT;
  }
}
