package io.kubernaut.k8s.execution;

import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.ports.action.ActionRequest;
import io.kubernaut.ports.signal.Rfc3339Times;
import java.time.Duration;
import java.time.Instant;

/** Builds the action requests of a KubernetesExecution: one stable execution id, the step's deadline. */
public final class KubernetesExecutionRequests {

  public static final Duration DEFAULT_TIMEOUT = KubernetesExecution.DEFAULT_TIMEOUT;
  public static final String STEP_NUMBER_ANNOTATION = "kubernaut.io/step-number";

  private KubernetesExecutionRequests() {}

  /** The execution id ({@link KubernetesExecution#executionId()}). */
  public static String executionId(KubernetesExecution kex) {
    return kex.executionId();
  }

  static ActionRequest request(KubernetesExecution kex, int attempt, Instant deadline) {
    var spec = kex.getSpec();
    return new ActionRequest(executionId(kex), Math.max(1, attempt), spec.getAction(), spec.getTarget().toTargetRef(),
        spec.getParameters(), Boolean.TRUE.equals(spec.getDryRun()), deadline, null, startedAt(kex));
  }

  /**
   * When the execution began: its creation, before any attempt, by the API server's clock (the clock of
   * the objects an action finds, so a pod's {@code creationTimestamp} compares with it without skew);
   * null if unknown.
   */
  static Instant startedAt(KubernetesExecution kex) {
    String created = kex.getMetadata() == null ? null : kex.getMetadata().getCreationTimestamp();
    if (created == null) {
      return null;
    }
    try {
      return Rfc3339Times.parse(created);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** When the step must have ended ({@link KubernetesExecution#deadline()}); null before it started. */
  public static Instant deadline(KubernetesExecution kex) {
    return kex.deadline();
  }

  /** When the step must have ended: its start plus {@link #timeout}. */
  static Instant deadline(KubernetesExecution kex, Instant started) {
    return kex.deadline(started);
  }

  /** {@code spec.timeout}; {@link #DEFAULT_TIMEOUT} when it is missing or not a duration. */
  static Duration timeout(KubernetesExecution kex) {
    return kex.timeout();
  }

  static int maxAttempts(KubernetesExecution kex) {
    Integer max = kex.getSpec().getMaxAttempts();
    return max == null || max < 1 ? 3 : max;
  }

  /** The 1-based step number the workflow gave this execution, for the audit trail. */
  static int stepNumber(KubernetesExecution kex) {
    var annotations = kex.getMetadata().getAnnotations();
    try {
      return annotations == null ? 1 : Integer.parseInt(annotations.getOrDefault(STEP_NUMBER_ANNOTATION, "1"));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
