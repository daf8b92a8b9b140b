package io.kubernaut.core.storm;

import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.RemediationSummary;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The storm thresholds of BR-ALERT-003/006 per environment: production 5+ duplicates or 3 within
 * 5 min, staging 8+ or 5 within 10 min, development 10+ or 8 within 15 min. An unknown
 * environment uses the staging rule.
 */
public final class StormPolicy {

  /**
   * One environment's rule.
   *
   * @param count escalate when the total duplicate count reaches this
   * @param rateCount escalate when this many duplicates arrive within {@code rateWindow}
   * @param rateWindow the window of the rate rule
   */
  public record Rule(long count, int rateCount, Duration rateWindow) {
    public Rule {
      Objects.requireNonNull(rateWindow, "rateWindow");
      if (count < 1 || rateCount < 1 || rateCount > RemediationSummary.RECENT_DUPLICATES || rateWindow.isNegative()
          || rateWindow.isZero()) {
        throw new IllegalArgumentException("A storm rule needs a count of at least 1, a rate count from 1 to "
            + RemediationSummary.RECENT_DUPLICATES + " and a positive window.");
      }
    }
  }

  /** The wire form: {@code production=5/3/5m,staging=8/5/10m,development=10/8/15m}. */
  public static final String DEFAULTS = "production=5/3/5m,staging=8/5/10m,development=10/8/15m";

  private static final Pattern ENTRY = Pattern.compile("\\s*([a-z]+)\\s*=\\s*(\\d+)\\s*/\\s*(\\d+)\\s*/\\s*(\\d+)([smh])\\s*");

  private final Map<Environment, Rule> rules;

  private StormPolicy(Map<Environment, Rule> rules) {
    this.rules = Map.copyOf(rules);
  }

  /** The documented defaults. */
  public static StormPolicy defaults() {
    return parse(DEFAULTS);
  }

  /**
   * Parses {@code env=count/rateCount/window} entries separated by commas; environments not
   * named keep their defaults, and {@code unknown} follows staging unless named itself.
   */
  public static StormPolicy parse(String text) {
    Map<Environment, Rule> rules = new EnumMap<>(Environment.class);
    rules.put(Environment.PRODUCTION, new Rule(5, 3, Duration.ofMinutes(5)));
    rules.put(Environment.STAGING, new Rule(8, 5, Duration.ofMinutes(10)));
    rules.put(Environment.DEVELOPMENT, new Rule(10, 8, Duration.ofMinutes(15)));
    boolean unknownNamed = false;
    for (String entry : text == null ? new String[0] : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      Matcher m = ENTRY.matcher(entry.toLowerCase(Locale.ROOT));
      Environment env = m.matches() ? Environment.fromWireName(m.group(1)) : null;
      if (env == null || (env == Environment.UNKNOWN && !"unknown".equals(m.group(1)))) {
        throw new IllegalArgumentException("Storm threshold \"" + entry.trim()
            + "\" is not of the form environment=count/rateCount/window, e.g. production=5/3/5m.");
      }
      rules.put(env, new Rule(Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)), window(m.group(4), m.group(5))));
      unknownNamed |= env == Environment.UNKNOWN;
    }
    if (!unknownNamed) {
      rules.put(Environment.UNKNOWN, rules.get(Environment.STAGING));
    }
    return new StormPolicy(rules);
  }

  /** The rule for {@code environment}. */
  public Rule ruleFor(Environment environment) {
    return rules.get(environment == null ? Environment.UNKNOWN : environment);
  }

  /** {@code 30s}, {@code 5m} or {@code 2h} split into amount and unit. */
  static Duration window(String amount, String unit) {
    long n = Long.parseLong(amount);
    return switch (unit) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
