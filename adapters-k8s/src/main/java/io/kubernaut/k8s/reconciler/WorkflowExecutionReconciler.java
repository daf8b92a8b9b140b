package io.kubernaut.k8s.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.ports.in.AssessRemediation;
import io.kubernaut.ports.in.CheckSafety;
import io.kubernaut.ports.in.PlanWorkflow;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.ActionRunner;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.workflow.WorkflowPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * WorkflowExecution: Planning → Validating → Executing → Monitoring → Completed (or Failed,
 * RolledBack). It watches its KubernetesExecutions (mapped back by owner reference) and its
 * AlertRemediation (for the gateway's resolution), so every step is event-driven; only the
 * monitoring window's health checks come back as scheduled reconciles.
 */
@ControllerConfiguration(name = "workflowexecution")
public final class WorkflowExecutionReconciler implements Reconciler<WorkflowExecution> {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowExecutionReconciler.class);

  private final KubernetesClient client;
  private final PipelineMetrics metrics;
  private final PolicySource policies;
  private final WorkflowExecutionValidator validator;
  private final WorkflowExecutionProgress progress;
  private final WorkflowExecutionStatuses statuses;
  private final Clock clock;
  private final RecentWrites<WorkflowExecution> recentWrites = new RecentWrites<>();

  /**
   * @param impersonationNamespace where the per-action ServiceAccounts live when least privilege is
   *     on (access reviews then ask as them); null to review the operator's own permissions
   */
  public WorkflowExecutionReconciler(KubernetesClient client, PlanWorkflow planner, CheckSafety safety,
      AssessRemediation assessor, ActionCatalog catalog, ActionRunner runner, PolicySource policies, AuditTrail audit,
      Notifier notifier, String impersonationNamespace, Clock clock) {
    this(client, planner, safety, assessor, catalog, runner, policies, audit, notifier, impersonationNamespace,
        PipelineMetrics.none(), clock);
  }

  public WorkflowExecutionReconciler(KubernetesClient client, PlanWorkflow planner, CheckSafety safety,
      AssessRemediation assessor, ActionCatalog catalog, ActionRunner runner, PolicySource policies, AuditTrail audit,
      Notifier notifier, String impersonationNamespace, PipelineMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.client = client;
    this.policies = policies;
    WorkflowExecutionCluster cluster = new WorkflowExecutionCluster(client, impersonationNamespace);
    this.validator = new WorkflowExecutionValidator(catalog, runner, safety, cluster);
    this.statuses = new WorkflowExecutionStatuses(notifier);
    this.progress = new WorkflowExecutionProgress(client, planner, assessor, catalog, cluster,
        new WorkflowExecutionRollback(client, runner, new KubernetesExecutionAudit(client, audit), clock), statuses);
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, WorkflowExecution>> prepareEventSources(EventSourceContext<WorkflowExecution> context) {
    EventSource<KubernetesExecution, WorkflowExecution> executions = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(KubernetesExecution.class, WorkflowExecution.class)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(WorkflowExecution.class))
            .withNamespacesInheritedFromController()
            .build(), context);
    EventSource<AlertRemediation, WorkflowExecution> remediations = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(AlertRemediation.class, WorkflowExecution.class)
            .withName("workflow-remediations")
            .withSecondaryToPrimaryMapper(ar -> Set.of(new ResourceID(
                ChildKind.WORKFLOW.childName(ar.getMetadata().getName()), ar.getMetadata().getNamespace())))
            .<WorkflowExecution>withPrimaryToSecondaryMapper(wfe -> Set.of(new ResourceID(
                wfe.getSpec().getRemediationRef().getName(), wfe.getMetadata().getNamespace())))
            .withNamespacesInheritedFromController()
            .build(), context);
    return List.of(executions, remediations);
  }

  @Override
  public UpdateControl<WorkflowExecution> reconcile(WorkflowExecution observed, Context<WorkflowExecution> context) {
    WorkflowExecution wfe = recentWrites.freshest(observed);
    if (WorkflowExecutionStatuses.isDone(wfe)) {
      recentWrites.forget(wfe);
      return UpdateControl.noUpdate();
    }
    MDC.put("remediation", wfe.getSpec().getRemediationRef().getName());
    try {
      Instant now = clock.instant();
      String before = Serialization.asJson(wfe.getStatus());
      WorkflowExecutionStatus status = wfe.getStatus() == null ? new WorkflowExecutionStatus() : wfe.getStatus();
      wfe.setStatus(status);
      WorkflowPlan plan = progress.plan(wfe);
      if (status.getPhase() == null) {
        plan(wfe, plan, now);
      }
      Duration requeue = null;
      if (wfe.getStatus().getPhase() == WorkflowPhase.Executing) {
        requeue = progress.execute(wfe, plan, context.getSecondaryResources(KubernetesExecution.class), policies.current(), now);
      }
      if (wfe.getStatus().getPhase() == WorkflowPhase.Monitoring) {
        requeue = progress.monitor(wfe, plan, context.getSecondaryResources(AlertRemediation.class), policies.current(), now);
      }
      if (!before.equals(Serialization.asJson(wfe.getStatus()))) {
        write(wfe);
      }
      UpdateControl<WorkflowExecution> control = UpdateControl.noUpdate();
      return requeue == null ? control : control.rescheduleAfter(requeue);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        LOG.info("WorkflowExecution {} changed while being reconciled; the next event retries", wfe.getMetadata().getName());
        return UpdateControl.noUpdate();
      }
      throw e;
    } finally {
      MDC.remove("remediation");
    }
  }

  /** Planning and Validating, done at once: a valid, admitted plan moves on to Executing. */
  private void plan(WorkflowExecution wfe, WorkflowPlan plan, Instant now) {
    WorkflowExecutionStatus s = wfe.getStatus();
    s.setStartTime(now.toString());
    statuses.enter(wfe, WorkflowPhase.Planning, ConditionReason.Planned, "Planning " + wfe.getSpec().getSteps().size()
        + " steps of WorkflowExecution " + wfe.getMetadata().getName() + ".", now);
    if (!plan.valid()) {
      statuses.end(wfe, WorkflowPhase.Failed, ConditionReason.InvalidPlan, "WorkflowExecution "
          + wfe.getMetadata().getName() + " cannot run: " + plan.problem() + " The remediation fails; fix the recommendations.", now);
      return;
    }
    s.setSteps(WorkflowExecutionSteps.view(wfe, plan, java.util.Map.of(), java.util.Map.of()));
    s.setProgress("0/" + plan.order().size());
    statuses.enter(wfe, WorkflowPhase.Validating, ConditionReason.Planned, "Planned " + plan.order().size() + " steps in "
        + plan.groups().size() + " parallel groups; validating them.", now);
    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(wfe.getMetadata().getNamespace())
        .withName(wfe.getSpec().getRemediationRef().getName()).get();
    String fingerprint = ar == null ? "" : ar.getSpec().getFingerprint();
    var denial = validator.validate(wfe, plan, fingerprint, policies.current(), now);
    if (denial.isPresent()) {
      statuses.deny(wfe, ar, denial.get(), now);
      if (denial.get().safety()) {
        metrics.safetyDenied(denial.get().reason().name());
      }
      return;
    }
    statuses.enter(wfe, WorkflowPhase.Executing, ConditionReason.Validated, "All " + plan.order().size()
        + " steps passed the safety policy, the access review and their dry runs; executing.", now);
  }

  private void write(WorkflowExecution wfe) {
    WorkflowExecution written = client.resource(wfe).updateStatus();
    recentWrites.remember(written);
  }
}
