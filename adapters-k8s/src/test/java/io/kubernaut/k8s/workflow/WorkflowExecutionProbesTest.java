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
  /** When Monitoring began, for the tests that are not about the first look. */
  private static final Instant LONG_AGO = T0.minusSeconds(60);

  private final WorkflowExecutionProbes probes = new WorkflowExecutionProbes();
  private final AtomicInteger reads = new AtomicInteger();
  private final Supplier<Boolean> unhealthy = () -> {
    reads.incrementAndGet();
    return false;
  };

  @Test
  void theFirstLookProbesAndReconcilesBeforeTheRecheckReuseItsAnswerAndKeepItsDueTime() {
    assertThat(probes.healthy("wfe", T0, LONG_AGO, unhealthy)).isFalse();
    assertThat(probes.requeue("wfe", T0, RECHECK)).isEqualTo(RECHECK);

    // An execution's or the remediation's status event wakes the workflow 1 s later.
    Instant woken = T0.plusSeconds(1);
    assertThat(probes.healthy("wfe", woken, LONG_AGO, unhealthy)).isFalse();
    assertThat(probes.requeue("wfe", woken, RECHECK)).as("the probe stays due at T0 + 5 s, not pushed to T0 + 6 s")
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(reads).as("one read of the target so far").hasValue(1);

    Instant due = T0.plus(RECHECK);
    assertThat(probes.healthy("wfe", due, LONG_AGO, () -> true)).as("probed again once due").isTrue();
  }

  @Test
  void aTimerFiringABitEarlyCountsAsDueAndAnotherWorkflowIsProbedOnItsOwn() {
    probes.healthy("wfe", T0, LONG_AGO, unhealthy);
    probes.requeue("wfe", T0, RECHECK);

    probes.healthy("wfe", T0.plus(RECHECK).minusMillis(10), LONG_AGO, unhealthy);
    probes.healthy("other", T0.plusSeconds(1), LONG_AGO, unhealthy);

    assertThat(reads).hasValue(3);
  }

  @Test
  void aReconcileThatSetsNoRecheckLeavesTheNextLookToProbeAndAnEndedWorkflowIsForgotten() {
    probes.healthy("wfe", T0, LONG_AGO, unhealthy);
    assertThat(probes.requeue("wfe", T0, null)).isNull();
    probes.healthy("wfe", T0.plusMillis(100), LONG_AGO, unhealthy);
    probes.requeue("wfe", T0.plusMillis(100), RECHECK);
    probes.forget("wfe");
    probes.healthy("wfe", T0.plusMillis(200), LONG_AGO, unhealthy);

    assertThat(reads).hasValue(3);
  }

  @Test
  void theFirstProbeWaitsUntilTheChangeHadAMomentToShowThenReadsOnce() {
    Instant began = T0;
    assertThat(probes.healthy("wfe", began, began, unhealthy)).as("not looked at yet").isNull();
    assertThat(probes.healthy("wfe", began.plusMillis(100), began, unhealthy)).isNull();
    assertThat(reads).as("no read in the first moment").hasValue(0);

    assertThat(probes.healthy("wfe", began.plus(WorkflowExecutionProbes.SETTLE).minusMillis(10), began, () -> true))
        .as("a timer a bit early counts").isTrue();
    assertThat(probes.healthy("restarted", T0.plusSeconds(30), began, unhealthy))
        .as("a workflow found in Monitoring later (a restart) is probed at once").isFalse();
    assertThat(reads).hasValue(1);
  }
}
