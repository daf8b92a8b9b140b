package io.kubernaut.ports.failure;

/**
 * The object changed after it was read, and a write guarded by what was read was refused (HTTP 409
 * for a stale resourceVersion). The caller may read it again and decide afresh.
 */
public class ConflictException extends PermanentException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
