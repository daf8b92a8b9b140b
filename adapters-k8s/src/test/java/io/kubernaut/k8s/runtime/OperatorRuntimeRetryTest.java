package io.kubernaut.k8s.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A reconciliation that keeps failing, as during a long API server outage, is never given up. */
class OperatorRuntimeRetryTest {

  @Test
  void retriesWaitOneSecondThenDoubleToThirtyAndNeverStop() {
    RetryExecution execution = OperatorRuntime.retry().initExecution();
    List<Long> delays = new ArrayList<>();
    for (int attempt = 0; attempt < 200; attempt++) {
      Optional<Long> next = execution.nextDelay();
      assertThat(next).as("attempt %d is retried", attempt + 1).isPresent();
      delays.add(next.get());
    }
    assertThat(delays).startsWith(1_000L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L);
    assertThat(delays.subList(6, delays.size())).containsOnly(30_000L);
  }
}
