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
 * that follow an ended one, also one deleted by retention whose name the audit trail remembers.
 * Two replicas that see the same store (and the same audit trail) compute the same name, so the API
 * server's AlreadyExists answer makes creation atomic; while one of them cannot read the trail, they
 * may not.
 */
public final class RemediationNamer {

  /** Names stay ≤ 52 characters so that {@code <name>-processing} style child names fit in 63. */
  static final int MAX_SLUG = 30;

  private static final Pattern SUFFIX = Pattern.compile(".*-[0-9a-f]{10}-(\\d+)$");

  private RemediationNamer() {}

  /** The name for a new remediation, given every existing one with the same fingerprint. */
  public static String next(String alertName, Fingerprint fingerprint, List<RemediationSummary> existing) {
    return next(alertName, fingerprint, existing, List.of());
  }

  /**
   * The name for a new remediation, given every existing one with the same fingerprint and the names
   * earlier ones had (deleted since, remembered by the audit trail): one above the highest of both.
   */
  public static String next(String alertName, Fingerprint fingerprint, List<RemediationSummary> existing,
      List<String> usedBefore) {
    String base = slug(alertName) + "-" + fingerprint.shortForm();
    int highest = 0;
    for (RemediationSummary summary : existing) {
      highest = Math.max(highest, ordinal(base, summary.name()));
    }
    for (String name : usedBefore) {
      highest = Math.max(highest, ordinal(base, name));
    }
    return highest == 0 ? base : base + "-" + (highest + 1);
  }

  /**
   * The name for a new remediation when the audit trail cannot tell which names earlier remediations had (a
   * database outage, a schema not migrated yet) and none of the fingerprint's remediations is in the cluster, so
   * {@link #next} would give the first name, which one that retention deleted may have had (its audit records,
   * keyed by the name, would then take the new one's for replays and its final record would pass the new one's
   * retention gate). {@code <alertname-slug>-<fingerprint[:10]>-t<hour>}: the hour of {@code at} since the epoch in
   * base 36, then {@code -2}, {@code -3}, … for the ones of that hour in {@code existing}. Deliveries of the same
   * problem in the same hour compute the same name, so the API server's AlreadyExists still makes creation atomic;
   * an earlier one of the same hour could have been deleted by retention only after its audit was confirmed, with a
   * retention shorter than an hour. The sequence of {@link #next} ignores these names.
   */
  public static String unverified(String alertName, Fingerprint fingerprint, List<RemediationSummary> existing,
      java.time.Instant at) {
    String prefix = slug(alertName) + "-" + fingerprint.shortForm() + "-t"
        + Long.toString(Math.floorDiv(at.getEpochSecond(), 3600), 36);
    int highest = 0;
    for (RemediationSummary summary : existing) {
      String name = summary.name();
      if (name.equals(prefix)) {
        highest = Math.max(highest, 1);
      } else if (name.startsWith(prefix + "-") && name.length() > prefix.length() + 1
          && name.length() <= prefix.length() + 6 && name.substring(prefix.length() + 1).chars().allMatch(Character::isDigit)) {
        highest = Math.max(highest, Integer.parseInt(name.substring(prefix.length() + 1)));
      }
    }
    return highest == 0 ? prefix : prefix + "-" + (highest + 1);
  }

  /** Whether {@code next} would give {@code alertName}'s remediations of {@code fingerprint} a later name than the first. */
  public static boolean sequenced(String alertName, Fingerprint fingerprint, List<RemediationSummary> existing) {
    String base = slug(alertName) + "-" + fingerprint.shortForm();
    return existing.stream().anyMatch(summary -> ordinal(base, summary.name()) > 0);
  }

  /**
   * The name given just before {@code name} by {@link #next}: {@code <base>-2} before {@code <base>-3}, the base name
   * before {@code <base>-2}.
   */
  public static String previous(String alertName, Fingerprint fingerprint, String name) {
    String base = slug(alertName) + "-" + fingerprint.shortForm();
    int ordinal = ordinal(base, name);
    return ordinal <= 2 ? base : base + "-" + (ordinal - 1);
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
    // Runs of other characters become one dash, none at either end, at most MAX_SLUG characters (a dash
    // that would end them is left out). A loop, not regular expressions: every new alert is named here.
    String lower = alertName.toLowerCase(Locale.ROOT);
    StringBuilder s = new StringBuilder(MAX_SLUG + 6);
    boolean dash = false;
    for (int i = 0; i < lower.length() && s.length() < MAX_SLUG; i++) {
      char c = lower.charAt(i);
      if ((c < 'a' || c > 'z') && (c < '0' || c > '9')) {
        dash = s.length() > 0;
      } else if (dash && s.length() + 1 >= MAX_SLUG) {
        break;
      } else {
        if (dash) {
          s.append('-');
        }
        s.append(c);
        dash = false;
      }
    }
    if (s.isEmpty() || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
      s.insert(0, s.isEmpty() ? "alert" : "alert-");
      s.setLength(Math.min(s.length(), MAX_SLUG));
      while (s.charAt(s.length() - 1) == '-') {
        s.setLength(s.length() - 1);
      }
    }
    return s.toString();
  }

}
