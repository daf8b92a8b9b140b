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

  /**
   * When the approval of a remediation created at {@code created} and awaiting approval since {@code since} expires:
   * the earlier of its {@code approval} timeout after {@code since} and its {@code overall} timeout after
   * {@code created}, for its environment and severity. Past it the controller ends the remediation (ApprovalExpired,
   * or TimedOut) and acts on no decision.
   */
  public java.time.Instant approvalExpiry(java.time.Instant created, java.time.Instant since, String environment,
      String severity) {
    java.time.Instant approval = since.plus(effective(APPROVAL, environment, severity));
    java.time.Instant overall = created.plus(effective(OVERALL, environment, severity));
    return overall.isBefore(approval) ? overall : approval;
  }

  /**
   * The timeout {@code key} for an alert of {@code environment} and {@code severity} (wire names, either
   * may be null): the default (the SPEC's when this has none), replaced by the environment's
   * override, replaced by the severity's override; null for a key nobody knows.
   */
  public Duration effective(String key, String environment, String severity) {
    Duration value = defaults.getOrDefault(key, key == null ? null : standard().defaults().get(key));
    Duration byEnv = environment == null ? null : byEnvironment.getOrDefault(environment, Map.of()).get(key);
    Duration bySev = severity == null ? null : bySeverity.getOrDefault(severity, Map.of()).get(key);
    return bySev != null ? bySev : byEnv != null ? byEnv : value;
  }
}
