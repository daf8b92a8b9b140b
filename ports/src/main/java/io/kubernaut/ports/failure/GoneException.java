package io.kubernaut.ports.failure;

/**
 * The object a call was made on no longer exists (deleted by retention, by hand, or by another
 * replica while the call was under way). Retrying the same call is pointless; a caller that only
 * wanted to record something on it usually has nothing left to do.
 */
public class GoneException extends PermanentException {
  private static final long serialVersionUID = 1L;

  public GoneException(String message) {
    super(message);
  }
}
