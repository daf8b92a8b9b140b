package io.kubernaut.k8s.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.ports.action.Verification;
import io.kubernaut.ports.out.ActionRunner;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * KubernetesExecution: Validating → Executing → Verifying → Completed (or Failed). An action runs
 * at most once per execution id: status records {@code actionStartedAt} on the API server before
 * the plugin is called, and whenever an execution is found Executing with that mark (a restart, a
 * retry after a timeout) the action's verification decides before anything runs again.
 */
@ControllerConfiguration(name = "kubernetesexecution")
public final class KubernetesExecutionReconciler implements Reconciler<KubernetesExecution> {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesExecutionReconciler.class);
  static final Duration RECHECK = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final PipelineMetrics metrics;
  private final ActionRunner runner;
  private final KubernetesExecutionAudit audit;
  private final Clock clock;
  private final RecentWrites<KubernetesExecution> recentWrites = new RecentWrites<>();

  public KubernetesExecutionReconciler(KubernetesClient client, ActionRunner runner, AuditTrail audit, Clock clock) {
    this(client, runner, audit, PipelineMetrics.none(), clock);
  }

  public KubernetesExecutionReconciler(KubernetesClient client, ActionRunner runner, AuditTrail audit,
      PipelineMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.client = client;
    this.runner = runner;
    this.audit = new KubernetesExecutionAudit(client, audit);
    this.clock = clock;
  }

  @Override
  public UpdateControl<KubernetesExecution> reconcile(KubernetesExecution observed, Context<KubernetesExecution> context) {
    KubernetesExecution kex = recentWrites.freshest(observed);
    if (isDone(kex)) {
      recentWrites.forget(kex);
      return UpdateControl.noUpdate();
    }
    MDC.put("execution", kex.getMetadata().getName());
    try {
      Duration requeue = advance(kex);
      UpdateControl<KubernetesExecution> control = UpdateControl.noUpdate();
      return requeue == null ? control : control.rescheduleAfter(requeue);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        LOG.info("KubernetesExecution {} changed while being reconciled; the next event retries", kex.getMetadata().getName());
        return UpdateControl.noUpdate();
      }
      throw e;
    } finally {
      MDC.remove("execution");
    }
  }

  /** Moves the execution as far as it can go now; returns when to look again, or null. */
  private Duration advance(KubernetesExecution kex) {
    Instant now = clock.instant();
    KubernetesExecutionStatus s = kex.getStatus() == null ? new KubernetesExecutionStatus() : kex.getStatus();
    kex.setStatus(s);
    if (s.getPhase() == null || s.getPhase() == ExecutionPhase.Validating) {
      s.setStartTime(s.getStartTime() == null ? now.toString() : s.getStartTime());
      s.setExecutionId(KubernetesExecutionRequests.executionId(kex));
      s.setPhaseHistory(StatusPatches.withTransition(s, ExecutionPhase.Validating.name(), now,
          "Validating " + describe(kex) + "."));
      if (Boolean.TRUE.equals(kex.getSpec().getDryRun())) {
        return dryRun(kex, now);
      }
      enter(kex, ExecutionPhase.Executing, ConditionReason.Executing, "KubernetesExecution " + name(kex)
          + " is running " + describe(kex) + ".", now);
    }
    Instant deadline = KubernetesExecutionRequests.deadline(kex, Instant.parse(s.getStartTime()));
    if (!now.isBefore(deadline)) {
      return fail(kex, ConditionReason.TimedOut, "KubernetesExecution " + name(kex) + " ran out of time at " + deadline
          + " after " + attempts(kex) + " attempts; check " + kex.getSpec().getTarget().getName() + " by hand.", now);
    }
    if (s.getPhase() == ExecutionPhase.Verifying) {
      return verifyResult(kex, deadline, now);
    }
    if (s.getActionStartedAt() != null) {
      Verification v = runner.verify(KubernetesExecutionRequests.request(kex, attempts(kex), deadline));
      if (v.holds()) {
        audit.attempt(kex, attempts(kex), "verified-after-restart", v.message(), Instant.parse(s.getActionStartedAt()), now,
            s.getRollbackData());
        return complete(kex, "KubernetesExecution " + name(kex) + " found " + describe(kex)
            + " already in effect (started " + s.getActionStartedAt() + "); it was not run again. " + v.message(), now);
      }
      if (v.verdict() == Verification.Verdict.UNKNOWN) {
        s.setMessage("Cannot tell yet whether attempt " + attempts(kex) + " took effect: " + v.message() + " Checking again.");
        write(kex);
        return recheck(deadline, now);
      }
      if (attempts(kex) >= KubernetesExecutionRequests.maxAttempts(kex)) {
        return fail(kex, ConditionReason.ActionFailed, "KubernetesExecution " + name(kex) + " made all "
            + attempts(kex) + " attempts and " + describe(kex) + " did not take effect: " + v.message(), now);
      }
    }
    return execute(kex, deadline, now);
  }

  private Duration execute(KubernetesExecution kex, Instant deadline, Instant now) {
    KubernetesExecutionStatus s = kex.getStatus();
    int attempt = attempts(kex) + 1;
    s.setAttempts(attempt);
    s.setActionStartedAt(now.toString());
    s.setMessage("Attempt " + attempt + " of " + describe(kex) + " started at " + now + ".");
    write(kex);
    ActionOutcome outcome = runner.execute(KubernetesExecutionRequests.request(kex, attempt, deadline));
    Instant ended = clock.instant();
    audit.attempt(kex, attempt, outcome.status().name(), outcome.message(), now, ended, outcome.rollbackData());
    metrics.actionAttempted(kex.getSpec().getAction(), outcome.status().name());
    LOG.info("KubernetesExecution {} attempt {}: {} {}", name(kex), attempt, outcome.status(), outcome.message());
    if (!outcome.rollbackData().isEmpty()) {
      s.setRollbackData(new LinkedHashMap<>(outcome.rollbackData()));
    }
    if (!outcome.details().isEmpty()) {
      s.setDetails(new LinkedHashMap<>(outcome.details()));
    }
    if (!outcome.status().isFailure()) {
      enter(kex, ExecutionPhase.Verifying, ConditionReason.ActionSucceeded, outcome.message(), ended);
      return verifyResult(kex, deadline, ended);
    }
    if (outcome.status() == ActionStatus.FAILED_PERMANENT || attempt >= KubernetesExecutionRequests.maxAttempts(kex)) {
      return fail(kex, ConditionReason.ActionFailed, "KubernetesExecution " + name(kex) + " failed on attempt " + attempt
          + " of " + KubernetesExecutionRequests.maxAttempts(kex) + ": " + outcome.message(), ended);
    }
    s.setMessage("Attempt " + attempt + " failed (" + outcome.status() + "): " + outcome.message()
        + " It is verified and retried.");
    write(kex);
    Duration backoff = Duration.ofSeconds(Math.min(60, 1L << Math.min(attempt, 6)));
    return min(backoff, Duration.between(ended, deadline));
  }

  private Duration verifyResult(KubernetesExecution kex, Instant deadline, Instant now) {
    Verification v = runner.verify(KubernetesExecutionRequests.request(kex, attempts(kex), deadline));
    return switch (v.verdict()) {
      case HOLDS -> complete(kex, "KubernetesExecution " + name(kex) + " completed " + describe(kex) + ": " + v.message(), now);
      case DOES_NOT_HOLD -> fail(kex, ConditionReason.ActionFailed, "KubernetesExecution " + name(kex) + " ran "
          + describe(kex) + " but its postcondition does not hold: " + v.message(), now);
      case UNKNOWN -> {
        kex.getStatus().setMessage("Verifying " + describe(kex) + ": " + v.message());
        write(kex);
        yield recheck(deadline, now);
      }
    };
  }

  private Duration dryRun(KubernetesExecution kex, Instant now) {
    Instant deadline = KubernetesExecutionRequests.deadline(kex, now);
    ActionOutcome outcome = runner.dryRun(KubernetesExecutionRequests.request(kex, 1, deadline));
    audit.attempt(kex, 1, "dry-run-" + outcome.status().name(), outcome.message(), now, clock.instant(), outcome.rollbackData());
    return outcome.status().isFailure()
        ? fail(kex, ConditionReason.DryRunFailed, "The dry run of " + describe(kex) + " failed: " + outcome.message(), now)
        : complete(kex, "The dry run of " + describe(kex) + " passed; nothing was changed. " + outcome.message(), now);
  }

  private Duration complete(KubernetesExecution kex, String message, Instant now) {
    end(kex, ExecutionPhase.Completed, true, ConditionReason.Verified, message, now);
    return null;
  }

  private Duration fail(KubernetesExecution kex, ConditionReason reason, String message, Instant now) {
    end(kex, ExecutionPhase.Failed, false, reason, message, now);
    return null;
  }

  private void end(KubernetesExecution kex, ExecutionPhase phase, boolean ready, ConditionReason reason, String message,
      Instant now) {
    KubernetesExecutionStatus s = kex.getStatus();
    s.setPhaseHistory(StatusPatches.withTransition(s, phase.name(), now, message));
    s.setPhase(phase);
    s.setMessage(message);
    s.setCompletionTime(now.toString());
    s.setObservedGeneration(kex.getMetadata().getGeneration());
    s.setConditions(StatusPatches.withCondition(s.getConditions(), "Ready", ready, reason.name(), message,
        kex.getMetadata().getGeneration(), now));
    LOG.info("KubernetesExecution {} is {}: {}", name(kex), phase, message);
    write(kex);
  }

  private static void enter(KubernetesExecution kex, ExecutionPhase phase, ConditionReason reason, String message, Instant now) {
    KubernetesExecutionStatus s = kex.getStatus();
    s.setPhaseHistory(StatusPatches.withTransition(s, phase.name(), now, message));
    s.setPhase(phase);
    s.setMessage(message);
    s.setObservedGeneration(kex.getMetadata().getGeneration());
    s.setConditions(StatusPatches.withCondition(s.getConditions(), "Ready", false, reason.name(), message,
        kex.getMetadata().getGeneration(), now));
  }

  /**
   * Writes status with optimistic locking (the resourceVersion read), so a concurrent writer makes
   * this reconcile stop instead of acting on stale state; keeps what was written for the next reconcile.
   */
  private void write(KubernetesExecution kex) {
    KubernetesExecution written = client.resource(kex).updateStatus();
    kex.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
    recentWrites.remember(written);
  }

  private static Duration recheck(Instant deadline, Instant now) {
    return min(RECHECK, Duration.between(now, deadline));
  }

  private static Duration min(Duration a, Duration b) {
    Duration m = a.compareTo(b) < 0 ? a : b;
    return m.isNegative() || m.isZero() ? Duration.ofMillis(100) : m;
  }

  private static int attempts(KubernetesExecution kex) {
    Integer a = kex.getStatus() == null ? null : kex.getStatus().getAttempts();
    return a == null ? 0 : a;
  }

  private static boolean isDone(KubernetesExecution kex) {
    var s = kex.getStatus();
    if (s == null) {
      return false;
    }
    String last = s.getPhaseHistory() == null || s.getPhaseHistory().isEmpty() ? null
        : s.getPhaseHistory().get(s.getPhaseHistory().size() - 1).getPhase();
    return isTerminal(s.getPhase() == null ? null : s.getPhase().name()) || isTerminal(last);
  }

  static boolean isTerminal(String phase) {
    return "Completed".equals(phase) || "Failed".equals(phase) || "RolledBack".equals(phase);
  }

  private static String name(KubernetesExecution kex) {
    return kex.getMetadata().getName();
  }

  private static String describe(KubernetesExecution kex) {
    return kex.getSpec().getAction() + " on " + kex.getSpec().getTarget().toTargetRef().display();
  }

  static Map<String, String> rollbackData(KubernetesExecution kex) {
    return kex.getStatus() == null || kex.getStatus().getRollbackData() == null ? Map.of() : kex.getStatus().getRollbackData();
  }
}
