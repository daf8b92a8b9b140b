package io.kubernaut.k8s.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.out.ActionRunner;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes completed steps in the order given (the reverse of plan order) with each action's
 * rollback and the data its execution recorded; each undone execution becomes RolledBack, which
 * also makes a retried rollback skip it.
 */
final class WorkflowExecutionRollback {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowExecutionRollback.class);
  static final Duration BUDGET = Duration.ofMinutes(2);

  private final KubernetesClient client;
  private final ActionRunner runner;
  private final KubernetesExecutionAudit audit;
  private final Clock clock;

  WorkflowExecutionRollback(KubernetesClient client, ActionRunner runner, KubernetesExecutionAudit audit, Clock clock) {
    this.client = client;
    this.runner = runner;
    this.audit = audit;
    this.clock = clock;
  }

  /** Rolls back {@code order}; returns null when all were undone, else the sentence naming the one that was not. */
  String rollBack(List<String> order, Map<String, KubernetesExecution> executions) {
    for (String id : order) {
      KubernetesExecution kex = executions.get(id);
      if (kex == null || WorkflowExecutionSteps.state(kex) == io.kubernaut.ports.workflow.StepState.ROLLED_BACK) {
        continue;
      }
      Instant started = clock.instant();
      int attempt = kex.getStatus() == null || kex.getStatus().getAttempts() == null ? 1 : kex.getStatus().getAttempts();
      ActionOutcome outcome = runner.rollback(KubernetesExecutionRequests.request(kex, attempt, started.plus(BUDGET)),
          KubernetesExecutionReconciler.rollbackData(kex));
      Instant ended = clock.instant();
      audit.attempt(kex, attempt, "rollback-" + outcome.status().name(), outcome.message(), started, ended,
          KubernetesExecutionReconciler.rollbackData(kex));
      if (outcome.status().isFailure()) {
        LOG.warn("Rollback of {} failed: {}", kex.getMetadata().getName(), outcome.message());
        return "The rollback of step " + id + " (" + kex.getSpec().getAction() + ") failed: " + outcome.message()
            + " Undo it by hand with the rollback data in kubectl get kex " + kex.getMetadata().getName() + " -o yaml.";
      }
      markRolledBack(kex, outcome.message(), ended);
    }
    return null;
  }

  private void markRolledBack(KubernetesExecution kex, String message, Instant now) {
    var s = kex.getStatus();
    String sentence = "KubernetesExecution " + kex.getMetadata().getName() + " was rolled back: " + message;
    s.setPhaseHistory(StatusPatches.withTransition(s, ExecutionPhase.RolledBack.name(), now, sentence));
    s.setPhase(ExecutionPhase.RolledBack);
    s.setMessage(sentence);
    s.setConditions(StatusPatches.withCondition(s.getConditions(), "Ready", false, ConditionReason.RolledBack.name(),
        sentence, kex.getMetadata().getGeneration(), now));
    client.resources(KubernetesExecution.class).inNamespace(kex.getMetadata().getNamespace())
        .withName(kex.getMetadata().getName()).editStatus(fresh -> {
          fresh.setStatus(s);
          return fresh;
        });
    LOG.info(sentence);
  }
}
