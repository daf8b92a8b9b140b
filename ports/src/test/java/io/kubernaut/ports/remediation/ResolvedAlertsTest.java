package io.kubernaut.ports.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResolvedAlertsTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final Instant RESOLVED = T0.plusSeconds(300);
  private static final Duration WINDOW = ResolvedAlerts.LATE_FIRING_WINDOW;

  @Test
  void aFiringOfARecordedSourceThatStartedNoLaterAndCameWithinTheWindowIsLateAndOtherwiseNews() {
    ResolvedAlerts resolved = ResolvedAlerts.NONE.with("a1", T0, RESOLVED).orElseThrow();
    Instant soon = RESOLVED.plusSeconds(30);

    assertThat(resolved.ended("a1", T0, soon)).isTrue();
    assertThat(resolved.ended("a1", T0.minusSeconds(1), soon)).isTrue();
    assertThat(resolved.ended("a1", T0.plusSeconds(1), soon)).as("a later start: a new episode").isFalse();
    assertThat(resolved.ended("a1", T0, RESOLVED.plus(WINDOW))).as("the same start long after: it fires again for real")
        .isFalse();
    assertThat(resolved.ended("b2", T0, soon)).as("another source").isFalse();
    assertThat(resolved.ended("a1", null, soon)).as("no start").isFalse();
    assertThat(resolved.ended("", T0, soon)).as("no source").isFalse();
  }

  @Test
  void aTwinResolutionAddsNothingWhileALaterEpisodeOrTheSameOneResolvedAgainAfterTheWindowReplacesTheRecord() {
    ResolvedAlerts first = ResolvedAlerts.NONE.with("a1", T0, RESOLVED).orElseThrow();

    assertThat(first.with("a1", T0, RESOLVED.plusSeconds(60))).as("the twin of the resolution").isEmpty();
    ResolvedAlerts later = first.with("a1", T0.plusSeconds(600), RESOLVED.plusSeconds(900)).orElseThrow();
    assertThat(later.episodes()).containsExactly(new ResolvedAlerts.Episode("a1", T0.plusSeconds(600),
        RESOLVED.plusSeconds(900)));
    assertThat(later.with("a1", T0, RESOLVED.plus(WINDOW).plus(WINDOW))).as("an older episode").isEmpty();
    ResolvedAlerts again = first.with("a1", T0, RESOLVED.plus(WINDOW)).orElseThrow();
    assertThat(again.episodes()).containsExactly(new ResolvedAlerts.Episode("a1", T0, RESOLVED.plus(WINDOW)));
    assertThat(first.with("", T0, RESOLVED)).isEmpty();
    assertThat(first.with("b2", null, RESOLVED)).isEmpty();
  }

  @Test
  void pastTheBoundTheOldestRecordedEpisodeIsDropped() {
    ResolvedAlerts resolved = ResolvedAlerts.NONE;
    for (int i = 0; i < ResolvedAlerts.MAX + 1; i++) {
      resolved = resolved.with("s" + i, T0, RESOLVED).orElseThrow();
    }

    assertThat(resolved.episodes()).hasSize(ResolvedAlerts.MAX);
    assertThat(resolved.ended("s0", T0, RESOLVED)).isFalse();
    assertThat(resolved.ended("s1", T0, RESOLVED)).isTrue();
    assertThat(resolved.ended("s" + ResolvedAlerts.MAX, T0, RESOLVED)).isTrue();
  }
}
