package io.kubernaut.core.dedup;

import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.signal.Fingerprint;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the deterministic name of the next AlertRemediation for a fingerprint:
 * {@code <alertname-slug>-<fingerprint[:10]>}, then {@code -2}, {@code -3}, … for the remediations
 * that follow an ended one. Two replicas that see the same store compute the same name, so the
 * API server's AlreadyExists answer makes creation atomic.
 */
public final class RemediationNamer {

  /** Names stay ≤ 52 characters so that {@code <name>-processing} style child names fit in 63. */
  static final int MAX_SLUG = 30;

  private static final Pattern SUFFIX = Pattern.compile(".*-[0-9a-f]{10}-(\\d+)$");

  private RemediationNamer() {}

  /** The name for a new remediation, given every existing one with the same fingerprint. */
  public static String next(String alertName, Fingerprint fingerprint, List<RemediationSummary> existing) {
    String base = slug(alertName) + "-" + fingerprint.shortForm();
    int highest = 0;
    for (RemediationSummary summary : existing) {
      highest = Math.max(highest, ordinal(base, summary.name()));
    }
    return highest == 0 ? base : base + "-" + (highest + 1);
  }

  private static int ordinal(String base, String name) {
    if (name.equals(base)) {
      return 1;
    }
    if (!name.startsWith(base + "-")) {
      return 0;
    }
    Matcher m = SUFFIX.matcher(name);
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** A DNS-1123 label fragment: lower-case alphanumerics and dashes, starting with a letter. */
  static String slug(String alertName) {
    String s = alertName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (s.length() > MAX_SLUG) {
      s = s.substring(0, MAX_SLUG).replaceAll("-+$", "");
    }
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      s = "alert" + (s.isEmpty() ? "" : "-" + s);
      if (s.length() > MAX_SLUG) {
        s = s.substring(0, MAX_SLUG).replaceAll("-+$", "");
      }
    }
    return s;
  }
}
