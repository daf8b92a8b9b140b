package io.kubernaut.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final Fingerprint FP = new Fingerprint("c".repeat(64));
  private static final TargetRef T = new TargetRef("Deployment", "shop-prod", "checkout");

  private static RemediationSummary remediation(String name, RemediationPhase phase, Instant blockedUntil) {
    return new RemediationSummary(name, FP, phase, T, DuplicateCount.first(NOW), NOW.minusSeconds(60),
        Environment.PRODUCTION, List.of(), Set.of(), blockedUntil);
  }

  @Test
  void aRemediationBlockedByATimeBoundRuleAbsorbsSignalsUntilTheBlockWouldLift() {
    RemediationSummary blocked = remediation("a", RemediationPhase.Blocked, NOW.plus(Duration.ofMinutes(5)));

    assertThat(Deduplicator.absorbingAt(List.of(blocked), NOW)).contains(blocked);
    assertThat(Deduplicator.absorbingAt(List.of(blocked), NOW.plus(Duration.ofMinutes(5)).minusMillis(1))).contains(blocked);
    assertThat(Deduplicator.absorbingAt(List.of(blocked), NOW.plus(Duration.ofMinutes(5))))
        .as("the first delivery at the lift time starts a new one").isEmpty();
  }

  @Test
  void aBlockWithoutALiftTimeAndOtherEndedPhasesAbsorbNothing() {
    List<RemediationSummary> ended = List.of(
        remediation("a", RemediationPhase.Blocked, null),
        remediation("b", RemediationPhase.Completed, null),
        remediation("c", RemediationPhase.Failed, null),
        remediation("d", RemediationPhase.Cancelled, null));

    assertThat(Deduplicator.absorbingAt(ended, NOW)).isEmpty();
  }

  @Test
  void aLiftTimeOnlyHoldsABlockedRemediation() {
    RemediationSummary completed = remediation("a", RemediationPhase.Completed, NOW.plus(Duration.ofMinutes(5)));

    assertThat(completed.absorbsAt(NOW)).isFalse();
  }

  @Test
  void anActiveRemediationWinsOverABlockedOneThatStillHoldsTheProblem() {
    RemediationSummary blocked = remediation("a", RemediationPhase.Blocked, NOW.plus(Duration.ofMinutes(5)));
    RemediationSummary active = remediation("a-2", RemediationPhase.Analyzing, null);

    assertThat(Deduplicator.absorbingAt(List.of(blocked, active), NOW)).contains(active);
    assertThat(Deduplicator.activeAmong(List.of(blocked, active))).contains(active);
    assertThat(Deduplicator.activeAmong(List.of(blocked))).as("blocked is not active").isEmpty();
  }
}
