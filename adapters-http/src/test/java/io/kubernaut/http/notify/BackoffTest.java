package io.kubernaut.http.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void pausesDoubleWithJitterBetweenHalfAndTheFullStep() {
    Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> 0.0);
    Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> 0.999999);
    assertThat(low.after(1, null)).isEqualTo(Duration.ofMillis(500));
    assertThat(high.after(1, null)).isEqualTo(Duration.ofMillis(999));
    assertThat(low.after(4, null)).isEqualTo(Duration.ofSeconds(4));
    assertThat(high.after(4, null)).isEqualTo(Duration.ofMillis(7999));
  }

  @Test
  void pausesAreCappedAtTheMaximum() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> 0.999999);
    assertThat(b.after(20, null)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(b.after(64, null)).isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aLongerRetryAfterWinsButStaysUnderTheMaximum() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);
    assertThat(b.after(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    assertThat(b.after(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
  }
}
