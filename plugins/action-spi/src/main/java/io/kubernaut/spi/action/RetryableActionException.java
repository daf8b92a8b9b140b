package io.kubernaut.spi.action;

/**
 * A transient failure: the API server was unreachable or overloaded, a conflict occurred, or a
 * PodDisruptionBudget blocked an eviction. The same request may succeed later; the host reports
 * it as retryable, and the caller should {@link RemediationAction#verify} before retrying.
 */
public class RetryableActionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A retryable failure with a sentence saying what to wait for. */
  public RetryableActionException(String message) {
    super(message);
  }

  /** A retryable failure caused by a library exception. */
  public RetryableActionException(String message, Throwable cause) {
    super(message, cause);
  }
}
