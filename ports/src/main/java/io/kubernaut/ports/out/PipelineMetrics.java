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

  /** Registers the live count of remediations per phase, read when metrics are scraped. */
  void countRemediationsWith(Supplier<Map<String, Long>> countsByPhase);
}
