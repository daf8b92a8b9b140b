package io.kubernaut.core.classification;

import io.kubernaut.ports.remediation.Severity;
import java.util.Locale;

/** Maps the many spellings of severity onto critical, warning and info. */
public final class SeverityNormalizer {

  private SeverityNormalizer() {}

  /** The normalised severity; anything unrecognised is a warning. */
  public static Severity normalize(String raw) {
    String value = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    switch (value) {
      case "critical": case "crit": case "fatal": case "emergency": case "alert": case "page":
      case "p0": case "p1": case "sev1": case "sev0": case "high": case "error":
        return Severity.CRITICAL;
      case "info": case "informational": case "notice": case "low": case "none": case "debug":
      case "p3": case "p4": case "sev4":
        return Severity.INFO;
      default:
        return Severity.WARNING;
    }
  }
}
