package io.kubernaut.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.workflow.MonitoringObservation;
import io.kubernaut.ports.workflow.MonitoringVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RemediationAssessorTest {

  private static final Instant START = Instant.parse("2026-11-20T11:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(5);

  static Stream<Arguments> verdicts() {
    return Stream.of(
        Arguments.of("all steps and a resolved alert", 2, 2, true, null, 10, true, "Remediated", 1.0),
        Arguments.of("all steps and a healthy target", 1, 1, false, true, 10, true, "Remediated", 0.86),
        Arguments.of("half the steps and a resolved alert", 2, 1, true, false, 10, true, "PartiallyRemediated", 0.85),
        Arguments.of("nothing yet inside the window", 1, 1, false, false, 60, false, null, 0.3),
        Arguments.of("health unknown inside the window", 1, 1, false, null, 299, false, null, 0.3),
        Arguments.of("the window ran out", 1, 1, false, false, 300, true, "NotRemediated", 0.3),
        Arguments.of("the window ran out with no step done", 2, 0, false, false, 900, true, "NotRemediated", 0.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verdicts")
  void theVerdictWeighsTheProblemGoneAgainstTheStepsThatSucceeded(String title, int total, int succeeded, boolean resolved,
      Boolean healthy, int secondsIn, boolean settled, String outcome, double score) {
    MonitoringVerdict v = new RemediationAssessor().assess(new MonitoringObservation(total, succeeded, resolved, healthy,
        START, WINDOW, START.plusSeconds(secondsIn)));
    assertThat(v.settled()).isEqualTo(settled);
    assertThat(v.outcome()).isEqualTo(outcome);
    assertThat(v.effectiveness()).isEqualTo(score);
    assertThat(v.recheckAfter()).isEqualTo(settled ? Duration.ZERO
        : Duration.ofSeconds(Math.min(5, 300 - secondsIn)));
  }

  /** Inside the window the looks come at 0.25, 0.5, 1, 2, 4, 8 s, then every 5 s, and never after the window's end. */
  @ParameterizedTest(name = "{0} ms into a {1} s window: look again after {2} ms")
  @org.junit.jupiter.params.provider.CsvSource({"0, 300, 250", "100, 300, 250", "250, 300, 250", "500, 300, 500",
      "1000, 300, 1000", "2000, 300, 2000", "4000, 300, 4000", "8000, 300, 5000", "60000, 300, 5000",
      "298500, 300, 1500", "0, 1, 250", "900, 1, 100"})
  void theLooksStartAQuarterSecondApartAndDoubleUpToFiveSeconds(long millisIn, int windowSeconds, long waitMillis) {
    MonitoringVerdict v = new RemediationAssessor().assess(new MonitoringObservation(1, 1, false, false, START,
        Duration.ofSeconds(windowSeconds), START.plusMillis(millisIn)));
    assertThat(v.settled()).isFalse();
    assertThat(v.recheckAfter()).isEqualTo(Duration.ofMillis(waitMillis));
  }
}
