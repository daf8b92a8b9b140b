package io.kubernaut.ports.pipeline;

import java.time.Instant;
import java.util.Objects;

/**
 * What the central controller observed of one child.
 *
 * @param kind which child
 * @param phase its phase as written in status, or {@code null} before its controller ran
 * @param terminal whether that phase is terminal
 * @param succeeded whether it ended successfully (Completed)
 * @param message its status message
 * @param startedAt when it was created
 */
public record ChildState(ChildKind kind, String phase, boolean terminal, boolean succeeded, String message, Instant startedAt) {
  public ChildState {
    Objects.requireNonNull(kind, "kind");
    message = message == null ? "" : message;
  }

  /** Whether it ended without success. */
  public boolean failed() {
    return terminal && !succeeded;
  }
}
