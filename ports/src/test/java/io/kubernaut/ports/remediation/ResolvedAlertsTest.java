package io.kubernaut.ports.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResolvedAlertsTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final Instant RESOLVED = T0.plusSeconds(300);
  private static final Duration WINDOW = ResolvedAlerts.DEFAULT_LATE_FIRING_WINDOW;

  @Test
  void aFiringOfARecordedSourceThatStartedNoLaterAndCameWithinTheWindowIsLateAndOtherwiseNews() {
    ResolvedAlerts resolved = ResolvedAlerts.NONE.with("a1", T0, RESOLVED, WINDOW).orElseThrow();
    Instant soon = RESOLVED.plusSeconds(30);

    assertThat(resolved.ended("a1", T0, soon, WINDOW)).isTrue();
    assertThat(resolved.ended("a1", T0.minusSeconds(1), soon, WINDOW)).isTrue();
    assertThat(resolved.ended("a1", T0.plusSeconds(1), soon, WINDOW)).as("a later start: a new episode").isFalse();
    assertThat(resolved.ended("a1", T0, RESOLVED.plus(WINDOW), WINDOW)).as("the same start long after: it fires again for real")
        .isFalse();
    assertThat(resolved.ended("b2", T0, soon, WINDOW)).as("another source").isFalse();
    assertThat(resolved.ended("a1", null, soon, WINDOW)).as("no start").isFalse();
    assertThat(resolved.ended("", T0, soon, WINDOW)).as("no source").isFalse();
  }

  @Test
  void aTwinResolutionAddsNothingWhileALaterEpisodeOrTheSameOneResolvedAgainAfterTheWindowReplacesTheRecord() {
    ResolvedAlerts first = ResolvedAlerts.NONE.with("a1", T0, RESOLVED, WINDOW).orElseThrow();

    assertThat(first.with("a1", T0, RESOLVED.plusSeconds(60), WINDOW)).as("the twin of the resolution").isEmpty();
    ResolvedAlerts later = first.with("a1", T0.plusSeconds(600), RESOLVED.plusSeconds(900), WINDOW).orElseThrow();
    assertThat(later.episodes()).containsExactly(new ResolvedAlerts.Episode("a1", T0.plusSeconds(600),
        RESOLVED.plusSeconds(900)));
    assertThat(later.with("a1", T0, RESOLVED.plus(WINDOW).plus(WINDOW), WINDOW)).as("an older episode").isEmpty();
    ResolvedAlerts again = first.with("a1", T0, RESOLVED.plus(WINDOW), WINDOW).orElseThrow();
    assertThat(again.episodes()).containsExactly(new ResolvedAlerts.Episode("a1", T0, RESOLVED.plus(WINDOW)));
    assertThat(first.with("", T0, RESOLVED, WINDOW)).isEmpty();
    assertThat(first.with("b2", null, RESOLVED, WINDOW)).isEmpty();
  }

  @Test
  void theWindowIsTheConfiguredOneAndZeroTakesNoFiringAsLate() {
    Duration hour = Duration.ofHours(1);
    ResolvedAlerts resolved = ResolvedAlerts.NONE.with("a1", T0, RESOLVED, hour).orElseThrow();

    assertThat(resolved.ended("a1", T0, RESOLVED.plus(WINDOW), hour)).as("past the default, within the hour").isTrue();
    assertThat(resolved.ended("a1", T0, RESOLVED.plus(hour), hour)).isFalse();
    assertThat(resolved.ended("a1", T0, RESOLVED, Duration.ZERO)).as("no window").isFalse();
    assertThat(resolved.with("a1", T0, RESOLVED.plusSeconds(1), Duration.ZERO)).as("with no window a twin resolution "
        + "records its own time").hasValueSatisfying(r -> assertThat(r.episodes()).containsExactly(
            new ResolvedAlerts.Episode("a1", T0, RESOLVED.plusSeconds(1))));
    assertThat(ResolvedAlerts.lateFiringWindow(ResolvedAlerts.MAX_LATE_FIRING_WINDOW)).isEqualTo(Duration.ofDays(1));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResolvedAlerts.lateFiringWindow(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 24 hours");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResolvedAlerts.lateFiringWindow(Duration.ofDays(1).plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pastTheBoundTheOldestRecordedEpisodeIsDropped() {
    ResolvedAlerts resolved = ResolvedAlerts.NONE;
    for (int i = 0; i < ResolvedAlerts.MAX + 1; i++) {
      resolved = resolved.with("s" + i, T0, RESOLVED, WINDOW).orElseThrow();
    }

    assertThat(resolved.episodes()).hasSize(ResolvedAlerts.MAX);
    assertThat(resolved.ended("s0", T0, RESOLVED, WINDOW)).isFalse();
    assertThat(resolved.ended("s1", T0, RESOLVED, WINDOW)).isTrue();
    assertThat(resolved.ended("s" + ResolvedAlerts.MAX, T0, RESOLVED, WINDOW)).isTrue();
  }
}
