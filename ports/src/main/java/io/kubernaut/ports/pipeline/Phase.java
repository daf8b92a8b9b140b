package io.kubernaut.ports.pipeline;

/**
 * A phase of one of Kubernaut's five kinds. Every phase enum knows whether it ends its resource,
 * whether that end is a success, and a sentence describing it (for docs, {@code kubectl explain}
 * and the console). Phases are compared as enums, never as strings.
 */
public interface Phase {

  /** The phase's name as it appears in status, e.g. {@code Executing}. */
  String name();

  /** What every phase of every kind declares: whether it ends its resource, and a sentence. */
  record Traits(boolean terminal, String description) {}

  /** An active phase described by {@code description}. */
  static Traits active(String description) {
    return new Traits(false, description);
  }

  /** A phase that ends its resource, described by {@code description}. */
  static Traits ending(String description) {
    return new Traits(true, description);
  }

  /** This phase's traits. */
  Traits traits();

  /** Whether the resource has ended in this phase; nothing moves it afterwards. */
  default boolean isTerminal() {
    return traits().terminal();
  }

  /** Whether this is the successful end ({@code Completed}). */
  boolean isSuccessful();

  /** One sentence saying what happens in this phase. */
  default String description() {
    return traits().description();
  }

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
