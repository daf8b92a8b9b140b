package io.kubernaut.ports.remediation;

import java.util.Locale;

/**
 * The two alert-storm rules of BR-ALERT-003/006. Each escalates at most once per remediation.
 */
public enum StormThreshold {
  /** The total duplicate count reached the environment's threshold (production 5+). */
  COUNT,
  /** Enough duplicates arrived within the environment's window (production 3 within 5 min). */
  RATE;

  /** The lower-case value used in status, idempotency keys and metrics. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
