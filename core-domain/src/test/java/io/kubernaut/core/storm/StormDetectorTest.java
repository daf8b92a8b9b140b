package io.kubernaut.core.storm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.remediation.DuplicateCount;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.StormCrossing;
import io.kubernaut.ports.remediation.StormThreshold;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The crossing decision the intake queues and the store's flush records: it reads the counts the
 * duplicate was answered with (stored plus not yet flushed) and what status has recorded.
 */
class StormDetectorTest {

  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private final StormDetector detector = new StormDetector(StormPolicy.defaults());

  /** A production remediation with {@code count} duplicates, the last {@code recent} of them one second apart up to {@code at}. */
  private static RemediationSummary counted(long count, int recent, Instant at, Set<StormThreshold> recorded) {
    List<Instant> times = new ArrayList<>();
    for (int i = recent - 1; i >= 0; i--) {
      times.add(at.minusSeconds(i));
    }
    return new RemediationSummary("crash-1", new Fingerprint("c".repeat(64)), RemediationPhase.Executing,
        new TargetRef("Deployment", "shop-prod", "checkout"), new DuplicateCount(count, T0, at), T0,
        Environment.PRODUCTION, times, recorded);
  }

  @Test
  void aThresholdReachedAndNotRecordedIsCrossedByEveryDuplicateUntilRecordedSoACrashBeforeTheFlushLosesNoEscalation() {
    Instant at = T0.plusSeconds(60);

    // Reached, but the crossing was only queued when the replica crashed: status has no record of it.
    assertThat(detector.crossings(counted(7, 1, at, Set.of()), at)).extracting(StormCrossing::threshold)
        .containsExactly(StormThreshold.COUNT);
    assertThat(detector.crossings(counted(7, 1, at, Set.of(StormThreshold.COUNT)), at)).isEmpty();
  }

  @Test
  void aCrossingCarriesTheCountsItWasAnsweredWithAndTheRuleOfItsEnvironment() {
    Instant at = T0.plusSeconds(60);

    List<StormCrossing> crossed = detector.crossings(counted(5, 3, at, Set.of()), at);

    assertThat(crossed).containsExactly(
        new StormCrossing(StormThreshold.COUNT, 5, 5, Duration.ZERO, at),
        new StormCrossing(StormThreshold.RATE, 3, 3, Duration.ofMinutes(5), at));
    assertThat(detector.crossings(counted(4, 2, at, Set.of()), at)).as("below both rules").isEmpty();
  }

  @Test
  void arrivalsOutsideTheWindowDoNotCountTowardsTheRateRule() {
    Instant at = T0.plusSeconds(3600);
    RemediationSummary spread = new RemediationSummary("crash-1", new Fingerprint("c".repeat(64)),
        RemediationPhase.Executing, new TargetRef("Deployment", "shop-prod", "checkout"), new DuplicateCount(3, T0, at),
        T0, Environment.PRODUCTION, List.of(T0, T0.plusSeconds(1), at), Set.of(StormThreshold.COUNT));

    assertThat(detector.crossings(spread, at)).isEmpty();
  }
}
