package io.kubernaut.ports.action;

import java.util.Objects;

/**
 * One declared parameter of an action.
 *
 * @param name the parameter's name
 * @param kind its type
 * @param required whether a request must supply it
 * @param min inclusive lower bound for numbers, or null
 * @param max inclusive upper bound for numbers, or null
 * @param pattern a regular expression the whole value must match, or null
 * @param description one sentence for humans and for the LLM that proposes actions
 */
public record ParameterInfo(
    String name, ParameterKind kind, boolean required, Double min, Double max, String pattern, String description) {
  public ParameterInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    description = description == null ? "" : description;
  }
}
