package io.kubernaut.ports.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * The monitoring phase's verdict: keep watching, or the outcome with an effectiveness score.
 *
 * @param settled whether the outcome is final
 * @param outcome {@code Remediated}, {@code PartiallyRemediated}, {@code NotRemediated}, {@code Inconclusive} or
 *     {@code RolledBack}; null while unsettled
 * @param effectiveness 0 to 1
 * @param message one sentence explaining the verdict
 * @param recheckAfter when to look again while unsettled; zero when settled
 */
public record MonitoringVerdict(boolean settled, String outcome, double effectiveness, String message, Duration recheckAfter) {

  public static final String REMEDIATED = "Remediated";
  public static final String PARTIALLY_REMEDIATED = "PartiallyRemediated";
  public static final String NOT_REMEDIATED = "NotRemediated";
  /** Verification could not tell: data was missing; a person reviews it. */
  public static final String INCONCLUSIVE = "Inconclusive";
  /** Verification failed and the steps were rolled back. */
  public static final String ROLLED_BACK = "RolledBack";

  public MonitoringVerdict {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(recheckAfter, "recheckAfter");
    if (settled) {
      Objects.requireNonNull(outcome, "outcome");
    }
  }
}
