package io.kubernaut.http.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

  private static DeliveryPolicy backoff(Duration initial, Duration max) {
    DeliveryPolicy d = DeliveryPolicy.DEFAULTS;
    return new DeliveryPolicy(d.queueCapacity(), d.maxAttempts(), initial, max, d.timeout(), d.failureThreshold(),
        d.openFor(), d.closeAfter(), d.dedupCapacity());
  }

  @Test
  void pausesDoubleWithJitterBetweenHalfAndTheFullStep() {
    DeliveryPolicy p = backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    assertThat(p.pauseAfter(1, 0.0, null)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.pauseAfter(1, 0.999999, null)).isEqualTo(Duration.ofMillis(999));
    assertThat(p.pauseAfter(4, 0.0, null)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.pauseAfter(4, 0.999999, null)).isEqualTo(Duration.ofMillis(7999));
  }

  @Test
  void pausesAreCappedAtTheMaximum() {
    DeliveryPolicy p = backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
    assertThat(p.pauseAfter(20, 0.999999, null)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(p.pauseAfter(64, 0.999999, null)).isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aLongerRetryAfterWinsButStaysUnderTheMaximum() {
    DeliveryPolicy p = backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertThat(p.pauseAfter(1, 0.0, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    assertThat(p.pauseAfter(1, 0.0, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.pauseAfter(4, 0.0, Duration.ofSeconds(1))).as("a shorter Retry-After does not shorten the pause")
        .isEqualTo(Duration.ofSeconds(4));
  }
}
