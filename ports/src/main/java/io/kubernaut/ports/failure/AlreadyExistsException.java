package io.kubernaut.ports.failure;

/**
 * The store already holds an object of that name. With deterministic names this is the lock
 * that makes concurrent creates atomic across replicas: the loser re-reads and finds the winner.
 */
public class AlreadyExistsException extends PermanentException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String name) {
    super("An object named " + name + " already exists.");
  }
}
