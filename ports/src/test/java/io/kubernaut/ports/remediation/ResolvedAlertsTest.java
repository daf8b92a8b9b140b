package io.kubernaut.ports.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResolvedAlertsTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void aFiringOfARecordedSourceThatStartedNoLaterIsOfAnEndedEpisodeAndALaterStartIsNews() {
    ResolvedAlerts resolved = ResolvedAlerts.NONE.with("a1", T0).orElseThrow();

    assertThat(resolved.ended("a1", T0)).isTrue();
    assertThat(resolved.ended("a1", T0.minusSeconds(1))).isTrue();
    assertThat(resolved.ended("a1", T0.plusSeconds(1))).isFalse();
    assertThat(resolved.ended("b2", T0)).as("another source").isFalse();
    assertThat(resolved.ended("a1", null)).as("no start").isFalse();
    assertThat(resolved.ended("", T0)).as("no source").isFalse();
  }

  @Test
  void aSourcesLaterEpisodeReplacesItsEarlierOneAndNothingOlderOrUnknownIsAdded() {
    ResolvedAlerts first = ResolvedAlerts.NONE.with("a1", T0).orElseThrow();

    ResolvedAlerts later = first.with("a1", T0.plusSeconds(60)).orElseThrow();

    assertThat(later.episodes()).containsExactly(new ResolvedAlerts.Episode("a1", T0.plusSeconds(60)));
    assertThat(later.with("a1", T0)).as("older").isEmpty();
    assertThat(later.with("a1", T0.plusSeconds(60))).as("the same").isEmpty();
    assertThat(later.with("", T0)).isEmpty();
    assertThat(later.with("b2", null)).isEmpty();
  }

  @Test
  void pastTheBoundTheOldestRecordedEpisodeIsDropped() {
    ResolvedAlerts resolved = ResolvedAlerts.NONE;
    for (int i = 0; i < ResolvedAlerts.MAX + 1; i++) {
      resolved = resolved.with("s" + i, T0).orElseThrow();
    }

    assertThat(resolved.episodes()).hasSize(ResolvedAlerts.MAX);
    assertThat(resolved.ended("s0", T0)).isFalse();
    assertThat(resolved.ended("s1", T0)).isTrue();
    assertThat(resolved.ended("s" + ResolvedAlerts.MAX, T0)).isTrue();
  }
}
