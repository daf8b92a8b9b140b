package io.kubernaut.k8s.workflow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.in.CheckSafety;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.ActionRunner;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Validating phase of a workflow, step by step in plan order: the action is in the catalog
 * with valid parameters and a fitting target kind; the target exists and is not being deleted; the
 * safety envelope admits it (each admitted step counts as running for the next); the access
 * review allows it; and its dry run passes where the action supports one. The first problem wins.
 */
final class WorkflowExecutionValidator {

  /** Why validation stopped: the step, the condition reason, a sentence, and when a time-bound safety rule lifts. */
  record Denial(String step, ConditionReason reason, String message, Instant until) {
    Denial(String step, ConditionReason reason, String message) {
      this(step, reason, message, null);
    }

    boolean safety() {
      return reason != ConditionReason.ValidationFailed && reason != ConditionReason.TargetMissing
          && reason != ConditionReason.PermissionDenied && reason != ConditionReason.DryRunFailed;
    }
  }

  static final Duration DRY_RUN_BUDGET = Duration.ofSeconds(30);

  private final ActionCatalog catalog;
  private final ActionRunner runner;
  private final CheckSafety safety;
  private final WorkflowExecutionCluster cluster;

  WorkflowExecutionValidator(ActionCatalog catalog, ActionRunner runner, CheckSafety safety, WorkflowExecutionCluster cluster) {
    this.catalog = catalog;
    this.runner = runner;
    this.safety = safety;
    this.cluster = cluster;
  }

  Optional<Denial> validate(WorkflowExecution wfe, List<String> order, String fingerprint, PipelinePolicy policy,
      Instant now) {
    Map<String, Recommendation> steps = WorkflowExecutionSteps.byId(wfe);
    List<ExecutionRecord> executions = new ArrayList<>(cluster.executions(wfe.getMetadata().getNamespace(), catalog));
    String remediation = wfe.getSpec().getRemediationRef().getName();
    for (String id : order) {
      Recommendation step = steps.get(id);
      Optional<Denial> denial = check(wfe, step, fingerprint, policy, executions, now);
      if (denial.isPresent()) {
        return denial;
      }
      executions.add(new ExecutionRecord(WorkflowExecutionSteps.executionName(wfe, id), remediation, fingerprint,
          step.action(), catalog.impactOf(step.action(), step.target().kind()), step.target(), step.parameters(),
          Map.of(), ExecutionRecord.State.ACTIVE, now, null));
    }
    return Optional.empty();
  }

  private Optional<Denial> check(WorkflowExecution wfe, Recommendation step, String fingerprint, PipelinePolicy policy,
      List<ExecutionRecord> executions, Instant now) {
    String what = "Step " + step.id() + " (" + step.action() + " on " + step.target().display() + ")";
    Optional<ActionInfo> info = catalog.find(step.action());
    if (info.isEmpty()) {
      return deny(step, ConditionReason.ValidationFailed, what + " names an action that is not in the catalog.");
    }
    List<String> problems = catalog.validate(step.action(), step.parameters());
    if (!problems.isEmpty()) {
      return deny(step, ConditionReason.ValidationFailed, what + " has invalid parameters: " + String.join(" ", problems));
    }
    if (!info.get().targetKinds().isEmpty() && !info.get().targetKinds().contains(step.target().kind())) {
      return deny(step, ConditionReason.ValidationFailed, what + " targets a " + step.target().kind() + ", but "
          + step.action() + " accepts only " + info.get().targetKinds() + ".");
    }
    Integer replicas = null;
    if (WorkflowExecutionCluster.knownKind(step.target().kind())) {
      Optional<HasMetadata> target = cluster.target(step.target());
      if (target.isEmpty() || target.get().getMetadata().getDeletionTimestamp() != null) {
        return deny(step, ConditionReason.TargetMissing, what + ": " + step.target().display()
            + (target.isEmpty() ? " does not exist." : " is being deleted."));
      }
      replicas = WorkflowExecutionCluster.replicas(target.get());
    }
    SafetyVerdict verdict = safety.check(new SafetyRequest(wfe.getSpec().getRemediationRef().getName(), fingerprint,
        wfe.getSpec().getEnvironment(), step.action(), info.get().impact(), step.target(), step.parameters(), replicas,
        executions, policy.safety(), policy.killSwitch(), now));
    if (!verdict.allowed()) {
      return Optional.of(new Denial(step.id(), verdict.reason(), what + " is denied by the safety envelope: "
          + verdict.message(), verdict.until()));
    }
    String permission = cluster.permissionProblem(info.get(), step.target());
    if (permission != null) {
      return deny(step, ConditionReason.PermissionDenied, what + " cannot run: " + permission);
    }
    if (info.get().supportsDryRun()) {
      ActionOutcome dry = runner.dryRun(new ActionRequest(wfe.getMetadata().getUid() + "-" + step.id() + "-dry-run", 1,
          step.action(), step.target(), step.parameters(), true, now.plus(DRY_RUN_BUDGET)));
      if (dry.status().mayRetry()) {
        // A busy action host or an API hiccup is not a verdict on the step: the framework retries with backoff.
        throw new io.kubernaut.ports.failure.RetryableException(what + " could not be dry-run yet: " + dry.message());
      }
      if (dry.status().isFailure()) {
        return deny(step, ConditionReason.DryRunFailed, what + " failed its dry run: " + dry.message());
      }
    }
    return Optional.empty();
  }

  private static Optional<Denial> deny(Recommendation step, ConditionReason reason, String message) {
    return Optional.of(new Denial(step.id(), reason, message));
  }
}
