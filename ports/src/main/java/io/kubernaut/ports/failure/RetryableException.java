package io.kubernaut.ports.failure;

/**
 * A failure that may go away if the same call is tried again later: a backend that is
 * unreachable, overloaded or timed out. HTTP answers it with 503 and {@code Retry-After};
 * reconcilers let the framework retry with backoff.
 */
public class RetryableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RetryableException(String message, Throwable cause) {
    super(message, cause);
  }

  public RetryableException(String message) {
    super(message);
  }
}
