package io.kubernaut.k8s.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Monitoring probes the target when a check is due, not on every reconcile an unrelated event causes. */
class WorkflowExecutionProbesTest {

  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final Duration RECHECK = Duration.ofSeconds(5);

  private final WorkflowExecutionProbes probes = new WorkflowExecutionProbes();
  private final AtomicInteger reads = new AtomicInteger();
  private final Supplier<Boolean> unhealthy = () -> {
    reads.incrementAndGet();
    return false;
  };

  @Test
  void theFirstLookProbesAndReconcilesBeforeTheRecheckReuseItsAnswerAndKeepItsDueTime() {
    assertThat(probes.healthy("wfe", T0, unhealthy)).isFalse();
    assertThat(probes.requeue("wfe", T0, RECHECK)).isEqualTo(RECHECK);

    // An execution's or the remediation's status event wakes the workflow 1 s later.
    Instant woken = T0.plusSeconds(1);
    assertThat(probes.healthy("wfe", woken, unhealthy)).isFalse();
    assertThat(probes.requeue("wfe", woken, RECHECK)).as("the probe stays due at T0 + 5 s, not pushed to T0 + 6 s")
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(reads).as("one read of the target so far").hasValue(1);

    Instant due = T0.plus(RECHECK);
    assertThat(probes.healthy("wfe", due, () -> true)).as("probed again once due").isTrue();
  }

  @Test
  void aTimerFiringABitEarlyCountsAsDueAndAnotherWorkflowIsProbedOnItsOwn() {
    probes.healthy("wfe", T0, unhealthy);
    probes.requeue("wfe", T0, RECHECK);

    probes.healthy("wfe", T0.plus(RECHECK).minusMillis(10), unhealthy);
    probes.healthy("other", T0.plusSeconds(1), unhealthy);

    assertThat(reads).hasValue(3);
  }

  @Test
  void aReconcileThatSetsNoRecheckLeavesTheNextLookToProbeAndAnEndedWorkflowIsForgotten() {
    probes.healthy("wfe", T0, unhealthy);
    assertThat(probes.requeue("wfe", T0, null)).isNull();
    probes.healthy("wfe", T0.plusMillis(100), unhealthy);
    probes.requeue("wfe", T0.plusMillis(100), RECHECK);
    probes.forget("wfe");
    probes.healthy("wfe", T0.plusMillis(200), unhealthy);

    assertThat(reads).hasValue(3);
  }
}
