package io.kubernaut.ports.verification;

import java.time.Duration;
import java.util.Objects;

/**
 * One verification check of {@code verification.yaml}: a PromQL query measured every
 * {@code interval} after a workflow ran, until it passed {@code count} times.
 *
 * @param name the check's name, unique within its alert
 * @param query PromQL with {@code ${namespace}}, {@code ${pod}}, {@code ${workload}} and {@code ${node}}
 *     placeholders inside quoted label values, filled (escaped) from the target
 * @param condition when one measurement passes
 * @param interval the time between two measurements
 * @param count how many passing measurements the check needs
 * @param failureLimit how many failing measurements are tolerated; one more fails the check
 * @param inconclusiveLimit how many measurements without data are tolerated; one more makes it inconclusive
 */
public record VerificationCheck(String name, String query, SuccessCondition condition, Duration interval, int count,
    int failureLimit, int inconclusiveLimit) {

  /** The most measurements one check may take; a WorkflowExecution's status keeps them all. */
  public static final int MAX_MEASUREMENTS = 20;

  public VerificationCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(interval, "interval");
    if (name.isBlank() || query.isBlank()) {
      throw new IllegalArgumentException("a verification check needs a name and a query");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("check " + name + ": interval must be positive, got " + interval);
    }
    if (count < 1 || failureLimit < 0 || inconclusiveLimit < 0) {
      throw new IllegalArgumentException("check " + name + ": count must be at least 1 and the limits at least 0, got count "
          + count + ", failureLimit " + failureLimit + ", inconclusiveLimit " + inconclusiveLimit);
    }
    if ((long) count + failureLimit + inconclusiveLimit > MAX_MEASUREMENTS) {
      throw new IllegalArgumentException("check " + name + ": count + failureLimit + inconclusiveLimit may be at most "
          + MAX_MEASUREMENTS + " (the measurements a WorkflowExecution keeps per check), got "
          + ((long) count + failureLimit + inconclusiveLimit));
    }
  }

  /** This check with its query replaced (placeholders filled). */
  public VerificationCheck withQuery(String filled) {
    return new VerificationCheck(name, filled, condition, interval, count, failureLimit, inconclusiveLimit);
  }
}
