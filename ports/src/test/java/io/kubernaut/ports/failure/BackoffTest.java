package io.kubernaut.ports.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void eachPauseDoublesTheOneBeforeUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

    assertThat(IntStream.rangeClosed(1, 5).mapToLong(n -> backoff.after(n).toMillis()).toArray())
        .containsExactly(100, 200, 400, 500, 500);
  }

  @Test
  void pausesStayCappedHoweverManyAttemptsFailed() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    assertThat(backoff.after(20)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(64)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
    assertThat(new Backoff(Duration.ofDays(365), Duration.ofDays(3650)).after(29)).isEqualTo(Duration.ofDays(3650));
  }

  @Test
  void jitteredPausesLieBetweenHalfAndTheFullStep() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    assertThat(backoff.withEqualJitter(1, 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.withEqualJitter(1, 0.999999)).isEqualTo(Duration.ofMillis(999));
    assertThat(backoff.withEqualJitter(4, 0.0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.withEqualJitter(4, 0.999999)).isEqualTo(Duration.ofMillis(7999));
  }

  @Test
  void jitteredPausesAreCappedAtTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    assertThat(backoff.withEqualJitter(20, 0.999999)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.withEqualJitter(64, 0.999999)).isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void refusesANegativePause() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
