package io.kubernaut.ports.action;

import java.util.Objects;

/**
 * Whether an action's postcondition holds. After a restart this decides whether an interrupted
 * execution already took effect: HOLDS means do not run it again.
 *
 * @param verdict the answer
 * @param message one sentence explaining it
 */
public record Verification(Verdict verdict, String message) {

  /** The answer of a verification. */
  public enum Verdict {
    /** The postcondition holds. */
    HOLDS,
    /** The postcondition does not hold. */
    DOES_NOT_HOLD,
    /** The check itself failed or timed out; try again later. */
    UNKNOWN
  }

  public Verification {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(message, "message");
  }

  /** Whether the verdict is HOLDS. */
  public boolean holds() {
    return verdict == Verdict.HOLDS;
  }
}
