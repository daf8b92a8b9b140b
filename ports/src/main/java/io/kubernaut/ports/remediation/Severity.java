package io.kubernaut.ports.remediation;

import java.util.Locale;

/** Normalised severity. */
public enum Severity {
  CRITICAL,
  WARNING,
  INFO;

  /** The lower-case value used in labels and JSON. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
