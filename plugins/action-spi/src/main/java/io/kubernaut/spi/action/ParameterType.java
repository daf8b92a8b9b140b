package io.kubernaut.spi.action;

/** The type of an action parameter. Every parameter travels as a string and is checked against its type. */
public enum ParameterType {
  /** Any string, optionally constrained by a regular expression. */
  STRING,
  /** A whole number ({@code long} range), optionally bounded by min/max. */
  INTEGER,
  /** A decimal number, optionally bounded by min/max. */
  NUMBER,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** A Kubernetes resource quantity such as {@code 512Mi}, {@code 2Gi} or {@code 500m}. */
  QUANTITY
}
