package io.kubernaut.http.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MicrometerPipelineMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerPipelineMetrics metrics = new MicrometerPipelineMetrics(registry);

  @Test
  void aTransitionCountsTheNewPhaseAndTimesTheOneThatWasLeft() {
    metrics.transition("AlertRemediation", "Processing", "Pending", Duration.ofSeconds(3));
    metrics.transition("AlertRemediation", "Pending", null, null);

    assertThat(registry.get("kubernaut_phase_transitions_total").tags("kind", "AlertRemediation", "phase", "Processing")
        .counter().count()).isEqualTo(1.0);
    assertThat(registry.get("kubernaut_phase_transitions_total").tags("kind", "AlertRemediation", "phase", "Pending")
        .counter().count()).isEqualTo(1.0);
    assertThat(registry.get("kubernaut_phase_duration_seconds").tags("kind", "AlertRemediation", "phase", "Pending")
        .timer().totalTime(TimeUnit.SECONDS)).isEqualTo(3.0);
    assertThat(registry.find("kubernaut_phase_duration_seconds").tags("phase", "Processing").timer()).isNull();
  }

  @Test
  void liveRemediationsAreReadPerPhaseAtScrapeTimeWithZeroForAbsentPhases() {
    AtomicReference<java.util.Optional<Map<String, Long>>> counts = new AtomicReference<>(java.util.Optional.empty());
    metrics.countRemediationsWith(counts::get);
    assertThat(registry.get("kubernaut_remediations").tag("phase", "Executing").gauge().value())
        .as("not known yet: no false zero").isNaN();

    counts.set(java.util.Optional.of(Map.of("Executing", 2L)));

    assertThat(registry.get("kubernaut_remediations").tag("phase", "Executing").gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("kubernaut_remediations").tag("phase", "Blocked").gauge().value()).isZero();
    counts.set(java.util.Optional.of(Map.of("Executing", 5L)));
    assertThat(registry.get("kubernaut_remediations").tag("phase", "Executing").gauge().value()).isEqualTo(5.0);
  }

  @Test
  void thePlacesInUseAreReadAtScrapeTimeBesideTheirLimit() {
    java.util.concurrent.atomic.AtomicInteger inUse = new java.util.concurrent.atomic.AtomicInteger(3);
    metrics.countPlacesWith(inUse::get, 25);

    assertThat(registry.get("kubernaut_pipeline_places_in_use").gauge().value()).isEqualTo(3.0);
    assertThat(registry.get("kubernaut_pipeline_places").gauge().value()).isEqualTo(25.0);
    inUse.set(25);
    assertThat(registry.get("kubernaut_pipeline_places_in_use").gauge().value()).isEqualTo(25.0);
  }

  @Test
  void theDroppedEventsAreReadAtScrapeTimeAlsoAfterACollection() {
    java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
    metrics.countDroppedEventsWith(() -> dropped.get()); // a supplier nothing else holds, as the operator's

    assertThat(registry.get("kubernaut_events_dropped_total").functionCounter().count()).isZero();
    dropped.set(7);
    assertThat(registry.get("kubernaut_events_dropped_total").functionCounter().count()).isEqualTo(7.0);
    for (int i = 0; i < 3; i++) {
      System.gc(); // a weakly held supplier would be gone, the count frozen at 7
    }
    dropped.set(9);
    assertThat(registry.get("kubernaut_events_dropped_total").functionCounter().count()).isEqualTo(9.0);
  }

  @Test
  void actionsSafetyDenialsAndReconcileErrorsAreCountedWithTheirTags() {
    metrics.actionAttempted("restart_pod", "SUCCEEDED");
    metrics.safetyDenied("Oscillation");
    metrics.reconcileFailed("WorkflowExecution");
    metrics.reconcileFailed("WorkflowExecution");

    assertThat(registry.get("kubernaut_actions_total").tags("action", "restart_pod", "outcome", "SUCCEEDED").counter()
        .count()).isEqualTo(1.0);
    assertThat(registry.get("kubernaut_safety_denials_total").tag("rule", "Oscillation").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("kubernaut_reconcile_errors_total").tag("kind", "WorkflowExecution").counter().count())
        .isEqualTo(2.0);
  }
}
