package io.kubernaut.k8s.workflow;

import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.SilenceKeeper;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.verification.SilenceRequest;
import io.kubernaut.ports.workflow.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Alertmanager silence kept while a workflow acts (when silences are enabled): created when its
 * first step starts, matching exactly its alert (alertname plus the target's identifying labels,
 * never fewer), never in a protected namespace, ending on its own after the steps' time, the
 * monitoring window and a margin; expired as soon as the workflow ends, whatever the outcome,
 * including when its remediation stopped it (cancelled, blocked, timed out).
 */
final class WorkflowExecutionSilences {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowExecutionSilences.class);
  /** Added to the silence's end so it does not lapse while the last measurement is taken. */
  static final Duration MARGIN = Duration.ofMinutes(5);

  private final SilenceKeeper keeper;

  WorkflowExecutionSilences(SilenceKeeper keeper) {
    this.keeper = keeper;
  }

  /**
   * Ensures the silence of {@code wfe}'s alert, found again by the remediation's name after a
   * restart (never duplicated); skipped when silences are off, the target's namespace is protected,
   * or the alert carries no identifying label besides its name.
   */
  void ensure(WorkflowExecution wfe, Verification v, PipelinePolicy policy, Duration steps, Instant now) {
    if (!keeper.enabled()) {
      return;
    }
    String remediation = wfe.getSpec().getRemediationRef().getName();
    String ns = wfe.getMetadata().getNamespace();
    if (!v.target().namespace().isEmpty() && policy.safety().protectedNamespaces().contains(v.target().namespace())) {
      LOG.info("No silence for {}: namespace {} is protected", remediation, v.target().namespace());
      return;
    }
    Map<String, String> matchers = WorkflowExecutionVerification.alertLabels(v);
    if (matchers.size() < 2) {
      LOG.info("No silence for {}: alert {} carries no label that identifies its target, and a silence on its name "
          + "alone would be broader than this remediation", remediation, v.alertName());
      return;
    }
    Instant ends = now.plus(steps).plus(policy.safety().limitsFor(wfe.getSpec().getEnvironment()).monitoringWindow())
        .plus(MARGIN);
    String comment = "Kubernaut is remediating this alert: AlertRemediation " + remediation + " in namespace " + ns
        + ". See kubectl describe alertremediation " + remediation + " -n " + ns + ".";
    try {
      var silence = keeper.ensure(new SilenceRequest(remediation, matchers, ends, comment));
      LOG.info("Silence {} holds alert {} for {} until {}", silence.id(), matchers, remediation, silence.endsAt());
    } catch (RetryableException e) {
      LOG.warn("Could not silence alert {} for {} (the alert keeps paging; the next start retries): {}", matchers,
          remediation, e.getMessage());
    }
  }

  /** Expires the remediation's silence, if silences are on and one is active; its own end remains the backstop. */
  void expire(WorkflowExecution wfe) {
    if (!keeper.enabled()) {
      return;
    }
    String remediation = wfe.getSpec().getRemediationRef().getName();
    try {
      if (keeper.expire(remediation)) {
        LOG.info("Expired the silence of {}: verification ended, the alert pages again if still firing", remediation);
      }
    } catch (RetryableException e) {
      LOG.warn("Could not expire the silence of {} now (it ends on its own; the next reconcile retries): {}",
          remediation, e.getMessage());
    }
  }
}
