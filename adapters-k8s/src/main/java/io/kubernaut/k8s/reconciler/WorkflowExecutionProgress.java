package io.kubernaut.k8s.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.in.AssessRemediation;
import io.kubernaut.ports.in.PlanWorkflow;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.TimeoutSettings;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.workflow.MonitoringObservation;
import io.kubernaut.ports.workflow.MonitoringVerdict;
import io.kubernaut.ports.workflow.StepState;
import io.kubernaut.ports.workflow.WorkflowPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Executing and Monitoring phases: creates the execution of every ready step, follows their
 * states, rolls back on a failed critical step per {@code rollbackStrategy}, and judges the result.
 * A step is critical unless its action is low-risk (notify_only, collect_diagnostics, ...).
 */
final class WorkflowExecutionProgress {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowExecutionProgress.class);

  private final KubernetesClient client;
  private final PlanWorkflow planner;
  private final AssessRemediation assessor;
  private final ActionCatalog catalog;
  private final WorkflowExecutionCluster cluster;
  private final WorkflowExecutionRollback rollback;
  private final WorkflowExecutionStatuses statuses;

  WorkflowExecutionProgress(KubernetesClient client, PlanWorkflow planner, AssessRemediation assessor, ActionCatalog catalog,
      WorkflowExecutionCluster cluster, WorkflowExecutionRollback rollback, WorkflowExecutionStatuses statuses) {
    this.client = client;
    this.planner = planner;
    this.assessor = assessor;
    this.catalog = catalog;
    this.cluster = cluster;
    this.rollback = rollback;
    this.statuses = statuses;
  }

  WorkflowPlan plan(WorkflowExecution wfe) {
    return planner.plan(wfe.getSpec().getSteps());
  }

  /** Advances Executing; returns when to look again, or null to wait for events. */
  Duration execute(WorkflowExecution wfe, WorkflowPlan plan, Set<KubernetesExecution> owned, PipelinePolicy policy, Instant now) {
    Map<String, KubernetesExecution> byStep = new LinkedHashMap<>();
    owned.stream().filter(k -> wfe.getMetadata().getName().equals(k.getSpec().getWorkflow()))
        .forEach(k -> byStep.put(k.getSpec().getStep(), k));
    Map<String, StepState> states = WorkflowExecutionSteps.states(plan, byStep, wfe.getStatus().getSteps());
    planner.unreachable(plan, states).forEach(id -> states.put(id, StepState.SKIPPED));
    List<String> failedCritical = plan.order().stream()
        .filter(id -> states.get(id) == StepState.FAILED && critical(wfe, id)).toList();
    if (failedCritical.isEmpty()) {
      for (String id : planner.ready(plan, states)) {
        KubernetesExecution kex = WorkflowExecutionSteps.build(wfe, WorkflowExecutionSteps.byId(wfe).get(id),
            plan.order().indexOf(id) + 1, stepTimeout(wfe, policy), policy.safety().limitsFor(wfe.getSpec().getEnvironment()).maxAttempts());
        if (StatusPatches.createIfAbsent(client, kex)) {
          LOG.info("Created KubernetesExecution {} for step {}", kex.getMetadata().getName(), id);
        }
        byStep.putIfAbsent(id, kex);
        states.put(id, StepState.RUNNING);
      }
    } else if (!states.containsValue(StepState.RUNNING)) {
      recordSteps(wfe, plan, states, byStep);
      failed(wfe, plan, failedCritical.get(0), states, byStep, now);
      recordSteps(wfe, plan, states, byStep);
      return null;
    }
    recordSteps(wfe, plan, states, byStep);
    if (states.values().stream().allMatch(StepState::terminal)) {
      statuses.enter(wfe, WorkflowPhase.Monitoring, ConditionReason.Monitoring, "All steps ended ("
          + wfe.getStatus().getProgress() + " succeeded); watching for the alert to resolve or "
          + wfe.getSpec().getTarget().getName() + " to turn healthy.", now);
    }
    return null;
  }

  /** Judges Monitoring; returns when to look again while the window is open. */
  Duration monitor(WorkflowExecution wfe, WorkflowPlan plan, Set<AlertRemediation> remediations, PipelinePolicy policy,
      Instant now) {
    WorkflowExecutionStatus s = wfe.getStatus();
    AlertRemediation ar = remediations.stream().findFirst().orElse(null);
    boolean resolved = ar != null && ar.getStatus() != null && ar.getStatus().getResolvedAt() != null;
    Boolean healthy = resolved ? null : cluster.healthy(wfe.getSpec().getTarget().toTargetRef());
    long succeeded = s.getSteps() == null ? 0 : s.getSteps().stream().filter(st -> "Completed".equals(st.getPhase())).count();
    Instant started = StatusPatches.enteredAt(s) == null ? now : StatusPatches.enteredAt(s);
    MonitoringVerdict verdict = assessor.assess(new MonitoringObservation(plan.order().size(), (int) succeeded, resolved,
        healthy, started, policy.safety().limitsFor(wfe.getSpec().getEnvironment()).monitoringWindow(), now));
    if (!verdict.settled()) {
      s.setMessage("WorkflowExecution " + wfe.getMetadata().getName() + " is monitoring: " + verdict.message());
      return verdict.recheckAfter();
    }
    s.setOutcome(verdict.outcome());
    s.setEffectiveness(verdict.effectiveness());
    statuses.end(wfe, WorkflowPhase.Completed, MonitoringVerdict.NOT_REMEDIATED.equals(verdict.outcome())
        ? ConditionReason.NotRemediated : ConditionReason.Remediated, "WorkflowExecution " + wfe.getMetadata().getName()
        + " completed as " + verdict.outcome() + " (effectiveness " + verdict.effectiveness() + "): " + verdict.message(), now);
    return null;
  }

  /** A critical step failed and nothing runs any more: roll back per the strategy. */
  private void failed(WorkflowExecution wfe, WorkflowPlan plan, String step, Map<String, StepState> states,
      Map<String, KubernetesExecution> byStep, Instant now) {
    String strategy = wfe.getSpec().getRollbackStrategy() == null ? "automatic" : wfe.getSpec().getRollbackStrategy();
    List<String> succeeded = plan.order().stream().filter(id -> states.get(id) == StepState.SUCCEEDED).toList();
    List<String> order = planner.rollbackOrder(plan, succeeded);
    KubernetesExecution failedKex = byStep.get(step);
    String cause = "Step " + step + " (" + failedKex.getSpec().getAction() + ") failed: "
        + (failedKex.getStatus() == null ? "no details" : failedKex.getStatus().getMessage());
    if (order.isEmpty()) {
      statuses.end(wfe, WorkflowPhase.Failed, ConditionReason.StepFailed, cause + " No step had completed, so nothing needs undoing.", now);
    } else if ("automatic".equalsIgnoreCase(strategy)) {
      String problem = rollback.rollBack(order, byStep);
      if (problem == null) {
        order.forEach(id -> states.put(id, StepState.ROLLED_BACK));
        statuses.end(wfe, WorkflowPhase.RolledBack, ConditionReason.RolledBack, cause + " Rolled back steps "
            + String.join(", ", order) + " in reverse order.", now);
      } else {
        statuses.end(wfe, WorkflowPhase.Failed, ConditionReason.StepFailed, cause + " " + problem, now);
      }
    } else if ("manual".equalsIgnoreCase(strategy)) {
      statuses.end(wfe, WorkflowPhase.Failed, ConditionReason.RollbackRequired, cause + " rollbackStrategy is manual: undo steps "
          + String.join(", ", order) + " in that order by hand, with the rollback data of their KubernetesExecutions.", now);
    } else {
      statuses.end(wfe, WorkflowPhase.Failed, ConditionReason.StepFailed, cause + " rollbackStrategy is none, so steps "
          + String.join(", ", order) + " stay in effect.", now);
    }
  }

  private boolean critical(WorkflowExecution wfe, String id) {
    String action = WorkflowExecutionSteps.byId(wfe).get(id).action();
    return catalog.find(action).map(a -> a.risk() != ActionRisk.LOW).orElse(true);
  }

  private static void recordSteps(WorkflowExecution wfe, WorkflowPlan plan, Map<String, StepState> states,
      Map<String, KubernetesExecution> byStep) {
    wfe.getStatus().setSteps(WorkflowExecutionSteps.view(wfe, plan, states, byStep));
    wfe.getStatus().setProgress(WorkflowExecutionSteps.count(states.values(), StepState.SUCCEEDED) + "/" + plan.order().size());
  }

  private static Duration stepTimeout(WorkflowExecution wfe, PipelinePolicy policy) {
    TimeoutSettings t = policy.timeouts();
    Duration fallback = t.defaults().getOrDefault(TimeoutSettings.EXECUTION_STEP, KubernetesExecutionRequests.DEFAULT_TIMEOUT);
    String env = wfe.getSpec().getEnvironment();
    return env == null ? fallback : t.byEnvironment().getOrDefault(env, Map.of()).getOrDefault(TimeoutSettings.EXECUTION_STEP, fallback);
  }
}
