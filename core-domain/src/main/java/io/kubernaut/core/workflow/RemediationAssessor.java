package io.kubernaut.core.workflow;

import io.kubernaut.ports.workflow.MonitoringObservation;
import io.kubernaut.ports.workflow.MonitoringVerdict;
import java.time.Duration;
import java.time.Instant;

/**
 * The monitoring verdict. The problem went away when the alert resolved (the strongest signal) or
 * the target checks healthy. The score weighs that signal (resolved 1.0, healthy 0.8, neither 0)
 * at 70 % and the share of steps that succeeded at 30 %. All steps and the problem gone is
 * Remediated; the problem gone with some steps failed is PartiallyRemediated; the window running
 * out with the problem still there is NotRemediated.
 */
public final class RemediationAssessor {

  /** The longest wait between two looks at the target inside the window. */
  static final Duration RECHECK = Duration.ofSeconds(5);
  /**
   * The first wait after monitoring starts. The waits then double (each as long as monitoring has
   * lasted) up to {@link #RECHECK}: a change that takes effect in well under a second (a scaled or
   * patched Deployment rolled out at once) is seen healthy within a quarter second instead of at
   * the next 5 s look or the window's end, for about four more looks over the first 10 s of a long
   * window (and none more when the first look after the action finds it healthy).
   */
  static final Duration FIRST_RECHECK = Duration.ofMillis(250);

  public MonitoringVerdict assess(MonitoringObservation o) {
    double signal = o.alertResolved() ? 1.0 : Boolean.TRUE.equals(o.targetHealthy()) ? 0.8 : 0.0;
    double stepShare = o.totalSteps() == 0 ? 0.0 : (double) o.succeededSteps() / o.totalSteps();
    double score = Math.round((0.7 * signal + 0.3 * stepShare) * 100) / 100.0;
    String steps = o.succeededSteps() + " of " + o.totalSteps() + " steps succeeded";
    if (signal > 0) {
      String why = o.alertResolved() ? "the alert resolved" : "the target checks healthy";
      boolean all = o.succeededSteps() == o.totalSteps();
      return new MonitoringVerdict(true, all ? MonitoringVerdict.REMEDIATED : MonitoringVerdict.PARTIALLY_REMEDIATED,
          score, "The problem went away (" + why + ") and " + steps + ".", Duration.ZERO);
    }
    Instant end = o.monitoringStarted().plus(o.window());
    if (o.now().isBefore(end)) {
      return new MonitoringVerdict(false, null, score, "Waiting until " + end
          + " for the alert to resolve or the target to turn healthy; " + steps + ".", recheck(o, end));
    }
    return new MonitoringVerdict(true, MonitoringVerdict.NOT_REMEDIATED, score, "Within the " + o.window().toSeconds()
        + " s window the alert did not resolve and the target did not turn healthy; " + steps
        + ". Investigate by hand.", Duration.ZERO);
  }

  /** When to look again: as long as monitoring has lasted, at least {@link #FIRST_RECHECK}, at most {@link #RECHECK} and the time left. */
  static Duration recheck(MonitoringObservation o, Instant end) {
    Duration lasted = Duration.between(o.monitoringStarted(), o.now());
    Duration wait = lasted.compareTo(FIRST_RECHECK) < 0 ? FIRST_RECHECK : lasted.compareTo(RECHECK) > 0 ? RECHECK : lasted;
    Duration left = Duration.between(o.now(), end);
    return left.compareTo(wait) < 0 ? left : wait;
  }
}
