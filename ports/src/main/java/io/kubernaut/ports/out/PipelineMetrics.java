package io.kubernaut.ports.out;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** Driven port: the pipeline's measurements (phase transitions and how long each phase took). */
public interface PipelineMetrics {

  /**
   * One resource of {@code kind} entered {@code phase} after {@code inPrevious} in its previous
   * phase ({@code null} for its first phase).
   */
  void transition(String kind, String phase, String previousPhase, Duration inPrevious);

  /**
   * Registers the live count of remediations per phase, read when metrics are scraped; empty while
   * it is not known (the cache that counts them has not listed yet), which the gauges show as such
   * rather than as zero.
   */
  void countRemediationsWith(Supplier<java.util.Optional<Map<String, Long>>> countsByPhase);

  /**
   * Registers the pipeline's places of this replica, read when metrics are scraped: {@code inUse} the
   * remediations that hold one now (0 on a replica that does not lead its shard), {@code limit} how many
   * there are ({@code KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT}). Not called when there is no limit.
   */
  void countPlacesWith(java.util.function.IntSupplier inUse, int limit);

  /**
   * Registers the count of Kubernetes Events this replica dropped (too many waited to be sent), read
   * when metrics are scraped. The decisions they told are in status and the audit trail.
   */
  void countDroppedEventsWith(java.util.function.LongSupplier dropped);

  /** An action attempt ended with {@code outcome} (an {@code ActionStatus} name). */
  void actionAttempted(String action, String outcome);

  /** The safety envelope denied a workflow by {@code rule} (e.g. {@code Oscillation}). */
  void safetyDenied(String rule);

  /** A reconcile of a {@code kind} resource threw; the framework retries it with backoff. */
  void reconcileFailed(String kind);

  /** A storm threshold ({@code count} or {@code rate}) was recorded on a remediation and escalated. */
  void stormEscalated(String threshold);

  /** Metrics that record nothing, for code paths and tests without a registry. */
  static PipelineMetrics none() {
    return new PipelineMetrics() {
      @Override
      public void transition(String kind, String phase, String previousPhase, Duration inPrevious) {}

      @Override
      public void countRemediationsWith(Supplier<java.util.Optional<Map<String, Long>>> countsByPhase) {}

      @Override
      public void countPlacesWith(java.util.function.IntSupplier inUse, int limit) {}

      @Override
      public void countDroppedEventsWith(java.util.function.LongSupplier dropped) {}

      @Override
      public void actionAttempted(String action, String outcome) {}

      @Override
      public void safetyDenied(String rule) {}

      @Override
      public void reconcileFailed(String kind) {}

      @Override
      public void stormEscalated(String threshold) {}
    };
  }
}
