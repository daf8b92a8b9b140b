package io.kubernaut.k8s.workflow;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.k8s.status.KubernetesEvents;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.SilenceKeeper;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.verification.SilenceRequest;
import io.kubernaut.ports.workflow.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Alertmanager silence kept while a workflow acts (when silences are enabled): created when its
 * first step starts, matching exactly its alert (alertname plus the target's identifying labels,
 * never fewer), never in a protected namespace, ending on its own after the steps' time, the
 * monitoring window and a margin; expired as soon as the workflow ends, whatever the outcome,
 * including when its remediation stopped it (cancelled, blocked, timed out).
 *
 * <p>Its state is the {@value #CONDITION} condition of the WorkflowExecution: True with
 * {@code Silenced} while it holds, False with {@code SilenceNotCreated} when Alertmanager could not
 * create it (the alert keeps paging), True with {@code SilenceNotExpired} when it could not be
 * expired, False with {@code SilenceExpired} once it is gone. A failure is retried every
 * {@link #RETRY} (creation while the workflow acts, expiry until it is done or the silence has
 * surely ended on its own); each change of state is a Kubernetes Event and an audit event.
 */
final class WorkflowExecutionSilences {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowExecutionSilences.class);
  /** Added to the silence's end so it does not lapse while the last measurement is taken. */
  static final Duration MARGIN = Duration.ofMinutes(5);
  /** How soon a failed creation or expiry is tried again. */
  static final Duration RETRY = Duration.ofSeconds(5);
  /** The condition type that tells the silence's state. */
  static final String CONDITION = "AlertSilenced";

  private final SilenceKeeper keeper;
  private final KubernetesClient client;
  private final KubernetesEvents events;
  private final AuditTrail audit;
  private final Clock clock;

  WorkflowExecutionSilences(SilenceKeeper keeper, KubernetesClient client, KubernetesEvents events, AuditTrail audit,
      Clock clock) {
    this.keeper = keeper;
    this.client = client;
    this.events = events;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Ensures the silence of {@code wfe}'s alert, found again by the remediation's name after a
   * restart (never duplicated); skipped when silences are off, the target's namespace is protected,
   * or the alert carries no identifying label besides its name. A failure sets
   * {@code SilenceNotCreated}; {@link #retry} tries again.
   *
   * @param lifetime how long the silence may hold at most: the steps' time, the monitoring window and {@link #MARGIN}
   */
  void ensure(WorkflowExecution wfe, AlertRemediation ar, Verification v, PipelinePolicy policy, Duration lifetime) {
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
    Instant now = clock.instant();
    Instant ends = now.plus(lifetime);
    String comment = "Kubernaut is remediating this alert: AlertRemediation " + remediation + " in namespace " + ns
        + ". See kubectl describe alertremediation " + remediation + " -n " + ns + ".";
    try {
      var silence = keeper.ensure(new SilenceRequest(remediation, matchers, ends, comment));
      LOG.info("Silence {} holds alert {} for {} until {}", silence.id(), matchers, remediation, silence.endsAt());
      note(wfe, ar, true, ConditionReason.Silenced, "Alertmanager silence " + silence.id() + " holds alert "
          + matchers + " until " + silence.endsAt() + "; it is expired as soon as verification ends.");
    } catch (RuntimeException e) {
      LOG.warn("Could not silence alert {} for {} (the alert keeps paging; retried in {} s): {}", matchers,
          remediation, RETRY.toSeconds(), e.getMessage());
      note(wfe, ar, false, ConditionReason.SilenceNotCreated, "The alert keeps paging: its silence could not be "
          + "created. " + sentence(e) + " Kubernaut tries again every " + RETRY.toSeconds()
          + " s while the workflow acts.");
    }
  }

  /**
   * Expires the remediation's silence, if silences are on and one is active; its own end remains the
   * backstop. A failure sets {@code SilenceNotExpired} when this workflow had tried to silence its
   * alert; {@link #retry} or {@link #expireEnded} tries again.
   */
  void expire(WorkflowExecution wfe, AlertRemediation ar) {
    if (!keeper.enabled()) {
      return;
    }
    String remediation = wfe.getSpec().getRemediationRef().getName();
    Optional<Condition> held = condition(wfe);
    if (held.filter(c -> ConditionReason.SilenceExpired.name().equals(c.getReason())).isPresent()) {
      return; // already expired (e.g. when a rollback awaited approval)
    }
    try {
      if (keeper.expire(remediation)) {
        LOG.info("Expired the silence of {}: verification ended, the alert pages again if still firing", remediation);
        note(wfe, ar, false, ConditionReason.SilenceExpired, "The silence was expired when verification ended; the "
            + "alert pages again if it still fires.");
      } else if (held.isPresent()) {
        note(wfe, ar, false, ConditionReason.SilenceExpired, "No silence of this remediation is active in "
            + "Alertmanager any more; the alert pages again if it still fires.");
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not expire the silence of {} now (it ends on its own; retried in {} s): {}", remediation,
          RETRY.toSeconds(), e.getMessage());
      if (held.isPresent() && !ConditionReason.SilenceNotCreated.name().equals(held.get().getReason())
          && !"False".equals(held.get().getStatus())) {
        note(wfe, ar, true, ConditionReason.SilenceNotExpired, "The silence could not be expired when it should "
            + "have been: " + sentence(e) + " It holds until its own end at the latest; Kubernaut tries again every "
            + RETRY.toSeconds() + " s.");
      } else if (held.isPresent()) {
        // Never created as far as Kubernaut knows, but a creation whose answer was lost may have made one.
        note(wfe, ar, false, ConditionReason.SilenceNotExpired, "No silence could be created, and whether one was "
            + "made anyway (an answer lost on the way) cannot be checked: " + sentence(e) + " Kubernaut checks again "
            + "every " + RETRY.toSeconds() + " s, until the longest such silence would have ended on its own.");
      }
    }
  }

  /**
   * While the workflow has not ended: tries again a creation or an expiry that failed, once per
   * reconcile; answers when to look again, if a failure remains.
   */
  Optional<Duration> retry(WorkflowExecution wfe, AlertRemediation ar, Verification v, PipelinePolicy policy,
      Duration lifetime) {
    ConditionReason failing = failing(wfe).orElse(null);
    if (failing == ConditionReason.SilenceNotCreated) {
      ensure(wfe, ar, v, policy, lifetime);
    } else if (failing == ConditionReason.SilenceNotExpired) {
      expire(wfe, ar);
    }
    return failing(wfe).map(r -> RETRY);
  }

  /** When to look again at a workflow whose silence is in a failed state, if it is; for an ongoing reconcile. */
  Optional<Duration> pending(WorkflowExecution wfe) {
    return failing(wfe).map(r -> RETRY);
  }

  /**
   * For a workflow that has ended (also when its remediation stopped it): expires its silence,
   * unless it is known gone, and writes the condition when it changed. An expiry that fails is tried
   * again every {@link #RETRY} until it succeeds or {@code completionTime + lifetime} has passed, by
   * when the silence has surely ended on its own; answers when to look again, if at all.
   */
  Optional<Duration> expireEnded(WorkflowExecution wfe, AlertRemediation ar, Duration lifetime) {
    if (!keeper.enabled()) {
      return Optional.empty();
    }
    Optional<Condition> before = condition(wfe);
    if (before.filter(c -> ConditionReason.SilenceExpired.name().equals(c.getReason())).isPresent()) {
      return Optional.empty();
    }
    WorkflowExecutionStatus s = wfe.getStatus();
    List<Condition> seen = s.getConditions();
    expire(wfe, ar);
    Instant completed = s.getCompletionTime() == null ? null : Instant.parse(s.getCompletionTime());
    Instant surelyEnded = completed == null ? null : completed.plus(lifetime);
    boolean stillFailing = failing(wfe).isPresent();
    if (stillFailing && surelyEnded != null && !clock.instant().isBefore(surelyEnded)) {
      note(wfe, ar, false, ConditionReason.SilenceExpired, "Alertmanager could not be reached to expire the "
          + "silence; it has ended on its own by now (at the latest at " + surelyEnded + ").");
      stillFailing = false;
    }
    if (!StatusPatches.sameConditions(seen, s.getConditions())) {
      try {
        StatusPatches.setStatusFields(client, wfe, true, Map.of("conditions", s.getConditions()));
      } catch (KubernetesClientException e) {
        LOG.warn("Could not record the silence's state on WorkflowExecution {} (retried in {} s): {}",
            wfe.getMetadata().getName(), RETRY.toSeconds(), e.getMessage());
        return Optional.of(RETRY);
      }
    }
    return stillFailing ? Optional.of(RETRY) : Optional.empty();
  }

  private Optional<ConditionReason> failing(WorkflowExecution wfe) {
    return condition(wfe).map(Condition::getReason)
        .filter(r -> r.equals(ConditionReason.SilenceNotCreated.name()) || r.equals(ConditionReason.SilenceNotExpired.name()))
        .map(ConditionReason::valueOf);
  }

  static Optional<Condition> condition(WorkflowExecution wfe) {
    WorkflowExecutionStatus s = wfe.getStatus();
    return s == null || s.getConditions() == null ? Optional.empty()
        : s.getConditions().stream().filter(c -> CONDITION.equals(c.getType())).findFirst();
  }

  /** Sets the condition; a change of state is also a Kubernetes Event and an audit event. */
  private void note(WorkflowExecution wfe, AlertRemediation ar, boolean silenced, ConditionReason reason,
      String message) {
    Instant now = clock.instant();
    WorkflowExecutionStatus s = wfe.getStatus();
    boolean changed = condition(wfe).map(c -> !reason.name().equals(c.getReason())).orElse(true);
    s.setConditions(StatusPatches.withCondition(s.getConditions(), CONDITION, silenced, reason.name(), message,
        wfe.getMetadata().getGeneration(), now));
    if (!changed) {
      return;
    }
    boolean warning = reason == ConditionReason.SilenceNotCreated || reason == ConditionReason.SilenceNotExpired;
    events.emit(wfe, warning, reason.name(), message, now);
    if (ar != null) {
      audit.record(new AuditEvents(ar.getMetadata().getName(), new Fingerprint(ar.getSpec().getFingerprint()),
          ar.getSpec().getTarget().toTargetRef()).silence(now, reason.name(), message));
    }
  }

  /** The failure as a sentence: Alertmanager's own words. */
  private static String sentence(RuntimeException e) {
    String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage().strip();
    return m.endsWith(".") ? m : m + ".";
  }
}
