package io.kubernaut.ports.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * What the central controller observed of one child.
 *
 * @param kind which child
 * @param phase its current phase, or {@code null} before its controller ran
 * @param message its status message
 * @param startedAt when it was created
 */
public record ChildState(ChildKind kind, Phase phase, String message, Instant startedAt) {
  public ChildState {
    Objects.requireNonNull(kind, "kind");
    message = message == null ? "" : message;
  }

  /** Whether the child has ended. */
  public boolean terminal() {
    return phase != null && phase.isTerminal();
  }

  /** Whether it ended successfully (Completed). */
  public boolean succeeded() {
    return phase != null && phase.isSuccessful();
  }

  /** Whether it ended without success. */
  public boolean failed() {
    return terminal() && !succeeded();
  }
}
