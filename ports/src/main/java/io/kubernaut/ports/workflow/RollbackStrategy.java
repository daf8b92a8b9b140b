package io.kubernaut.ports.workflow;

import java.util.Locale;

/** What a workflow does with its completed steps when a critical step fails. */
public enum RollbackStrategy {
  /** Undo them, one rollback execution at a time, in reverse plan order. */
  AUTOMATIC,
  /** Leave them and tell a human which to undo, in which order. */
  MANUAL,
  /** Leave them in effect. */
  NONE;

  /** The lower-case name used in specs, status and {@code routing.yaml}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The strategy named in a WorkflowExecution spec ({@code automatic}, {@code manual}, {@code none}); automatic when unset. */
  public static RollbackStrategy of(String name) {
    if (name == null || name.isBlank()) {
      return AUTOMATIC;
    }
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "manual" -> MANUAL;
      case "none" -> NONE;
      default -> AUTOMATIC;
    };
  }
}
