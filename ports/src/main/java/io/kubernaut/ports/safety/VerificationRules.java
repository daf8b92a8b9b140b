package io.kubernaut.ports.safety;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What follows a failed verification, per environment ({@code safety.yaml}).
 *
 * @param rollback what to do with the workflow's steps when verification fails; null for the
 *     environment's default (approval in production, automatic elsewhere)
 * @param failedThreshold how many failed verifications of one action on one target block it there
 * @param failedWindow how far back those failed verifications are counted
 */
public record VerificationRules(Rollback rollback, int failedThreshold, Duration failedWindow) {

  /** {@code rollbackOnFailedVerification}: {@code true}, {@code false} or {@code approval}. */
  public enum Rollback {
    /** Roll the steps back at once. */
    AUTOMATIC,
    /** Roll back only once a person approves. */
    APPROVAL,
    /** Leave the steps in effect and escalate. */
    OFF;

    /** Reads {@code true}, {@code false} or {@code approval}; anything else is refused. */
    public static Rollback parse(String text) {
      return switch (String.valueOf(text).trim().toLowerCase(Locale.ROOT)) {
        case "true" -> AUTOMATIC;
        case "false" -> OFF;
        case "approval" -> APPROVAL;
        default -> throw new IllegalArgumentException("rollbackOnFailedVerification must be true, false or approval, got \""
            + text + "\"");
      };
    }
  }

  public VerificationRules {
    Objects.requireNonNull(failedWindow, "failedWindow");
    if (failedThreshold < 1 || failedWindow.isNegative() || failedWindow.isZero()) {
      throw new IllegalArgumentException("failedVerificationThreshold must be at least 1 and failedVerificationWindow "
          + "positive, got " + failedThreshold + " and " + failedWindow);
    }
  }

  /** The environment's default rollback, three failures in four hours block an action on a target. */
  public static VerificationRules defaults() {
    return new VerificationRules(null, 3, Duration.ofHours(4));
  }

  /** The rollback in force for {@code environment}: the configured one, else approval in production, else automatic. */
  public Rollback rollbackIn(String environment) {
    if (rollback != null) {
      return rollback;
    }
    return "production".equals(environment) ? Rollback.APPROVAL : Rollback.AUTOMATIC;
  }
}
