package io.kubernaut.k8s.workflow;

import io.kubernaut.k8s.execution.WorkflowExecutionSteps;
import io.kubernaut.k8s.safety.TargetReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionStatus;
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
import io.kubernaut.k8s.safety.DisruptionLedger;
import io.kubernaut.ports.safety.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Validating phase of a workflow, step by step in plan order: the action is in the catalog
 * with valid parameters and a fitting target kind; the target exists and is not being deleted; the
 * safety envelope admits it (each admitted step counts as running for the next); the access
 * review allows it; and its dry run passes where the action supports one, on the target as read
 * here (handed to the action, which then does not read it again). The first problem wins.
 * Then the steps are admitted against the disruption ledger, in the replica's next batch write.
 */
final class WorkflowExecutionValidator {

  /** Why validation stopped: the step, the condition reason, a sentence, and when a time-bound safety rule lifts. */
  record Denial(String step, ConditionReason reason, String message, Instant until) {
    Denial(String step, ConditionReason reason, String message) {
      this(step, reason, message, null);
    }

    boolean safety() {
      return reason.blocks();
    }
  }

  /** What was read of a step's target for the envelope: its replicas and what the resource bounds compare against. */
  private record Seen(Integer replicas, Map<String, String> observed) {
    static final Seen NOTHING = new Seen(null, Map.of());
  }

  static final Duration DRY_RUN_BUDGET = Duration.ofSeconds(30);

  private final ActionCatalog catalog;
  private final ActionRunner runner;
  private final CheckSafety safety;
  private final WorkflowExecutionCluster cluster;
  private final DisruptionLedger ledger;

  WorkflowExecutionValidator(ActionCatalog catalog, ActionRunner runner, CheckSafety safety, WorkflowExecutionCluster cluster,
      DisruptionLedger ledger) {
    this.ledger = ledger;
    this.catalog = catalog;
    this.runner = runner;
    this.safety = safety;
    this.cluster = cluster;
  }

  /**
   * Validates the steps in plan order, then admits them: the safety envelope is checked again on
   * the count at the moment of the ledger's write (with the workflows admitted before this one in
   * the same batch) and the steps are reserved in that write, so a workflow admitted at the same
   * moment, here or elsewhere, is either counted or makes this one check again.
   */
  Optional<Denial> validate(WorkflowExecution wfe, List<String> order, String fingerprint, PipelinePolicy policy,
      Instant now) {
    Map<String, Recommendation> steps = WorkflowExecutionSteps.byId(wfe);
    String namespace = wfe.getMetadata().getNamespace();
    String workflow = wfe.getMetadata().getName();
    Map<String, Seen> seen = new HashMap<>();
    DisruptionLedger.Counted counted = ledger.count(namespace, null, workflow);
    List<ExecutionRecord> executions = new ArrayList<>(counted.executions());
    List<NodeState> nodes = counted.nodes();
    for (String id : order) {
      Recommendation step = steps.get(id);
      Optional<Denial> denial = check(wfe, step, fingerprint, policy, executions, nodes, seen, now);
      if (denial.isPresent()) {
        return denial;
      }
      executions.add(planned(wfe, step, fingerprint, now));
    }
    String remediation = wfe.getSpec().getRemediationRef().getName();
    List<DisruptionLedger.Reservation> wanted = order.stream().map(steps::get)
        .map(step -> DisruptionLedger.Reservation.of(WorkflowExecutionSteps.executionName(wfe, step.id()), workflow,
            remediation, fingerprint, step.action(), step.target(), step.parameters(), now))
        .toList();
    return ledger.admit(namespace, workflow, wanted, fresh -> {
      List<ExecutionRecord> admitted = new ArrayList<>(fresh.executions());
      for (String id : order) {
        Recommendation step = steps.get(id);
        Optional<Denial> denial = safety(wfe, step, fingerprint, policy, admitted, fresh.nodes(), seen.get(id), now);
        if (denial.isPresent()) {
          return denial;
        }
        admitted.add(planned(wfe, step, fingerprint, now));
      }
      return Optional.empty();
    });
  }

  /** A step admitted in this validation, counted as running for the steps after it. */
  private ExecutionRecord planned(WorkflowExecution wfe, Recommendation step, String fingerprint, Instant now) {
    return new ExecutionRecord(WorkflowExecutionSteps.executionName(wfe, step.id()),
        wfe.getSpec().getRemediationRef().getName(), fingerprint, step.action(),
        catalog.impactOf(step.action(), step.target().kind()), step.target(), step.parameters(), Map.of(),
        ExecutionRecord.State.ACTIVE, now, null);
  }

  private Optional<Denial> check(WorkflowExecution wfe, Recommendation step, String fingerprint, PipelinePolicy policy,
      List<ExecutionRecord> executions, List<NodeState> nodes, Map<String, Seen> seenByStep, Instant now) {
    String what = what(step);
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
    Seen seen = Seen.NOTHING;
    HasMetadata read = null;
    if (TargetReader.knownKind(step.target().kind())) {
      Optional<HasMetadata> target = cluster.target(step.target());
      if (target.isEmpty() || target.get().getMetadata().getDeletionTimestamp() != null) {
        return deny(step, ConditionReason.TargetMissing, what + ": " + step.target().display()
            + (target.isEmpty() ? " does not exist." : " is being deleted."));
      }
      read = target.get();
      seen = new Seen(WorkflowExecutionCluster.replicas(read), WorkflowExecutionCluster.observed(read, step.parameters()));
    }
    seenByStep.put(step.id(), seen);
    Optional<Denial> unsafe = safety(wfe, step, fingerprint, policy, executions, nodes, seen, now);
    if (unsafe.isPresent()) {
      return unsafe;
    }
    String permission = cluster.permissionProblem(info.get(), step.target());
    if (permission != null) {
      return deny(step, ConditionReason.PermissionDenied, what + " cannot run: " + permission);
    }
    if (info.get().supportsDryRun()) {
      if (!runner.hasRoomFor(step.action())) { // no call made that would be turned away
        throw new DryRunTurnedAway(what + " could not be dry-run yet: every thread of its plugin is busy "
            + "and its queue is full.");
      }
      // The target as read above, moments ago: the dry run writes onto that version, so it needs no read of its own.
      ActionOutcome dry = runner.dryRun(new ActionRequest(wfe.getMetadata().getUid() + "-" + step.id() + "-dry-run", 1,
          step.action(), step.target(), step.parameters(), true, now.plus(DRY_RUN_BUDGET), read));
      if (dry.status() == ActionStatus.NOT_STARTED) {
        // A busy action host is not a verdict on the step: the workflow tries again shortly.
        throw new DryRunTurnedAway(what + " could not be dry-run yet: " + dry.message());
      }
      if (dry.status().mayRetry()) {
        // Nor is an API hiccup: the framework retries with backoff.
        throw new io.kubernaut.ports.failure.RetryableException(what + " could not be dry-run yet: " + dry.message());
      }
      if (dry.status().isFailure()) {
        return deny(step, ConditionReason.DryRunFailed, what + " failed its dry run: " + dry.message());
      }
    }
    return Optional.empty();
  }

  /** The safety envelope's verdict on one step, given what is counted. */
  private Optional<Denial> safety(WorkflowExecution wfe, Recommendation step, String fingerprint, PipelinePolicy policy,
      List<ExecutionRecord> executions, List<NodeState> nodes, Seen seen, Instant now) {
    SafetyVerdict verdict = safety.check(new SafetyRequest(wfe.getSpec().getRemediationRef().getName(), fingerprint,
        wfe.getSpec().getEnvironment(), step.action(), catalog.impactOf(step.action(), step.target().kind()),
        step.target(), step.parameters(), seen.replicas(), seen.observed(), executions, nodes, policy.safety(),
        policy.killSwitch(), now));
    return verdict.allowed() ? Optional.empty()
        : Optional.of(new Denial(step.id(), verdict.reason(), what(step) + " is denied by the safety envelope: "
            + verdict.message(), verdict.until()));
  }

  private static String what(Recommendation step) {
    return "Step " + step.id() + " (" + step.action() + " on " + step.target().display() + ")";
  }

  private static Optional<Denial> deny(Recommendation step, ConditionReason reason, String message) {
    return Optional.of(new Denial(step.id(), reason, message));
  }
}
