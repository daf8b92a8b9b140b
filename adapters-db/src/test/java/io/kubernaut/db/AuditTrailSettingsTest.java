package io.kubernaut.db;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuditTrailSettingsTest {

  @Test
  void refusesABackoffCapBelowTheInitialDelay() {
    assertThatThrownBy(() -> new AuditTrailSettings(10, 1, Duration.ofSeconds(2), Duration.ofSeconds(1),
        Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
  }

  @Test
  void refusesAZeroInitialDelay() {
    assertThatThrownBy(() -> new AuditTrailSettings(10, 1, Duration.ZERO, Duration.ofSeconds(1),
        Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
