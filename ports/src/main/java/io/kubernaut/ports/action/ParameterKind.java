package io.kubernaut.ports.action;

/** The type of an action parameter; every value travels as a string. */
public enum ParameterKind {
  /** Any string, optionally matching a pattern. */
  STRING,
  /** A whole number. */
  INTEGER,
  /** A decimal number. */
  NUMBER,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** A Kubernetes quantity such as {@code 512Mi} or {@code 500m}. */
  QUANTITY
}
