package io.kubernaut.ports.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.ports.failure.CircuitBreaker.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(60), 2, clock);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breaker.recordFailure();
    }
  }

  @Test
  void opensAfterTheThresholdOfConsecutiveFailures() {
    fail(2);
    assertThat(breaker.allowsAttempt()).isTrue();
    fail(1);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.allowsAttempt()).isFalse();
    assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aSuccessResetsTheConsecutiveFailureCount() {
    fail(2);
    breaker.recordSuccess();
    fail(2);
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void goesHalfOpenOnceTheOpenPeriodHasPassed() {
    fail(3);
    clock.advance(Duration.ofSeconds(59));
    assertThat(breaker.allowsAttempt()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.allowsAttempt()).isTrue();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void closesAfterEnoughTrialSuccesses() {
    fail(3);
    clock.advance(Duration.ofSeconds(60));
    breaker.allowsAttempt();
    breaker.recordSuccess();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    breaker.recordSuccess();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void aFailedTrialOpensItAgainForAFullPeriod() {
    fail(3);
    clock.advance(Duration.ofSeconds(60));
    breaker.allowsAttempt();
    breaker.recordFailure();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(60));
  }
}
