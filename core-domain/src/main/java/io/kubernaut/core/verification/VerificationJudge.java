package io.kubernaut.core.verification;

import io.kubernaut.ports.verification.AlertActivity;
import io.kubernaut.ports.verification.Measurement;
import io.kubernaut.ports.verification.Measurement.Result;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.Sample;
import io.kubernaut.ports.verification.SuccessCondition;
import io.kubernaut.ports.verification.VerificationCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges a workflow by its verification checks, in the manner of an Argo Rollouts analysis. Each
 * check is measured first one interval after monitoring began, then every interval, until it passed
 * {@code count} times, failed more than {@code failureLimit} times, or had no usable data more than
 * {@code inconclusiveLimit} times. A failed check makes the workflow NotRemediated; a check without
 * data, Inconclusive. When every check passed, the alert decides: resolved by webhook or inactive in
 * Alertmanager is Remediated; still active when the deadline comes is NotRemediated; not known by
 * then is Inconclusive. The deadline is the monitoring window, stretched so every check can take all
 * the measurements its limits allow. Pure.
 */
public final class VerificationJudge {

  /** How often the alert's state is looked at once every check passed. */
  static final Duration ALERT_RECHECK = Duration.ofSeconds(5);

  /** What the judge says. */
  public enum Verdict { MEASURING, REMEDIATED, NOT_REMEDIATED, INCONCLUSIVE }

  /**
   * What the alert says.
   *
   * @param resolvedByWebhook whether Alertmanager's resolved notification arrived
   * @param activity the alert's state read from Alertmanager; null when no Alertmanager is configured
   */
  public record AlertSignal(boolean resolvedByWebhook, AlertActivity activity) {}

  /**
   * The judgement.
   *
   * @param verdict keep measuring, or the outcome
   * @param due the checks to measure now (only while measuring)
   * @param measured the answers of this call turned into measurements
   * @param recheck when to look again while measuring
   * @param message a sentence saying why
   * @param failedCheck the check that failed, with its last value; null otherwise
   * @param effectiveness 0..1: 1 when remediated, else half the share of checks that passed
   */
  public record Judgement(Verdict verdict, List<VerificationCheck> due, List<Measurement> measured, Duration recheck,
      String message, String failedCheck, double effectiveness) {}

  private enum State { PENDING, PASSED, FAILED, INCONCLUSIVE }

  /**
   * @param checks the checks, placeholders filled
   * @param history the measurements recorded so far
   * @param answers the answers read now, by check name (empty when none were read)
   * @param alert what the alert says
   * @param started when monitoring began
   * @param window the monitoring window
   * @param now the decision time
   */
  public Judgement judge(List<VerificationCheck> checks, List<Measurement> history, Map<String, QueryAnswer> answers,
      AlertSignal alert, Instant started, Duration window, Instant now) {
    List<Measurement> measured = new ArrayList<>();
    for (VerificationCheck c : checks) {
      if (answers.containsKey(c.name()) && state(c, history) == State.PENDING) {
        measured.add(measure(c, answers.get(c.name()), now));
      }
    }
    List<Measurement> all = new ArrayList<>(history);
    all.addAll(measured);
    Instant deadline = deadline(checks, started, window);
    int passed = 0;
    // A failed check outweighs a check without data: failures are looked at first.
    for (VerificationCheck c : checks) {
      State st = state(c, all);
      if (st == State.FAILED) {
        Measurement last = last(c, all, Result.FAILED);
        String failed = "check " + c.name() + " failed " + count(c, all, Result.FAILED) + " times (failureLimit "
            + c.failureLimit() + "); its last value was " + value(last) + " where " + c.condition().display()
            + " was needed";
        return new Judgement(Verdict.NOT_REMEDIATED, List.of(), measured, Duration.ZERO, "Verification failed: " + failed
            + ".", failed, score(checks, all));
      }
      passed += st == State.PASSED ? 1 : 0;
    }
    for (VerificationCheck c : checks) {
      if (state(c, all) == State.INCONCLUSIVE) {
        Measurement last = last(c, all, Result.MISSING);
        return new Judgement(Verdict.INCONCLUSIVE, List.of(), measured, Duration.ZERO, "Verification is inconclusive: check "
            + c.name() + " had no usable data " + count(c, all, Result.MISSING) + " times (inconclusiveLimit "
            + c.inconclusiveLimit() + "); last: " + last.detail() + " Review it by hand.", null, score(checks, all));
      }
    }
    if (passed == checks.size()) {
      return alertDecides(checks, all, measured, alert, deadline, now);
    }
    List<VerificationCheck> pending = checks.stream().filter(c -> state(c, all) == State.PENDING).toList();
    if (!now.isBefore(deadline)) {
      VerificationCheck c = pending.get(0);
      return new Judgement(Verdict.INCONCLUSIVE, List.of(), measured, Duration.ZERO, "Verification is inconclusive: by "
          + deadline + " check " + c.name() + " had passed " + count(c, all, Result.PASSED) + " of the " + c.count()
          + " times it needs. Review it by hand.", null, score(checks, all));
    }
    List<VerificationCheck> due = new ArrayList<>();
    Instant next = deadline;
    for (VerificationCheck c : pending) {
      Instant at = dueAt(c, all, started);
      if (!at.isAfter(now) && answers.isEmpty()) {
        due.add(c);
      } else {
        Instant when = at.isAfter(now) ? at : now.plusSeconds(1);
        next = when.isBefore(next) ? when : next;
      }
    }
    Duration recheck = due.isEmpty() ? Duration.between(now, next) : Duration.ZERO;
    return new Judgement(Verdict.MEASURING, due, measured, recheck, passed + " of " + checks.size()
        + " verification checks passed; measuring " + names(pending) + " until " + deadline + ".", null,
        score(checks, all));
  }

  /** Every check passed: the alert's resolution decides, or the deadline. */
  private Judgement alertDecides(List<VerificationCheck> checks, List<Measurement> all, List<Measurement> measured,
      AlertSignal alert, Instant deadline, Instant now) {
    AlertActivity.State state = alert.activity() == null ? null : alert.activity().state();
    if (alert.resolvedByWebhook() || state == AlertActivity.State.INACTIVE) {
      String why = alert.resolvedByWebhook() ? "the alert resolved" : "the alert is no longer active in Alertmanager";
      return new Judgement(Verdict.REMEDIATED, List.of(), measured, Duration.ZERO, "All " + checks.size()
          + " verification checks passed and " + why + ".", null, 1.0);
    }
    String waiting = state == AlertActivity.State.ACTIVE ? "the alert is still active in Alertmanager"
        : state == AlertActivity.State.UNKNOWN ? "the alert's state is not known (" + alert.activity().reason() + ")"
        : "the alert's resolved notification has not arrived";
    if (now.isBefore(deadline)) {
      Duration left = Duration.between(now, deadline);
      return new Judgement(Verdict.MEASURING, List.of(), measured, left.compareTo(ALERT_RECHECK) < 0 ? left : ALERT_RECHECK,
          "All " + checks.size() + " verification checks passed but " + waiting + "; waiting until " + deadline + ".",
          null, score(checks, all));
    }
    if (state == AlertActivity.State.ACTIVE) {
      String failed = "all checks passed but the alert was still active in Alertmanager at " + deadline;
      return new Judgement(Verdict.NOT_REMEDIATED, List.of(), measured, Duration.ZERO, "Verification failed: " + failed
          + ".", failed, score(checks, all));
    }
    return new Judgement(Verdict.INCONCLUSIVE, List.of(), measured, Duration.ZERO, "Verification is inconclusive: all "
        + checks.size() + " checks passed but by " + deadline + " " + waiting + ". Review it by hand.", null,
        score(checks, all));
  }

  /** One answer against the check's condition. */
  Measurement measure(VerificationCheck c, QueryAnswer answer, Instant now) {
    if (!answer.answered()) {
      return new Measurement(c.name(), now, Result.MISSING, null, (answer.availability()
          == QueryAnswer.Availability.UNREACHABLE ? "The metrics source was unreachable: "
          : "The metrics source answered no usable data: ") + answer.reason());
    }
    List<Sample> samples = answer.samples();
    SuccessCondition cond = c.condition();
    if (cond.comparison() == SuccessCondition.Comparison.EMPTY) {
      return samples.isEmpty()
          ? new Measurement(c.name(), now, Result.PASSED, null, "No series answered, as needed.")
          : new Measurement(c.name(), now, Result.FAILED, samples.get(0).value(), samples.size()
              + " series answered where none was wanted, such as " + samples.get(0).labels() + ".");
    }
    if (samples.isEmpty()) {
      return new Measurement(c.name(), now, Result.MISSING, null, "No series answered where a number was needed.");
    }
    for (Sample s : samples) {
      if (Double.isNaN(s.value())) {
        return new Measurement(c.name(), now, Result.MISSING, null, "The query answered NaN for " + s.labels() + ".");
      }
    }
    for (Sample s : samples) {
      if (!holds(cond, s.value())) {
        return new Measurement(c.name(), now, Result.FAILED, s.value(), "Value " + s.value() + " of " + s.labels()
            + " is not " + cond.display() + ".");
      }
    }
    return new Measurement(c.name(), now, Result.PASSED, samples.get(0).value(), "All " + samples.size()
        + " series are " + cond.display() + ".");
  }

  static boolean holds(SuccessCondition cond, double v) {
    double b = cond.bound();
    return switch (cond.comparison()) {
      case LT -> v < b;
      case LE -> v <= b;
      case GT -> v > b;
      case GE -> v >= b;
      case EQ -> v == b;
      case NE -> v != b;
      case EMPTY -> false;
    };
  }

  /** The monitoring window, or longer when a check needs more time for all the measurements its limits allow. */
  static Instant deadline(List<VerificationCheck> checks, Instant started, Duration window) {
    Duration longest = window;
    for (VerificationCheck c : checks) {
      Duration needed = c.interval().multipliedBy((long) c.count() + c.failureLimit() + c.inconclusiveLimit());
      longest = needed.compareTo(longest) > 0 ? needed : longest;
    }
    return started.plus(longest);
  }

  private static State state(VerificationCheck c, List<Measurement> all) {
    int passed = 0;
    int failed = 0;
    int missing = 0;
    for (Measurement m : all) {
      if (!m.check().equals(c.name())) {
        continue;
      }
      switch (m.result()) {
        case PASSED -> passed++;
        case FAILED -> failed++;
        case MISSING -> missing++;
      }
      if (failed > c.failureLimit()) {
        return State.FAILED;
      }
      if (missing > c.inconclusiveLimit()) {
        return State.INCONCLUSIVE;
      }
      if (passed >= c.count()) {
        return State.PASSED;
      }
    }
    return State.PENDING;
  }

  private static Instant dueAt(VerificationCheck c, List<Measurement> all, Instant started) {
    Instant last = null;
    for (Measurement m : all) {
      if (m.check().equals(c.name()) && (last == null || m.at().isAfter(last))) {
        last = m.at();
      }
    }
    return (last == null ? started : last).plus(c.interval());
  }

  private static int count(VerificationCheck c, List<Measurement> all, Result r) {
    return (int) all.stream().filter(m -> m.check().equals(c.name()) && m.result() == r).count();
  }

  private static Measurement last(VerificationCheck c, List<Measurement> all, Result r) {
    Measurement last = null;
    for (Measurement m : all) {
      if (m.check().equals(c.name()) && m.result() == r) {
        last = m;
      }
    }
    return last;
  }

  private static String value(Measurement m) {
    return m.value() == null ? "none (" + m.detail() + ")" : String.valueOf(m.value());
  }

  private static double score(List<VerificationCheck> checks, List<Measurement> all) {
    if (checks.isEmpty()) {
      return 0;
    }
    long passed = checks.stream().filter(c -> state(c, all) == State.PASSED).count();
    return Math.round(50.0 * passed / checks.size()) / 100.0;
  }

  private static String names(List<VerificationCheck> checks) {
    return String.join(", ", checks.stream().map(VerificationCheck::name).toList());
  }
}
