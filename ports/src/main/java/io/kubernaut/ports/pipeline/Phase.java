package io.kubernaut.ports.pipeline;

/**
 * A phase of one of Kubernaut's five kinds. Every phase enum knows whether it ends its resource,
 * whether that end is a success, and a sentence describing it (for docs, {@code kubectl explain}
 * and the console). Phases are compared as enums, never as strings.
 */
public interface Phase {

  /** The phase's name as it appears in status, e.g. {@code Executing}. */
  String name();

  /** Whether the resource has ended in this phase; nothing moves it afterwards. */
  boolean isTerminal();

  /** Whether this is the successful end ({@code Completed}). */
  boolean isSuccessful();

  /** One sentence saying what happens in this phase. */
  String description();

  /**
   * The constant of {@code type} named {@code name}, or null for null, blank or unknown names (a
   * status written by hand or by an older version), so callers never compare phase strings.
   */
  static <P extends Enum<P> & Phase> P parse(Class<P> type, String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    for (P p : type.getEnumConstants()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
