package io.kubernaut.http.metrics;

import io.kubernaut.ports.out.PipelineMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Pipeline metrics in Micrometer: {@code kubernaut_phase_transitions_total{kind,phase}},
 * {@code kubernaut_phase_duration_seconds{kind,phase}} (a histogram of time spent in the phase
 * that was left), {@code kubernaut_remediations{phase}} (live count), {@code kubernaut_pipeline_places_in_use} and
 * {@code kubernaut_pipeline_places} (this replica's places: held now, and the limit), {@code kubernaut_actions_total{action,outcome}},
 * {@code kubernaut_safety_denials_total{rule}} (rule {@code Oscillation} counts oscillation detections) and
 * {@code kubernaut_reconcile_errors_total{kind}}.
 */
final class MicrometerPipelineMetrics implements PipelineMetrics {

  private static final String[] PHASES = {"Pending", "Processing", "Analyzing", "AwaitingApproval", "Executing",
      "Completed", "Failed", "TimedOut", "Cancelled", "Blocked"};

  private final MeterRegistry registry;

  MicrometerPipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void transition(String kind, String phase, String previousPhase, Duration inPrevious) {
    registry.counter("kubernaut_phase_transitions_total", "kind", kind, "phase", phase).increment();
    if (previousPhase != null && inPrevious != null && !inPrevious.isNegative()) {
      Timer.builder("kubernaut_phase_duration_seconds").tag("kind", kind).tag("phase", previousPhase)
          .publishPercentileHistogram().register(registry).record(inPrevious);
    }
  }

  @Override
  public void countRemediationsWith(Supplier<java.util.Optional<Map<String, Long>>> countsByPhase) {
    for (String phase : PHASES) {
      // NaN while unknown: Prometheus shows a gap, not a false zero, until the count's cache has listed.
      Gauge.builder("kubernaut_remediations", countsByPhase,
              counts -> counts.get().map(c -> (double) c.getOrDefault(phase, 0L)).orElse(Double.NaN))
          .tag("phase", phase).description("AlertRemediations by phase").strongReference(true).register(registry);
    }
  }

  @Override
  public void countPlacesWith(java.util.function.IntSupplier inUse, int limit) {
    Gauge.builder("kubernaut_pipeline_places_in_use", inUse, supplier -> supplier.getAsInt())
        .description("Remediations of this replica's shard that hold a place in the pipeline now")
        .strongReference(true).register(registry);
    Gauge.builder("kubernaut_pipeline_places", () -> limit)
        .description("Places in the pipeline of this replica's shard (KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT)")
        .strongReference(true).register(registry);
  }

  @Override
  public void countDroppedEventsWith(java.util.function.LongSupplier dropped) {
    // A function counter holds its object weakly: the registry (alive as long as the process) is the object, and
    // the function holds the supplier, which nothing else may hold (a method reference made for this call).
    io.micrometer.core.instrument.FunctionCounter.builder("kubernaut_events_dropped_total", registry,
            r -> dropped.getAsLong())
        .description("Kubernetes Events not sent because too many waited (best-effort; the decisions are in status"
            + " and the audit trail)")
        .register(registry);
  }

  @Override
  public void actionAttempted(String action, String outcome) {
    registry.counter("kubernaut_actions_total", "action", action, "outcome", outcome).increment();
  }

  @Override
  public void safetyDenied(String rule) {
    registry.counter("kubernaut_safety_denials_total", "rule", rule).increment();
  }

  @Override
  public void reconcileFailed(String kind) {
    registry.counter("kubernaut_reconcile_errors_total", "kind", kind).increment();
  }

  @Override
  public void stormEscalated(String threshold) {
    registry.counter("kubernaut_alert_storms_total", "kind", threshold).increment();
  }
}
