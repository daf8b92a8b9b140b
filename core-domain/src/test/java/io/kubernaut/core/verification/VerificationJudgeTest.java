package io.kubernaut.core.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.verification.VerificationJudge.AlertSignal;
import io.kubernaut.core.verification.VerificationJudge.Judgement;
import io.kubernaut.core.verification.VerificationJudge.Verdict;
import io.kubernaut.ports.verification.AlertActivity;
import io.kubernaut.ports.verification.Measurement;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.Sample;
import io.kubernaut.ports.verification.SuccessCondition;
import io.kubernaut.ports.verification.VerificationCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VerificationJudgeTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final AlertSignal RESOLVED = new AlertSignal(true, null);
  private static final AlertSignal SILENT = new AlertSignal(false, null);
  private final VerificationJudge judge = new VerificationJudge();

  private static VerificationCheck check(String name, String condition, int count, int failureLimit, int inconclusive) {
    return new VerificationCheck(name, "q_" + name, SuccessCondition.parse(condition), Duration.ofSeconds(30), count,
        failureLimit, inconclusive);
  }

  private static QueryAnswer value(double v) {
    return QueryAnswer.answered(List.of(new Sample(Map.of("pod", "api-1"), v)));
  }

  /** Runs the judge as the conductor does: ask what is due, answer it, judge, record; until it settles. */
  private Judgement run(List<VerificationCheck> checks, java.util.function.Function<VerificationCheck, QueryAnswer> source,
      AlertSignal alert, List<Measurement> recorded) {
    Instant now = T0;
    for (int i = 0; i < 1000; i++) {
      Judgement before = judge.judge(checks, recorded, Map.of(), alert, T0, WINDOW, now);
      Map<String, QueryAnswer> answers = new java.util.HashMap<>();
      before.due().forEach(c -> answers.put(c.name(), source.apply(c)));
      Judgement after = judge.judge(checks, recorded, answers, alert, T0, WINDOW, now);
      recorded.addAll(after.measured());
      if (after.verdict() != Verdict.MEASURING) {
        return after;
      }
      assertThat(after.recheck()).as("a measuring judge always says when to look again").isPositive();
      now = now.plus(after.recheck());
    }
    throw new AssertionError("the judge never settled");
  }

  @Test
  void checksThatPassTheirCountWithTheAlertResolvedAreRemediated() {
    List<Measurement> recorded = new ArrayList<>();
    Judgement j = run(List.of(check("restarts", "== 0", 3, 1, 1)), c -> value(0), RESOLVED, recorded);
    assertThat(j.verdict()).isEqualTo(Verdict.REMEDIATED);
    assertThat(recorded).hasSize(3).allMatch(m -> m.result() == Measurement.Result.PASSED);
    assertThat(recorded.get(0).at()).as("the first measurement comes one interval after monitoring began")
        .isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void aCheckFailingMoreThanItsFailureLimitIsNotRemediatedNamingItsLastValue() {
    Judgement j = run(List.of(check("restarts", "== 0", 3, 2, 1)), c -> value(4), RESOLVED, new ArrayList<>());
    assertThat(j.verdict()).isEqualTo(Verdict.NOT_REMEDIATED);
    assertThat(j.failedCheck()).contains("restarts").contains("failed 3 times").contains("4.0").contains("== 0.0");
  }

  @Test
  void anUnreachableSourcePastTheInconclusiveLimitIsInconclusiveWithTheReason() {
    Judgement j = run(List.of(check("restarts", "== 0", 3, 2, 1)), c -> QueryAnswer.unreachable("connection refused"),
        RESOLVED, new ArrayList<>());
    assertThat(j.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(j.message()).contains("connection refused");
  }

  @Test
  void anEmptyAnswerWhereANumberWasNeededIsMissingDataButPassesAnEmptyCondition() {
    VerificationCheck number = check("n", "< 1", 1, 0, 0);
    VerificationCheck empty = check("e", "empty", 1, 0, 0);
    QueryAnswer none = QueryAnswer.answered(List.of());
    assertThat(judge.measure(number, none, T0).result()).isEqualTo(Measurement.Result.MISSING);
    assertThat(judge.measure(empty, none, T0).result()).isEqualTo(Measurement.Result.PASSED);
    assertThat(judge.measure(empty, value(0), T0).result()).isEqualTo(Measurement.Result.FAILED);
    assertThat(judge.measure(number, QueryAnswer.failed("bad json"), T0).result()).isEqualTo(Measurement.Result.MISSING);
  }

  @Test
  void aMissingMeasurementSaysInASentenceWhetherTheSourceWasUnreachableOrAnsweredBadly() {
    VerificationCheck number = check("n", "< 1", 1, 0, 0);
    assertThat(judge.measure(number, QueryAnswer.unreachable("connection refused"), T0).detail())
        .isEqualTo("The metrics source was unreachable: connection refused");
    assertThat(judge.measure(number, QueryAnswer.failed("Prometheus answered HTTP 500."), T0).detail())
        .isEqualTo("The metrics source answered no usable data: Prometheus answered HTTP 500.");
  }

  @Test
  void everySampleMustHoldAndTheFirstFailingOneIsTheValueRecorded() {
    VerificationCheck c = check("ratio", "< 0.25", 1, 0, 0);
    QueryAnswer two = QueryAnswer.answered(List.of(new Sample(Map.of("pod", "a"), 0.1), new Sample(Map.of("pod", "b"), 0.9)));
    Measurement m = judge.measure(c, two, T0);
    assertThat(m.result()).isEqualTo(Measurement.Result.FAILED);
    assertThat(m.value()).isEqualTo(0.9);
  }

  @Test
  void passingChecksWaitForTheAlertAndAnAlertStillActiveAtTheDeadlineIsNotRemediated() {
    AlertSignal active = new AlertSignal(false, new AlertActivity(AlertActivity.State.ACTIVE, "listed as firing"));
    Judgement j = run(List.of(check("restarts", "== 0", 2, 0, 0)), c -> value(0), active, new ArrayList<>());
    assertThat(j.verdict()).isEqualTo(Verdict.NOT_REMEDIATED);
    assertThat(j.failedCheck()).contains("still active in Alertmanager");
  }

  @Test
  void passingChecksWithTheAlertInactiveInAlertmanagerAreRemediatedWithoutAWebhook() {
    AlertSignal inactive = new AlertSignal(false, new AlertActivity(AlertActivity.State.INACTIVE, "not listed"));
    assertThat(run(List.of(check("restarts", "== 0", 2, 0, 0)), c -> value(0), inactive, new ArrayList<>()).verdict())
        .isEqualTo(Verdict.REMEDIATED);
  }

  @Test
  void passingChecksWithoutAnyWordFromTheAlertAreInconclusiveAtTheDeadline() {
    assertThat(run(List.of(check("restarts", "== 0", 2, 0, 0)), c -> value(0), SILENT, new ArrayList<>()).verdict())
        .isEqualTo(Verdict.INCONCLUSIVE);
  }

  /**
   * Property: for random checks and random answers, the judge always settles before its deadline
   * plus one interval; it says NotRemediated exactly when some check had more failures than its
   * limit, Inconclusive exactly when none did but some had more missing data than its limit (or too
   * few passes), and Remediated only when every check passed its count; no check is measured after
   * it settled.
   */
  @Test
  void theVerdictAlwaysMatchesTheCountsOfTheMeasurementsTaken() {
    Random random = new Random(17);
    for (int trial = 0; trial < 500; trial++) {
      List<VerificationCheck> checks = new ArrayList<>();
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        checks.add(check("c" + i, "<= 1", 1 + random.nextInt(4), random.nextInt(3), random.nextInt(3)));
      }
      double pFail = random.nextDouble();
      double pMissing = random.nextDouble() * (1 - pFail);
      List<Measurement> recorded = new ArrayList<>();
      Judgement j = run(checks, c -> {
        double r = random.nextDouble();
        return r < pFail ? value(5) : r < pFail + pMissing ? QueryAnswer.unreachable("down") : value(0);
      }, RESOLVED, recorded);
      Instant deadline = VerificationJudge.deadline(checks, T0, WINDOW);
      assertThat(recorded).allMatch(m -> !m.at().isAfter(deadline));
      boolean anyFailed = false;
      boolean anyInconclusive = false;
      boolean allPassed = true;
      for (VerificationCheck c : checks) {
        List<Measurement> mine = recorded.stream().filter(m -> m.check().equals(c.name())).toList();
        long failed = mine.stream().filter(m -> m.result() == Measurement.Result.FAILED).count();
        long missing = mine.stream().filter(m -> m.result() == Measurement.Result.MISSING).count();
        long passed = mine.stream().filter(m -> m.result() == Measurement.Result.PASSED).count();
        assertThat(failed).isLessThanOrEqualTo(c.failureLimit() + 1);
        assertThat(missing).isLessThanOrEqualTo(c.inconclusiveLimit() + 1);
        assertThat(passed).isLessThanOrEqualTo(c.count());
        anyFailed |= failed > c.failureLimit();
        anyInconclusive |= missing > c.inconclusiveLimit();
        allPassed &= passed == c.count();
      }
      Verdict expected = anyFailed ? Verdict.NOT_REMEDIATED : anyInconclusive || !allPassed ? Verdict.INCONCLUSIVE
          : Verdict.REMEDIATED;
      assertThat(j.verdict()).as("trial %d", trial).isEqualTo(expected);
    }
  }

  /** Property: asking again with no new answers never changes a settled verdict nor records anything. */
  @Test
  void aSettledVerdictIsStableWhenAskedAgainLater() {
    Random random = new Random(4);
    for (int trial = 0; trial < 200; trial++) {
      List<VerificationCheck> checks = List.of(check("a", "== 0", 1 + random.nextInt(3), random.nextInt(2),
          random.nextInt(2)));
      List<Measurement> recorded = new ArrayList<>();
      Judgement first = run(checks, c -> random.nextBoolean() ? value(0) : random.nextBoolean() ? value(1)
          : QueryAnswer.failed("odd json"), RESOLVED, recorded);
      Judgement later = judge.judge(checks, recorded, Map.of(), RESOLVED, T0, WINDOW, T0.plus(Duration.ofHours(1)));
      assertThat(later.verdict()).isEqualTo(first.verdict());
      assertThat(later.measured()).isEmpty();
    }
  }
}
