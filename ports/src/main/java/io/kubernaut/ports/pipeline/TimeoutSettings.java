package io.kubernaut.ports.pipeline;

import java.time.Duration;
import java.util.Map;

/**
 * Timeouts from {@code kubernaut-config}: defaults per phase, and overrides per environment and
 * per severity (the severity override wins over the environment override).
 *
 * <p>Phase keys: {@code overall}, {@code processing}, {@code analysis}, {@code approval},
 * {@code workflow}, {@code executionStep}.
 *
 * @param defaults the default per key
 * @param byEnvironment environment wire name → key → timeout
 * @param bySeverity severity wire name → key → timeout
 */
public record TimeoutSettings(
    Map<String, Duration> defaults,
    Map<String, Map<String, Duration>> byEnvironment,
    Map<String, Map<String, Duration>> bySeverity) {

  public static final String OVERALL = "overall";
  public static final String PROCESSING = "processing";
  public static final String ANALYSIS = "analysis";
  public static final String APPROVAL = "approval";
  public static final String WORKFLOW = "workflow";
  public static final String EXECUTION_STEP = "executionStep";

  public TimeoutSettings {
    defaults = Map.copyOf(defaults);
    byEnvironment = Map.copyOf(byEnvironment);
    bySeverity = Map.copyOf(bySeverity);
  }

  /** The SPEC defaults: 1 h overall; processing 5 m, analysis 10 m, approval 15 m, workflow 20 m, step 10 m. */
  public static TimeoutSettings standard() {
    return new TimeoutSettings(Map.of(
        OVERALL, Duration.ofHours(1),
        PROCESSING, Duration.ofMinutes(5),
        ANALYSIS, Duration.ofMinutes(10),
        APPROVAL, Duration.ofMinutes(15),
        WORKFLOW, Duration.ofMinutes(20),
        EXECUTION_STEP, Duration.ofMinutes(10)), Map.of(), Map.of());
  }
}
