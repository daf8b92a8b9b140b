package io.kubernaut.ports.remediation;

import java.util.Locale;

/** The environment class of a namespace, which drives priority, thresholds and safety limits. */
public enum Environment {
  PRODUCTION,
  STAGING,
  DEVELOPMENT,
  UNKNOWN;

  /** The lower-case value used in labels, config keys and JSON. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; anything unrecognised is {@link #UNKNOWN}. */
  public static Environment fromWireName(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    for (Environment e : values()) {
      if (e.wireName().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    return UNKNOWN;
  }
}
