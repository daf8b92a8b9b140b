package io.kubernaut.ports.failure;

/**
 * A failure that the same call will meet again: bad input, a rule that forbids it, a missing
 * object. Retrying is pointless; report it as a condition or a 4xx.
 */
public class PermanentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PermanentException(String message, Throwable cause) {
    super(message, cause);
  }

  public PermanentException(String message) {
    super(message);
  }
}
