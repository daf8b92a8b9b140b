package io.kubernaut.spi.action;

import java.util.Objects;

/**
 * One declared parameter of an action. The host validates requests against these specs before
 * an action ever sees them: unknown names, missing required values, type, bounds and pattern.
 *
 * @param name the parameter's name, e.g. {@code replicas}
 * @param type its type
 * @param required whether a request must supply it
 * @param min inclusive lower bound for INTEGER and NUMBER, or null
 * @param max inclusive upper bound for INTEGER and NUMBER, or null
 * @param pattern a regular expression the whole value must match (STRING), or null
 * @param description one sentence for humans and for the LLM that proposes actions
 */
public record ParameterSpec(
    String name,
    ParameterType type,
    boolean required,
    Double min,
    Double max,
    String pattern,
    String description) {

  /** Checks that name, type and description are present. */
  public ParameterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
  }

  /** A required parameter without bounds or pattern. */
  public static ParameterSpec required(String name, ParameterType type, String description) {
    return new ParameterSpec(name, type, true, null, null, null, description);
  }

  /** An optional parameter without bounds or pattern. */
  public static ParameterSpec optional(String name, ParameterType type, String description) {
    return new ParameterSpec(name, type, false, null, null, null, description);
  }

  /** This spec with inclusive numeric bounds; either may be null. */
  public ParameterSpec withRange(Double min, Double max) {
    return new ParameterSpec(name, type, required, min, max, pattern, description);
  }

  /** This spec with a regular expression the whole value must match. */
  public ParameterSpec withPattern(String regex) {
    return new ParameterSpec(name, type, required, min, max, regex, description);
  }
}
