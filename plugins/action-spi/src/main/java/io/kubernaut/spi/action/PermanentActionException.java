package io.kubernaut.spi.action;

/**
 * A failure that the same request will meet again: the target does not exist or has the wrong
 * kind, a parameter is invalid, or the action is forbidden. Do not retry; report it.
 */
public class PermanentActionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A permanent failure with a sentence naming the object and the problem. */
  public PermanentActionException(String message) {
    super(message);
  }

  /** A permanent failure caused by a library exception. */
  public PermanentActionException(String message, Throwable cause) {
    super(message, cause);
  }
}
