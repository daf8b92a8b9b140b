package io.kubernaut.core.badexample;

import java.time.Instant;

/** Deliberately bad: a core class that reads the wall clock. Only the rules' self-test imports it. */
public final class WallClockDecider {
  public boolean expired(Instant deadline) {
    return Instant.now().isAfter(deadline);
  }
}
