package io.kubernaut.k8s.workflow;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.execution.WorkflowExecutionSteps;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.k8s.runtime.ReconcileTrigger;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.safety.DisruptionLedger;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.k8s.status.KubernetesEvents;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.k8s.status.RecentWrites;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.in.CheckSafety;
import io.kubernaut.ports.in.DecideWorkflow;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.ActionRunner;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.TimeoutSettings;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.workflow.RollbackStrategy;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.workflow.StepExecution;
import io.kubernaut.ports.workflow.StepState;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.workflow.ValidationResult;
import io.kubernaut.ports.workflow.WorkflowDecision;
import io.kubernaut.ports.workflow.WorkflowDecision.Transition;
import io.kubernaut.ports.workflow.WorkflowSnapshot;
import io.kubernaut.ports.workflow.Verification;
import io.kubernaut.ports.verification.AlertActivity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * WorkflowExecution: Planning → Validating → Executing → Monitoring → Completed (or Failed,
 * RolledBack). Each reconcile is observe → decide ({@link DecideWorkflow}, pure) → act (create the
 * executions of ready steps, or the rollback execution of a completed step) → report (one status
 * write). It watches its KubernetesExecutions (mapped back by owner reference) and its
 * AlertRemediation (for the gateway's resolution), so every step is event-driven; only the
 * monitoring window's checks come back as scheduled reconciles. This class is the only writer of a
 * WorkflowExecution's status (apart from a parent stopping it).
 */
@ControllerConfiguration(name = "workflowexecution")
public final class WorkflowExecutionReconciler implements Reconciler<WorkflowExecution>,
    ReconcileTrigger<WorkflowExecution> {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowExecutionReconciler.class);
  /** More steps than a workflow needs in one reconcile (plan, validate, enter, start): a guard against a loop. */
  private static final int MAX_STEPS = 8;

  private final KubernetesClient client;
  private final DecideWorkflow conductor;
  private final ActionCatalog catalog;
  private final PolicySource policies;
  private final WorkflowExecutionValidator validator;
  /** How soon a workflow whose remediation has not recorded its approval yet looks again. */
  static final Duration PROVENANCE_WAIT = Duration.ofSeconds(2);
  private final WorkflowExecutionProvenance provenance;
  private final WorkflowExecutionCluster cluster;
  private final WorkflowExecutionNotices notices;
  private final WorkflowExecutionVerification verification;
  private final WorkflowExecutionSilences silences;
  private final WorkflowExecutionRollbackApproval rollbackApprovals;
  private final Clock clock;
  private final AuditTrail audit;
  private final KubernetesEvents events;
  private final RecentWrites<WorkflowExecution> recentWrites = new RecentWrites<>();
  private final WorkflowExecutionProbes probes = new WorkflowExecutionProbes();
  private final PrimaryRelay<AlertRemediation> remediations;
  private final PrimaryRelay<KubernetesExecution> executions;
  private final PrimaryRelay<WorkflowExecution> relay;

  /**
   * @param ledger the replica's disruption ledger (shared with the execution controller), whose
   *     caches the safety envelope counts from
   * @param impersonationNamespace where the per-action ServiceAccounts live when least privilege is
   *     on (access reviews then ask as them); null to review the operator's own permissions
   * @param sources the metrics source, Alertmanager and audit trail that verification uses
   * @param remediations the AlertRemediations as their controller's informer has them
   */
  public WorkflowExecutionReconciler(DisruptionLedger ledger, DecideWorkflow conductor, CheckSafety safety,
      ActionCatalog catalog, ActionRunner runner, PolicySource policies, Notifier notifier, String impersonationNamespace,
      PipelineMetrics metrics, WorkflowVerificationSources sources, PrimaryRelays relays, Clock clock) {
    this.remediations = relays.remediations();
    this.executions = relays.executions();
    this.relay = relays.workflows();
    KubernetesClient client = ledger.informers().client();
    this.client = client;
    this.conductor = conductor;
    this.catalog = catalog;
    this.policies = policies;
    this.cluster = new WorkflowExecutionCluster(client, impersonationNamespace);
    this.validator = new WorkflowExecutionValidator(catalog, runner, safety, cluster, ledger);
    this.provenance = new WorkflowExecutionProvenance(relays);
    this.notices = new WorkflowExecutionNotices(notifier, metrics);
    this.verification = new WorkflowExecutionVerification(sources.metrics(), sources.alerts(), sources.audit(), notifier,
        wfe -> remediations.get(new ResourceID(wfe.getSpec().getRemediationRef().getName(), wfe.getMetadata()
            .getNamespace())).map(AlertRemediation::getStatus).map(io.kubernaut.k8s.crd.AlertRemediationStatus::getPriority));
    this.silences = new WorkflowExecutionSilences(sources.silences(), client, relays.events(), sources.audit(), clock);
    this.audit = sources.audit();
    this.events = relays.events();
    this.rollbackApprovals = new WorkflowExecutionRollbackApproval(verification, silences, clock);
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, WorkflowExecution>> prepareEventSources(EventSourceContext<WorkflowExecution> context) {
    // Its executions from their controller's informer (same shard), found by their names (a step's and its rollback's).
    EventSource<KubernetesExecution, WorkflowExecution> steps = executions.subscriber("workflow-executions",
        WorkflowExecutionReconciler::executionsOf,
        kex -> Children.controller(kex, WorkflowExecution.class.getSimpleName()),
        // An execution without status is one this controller has just created and acted on in the same reconcile.
        kex -> kex.getStatus() != null,
        (updated, previous) -> true);
    // Its AlertRemediation from that controller's informer (same shard), which reconciles the workflow on what it reads.
    EventSource<AlertRemediation, WorkflowExecution> remediations = this.remediations.subscriber("workflow-remediations",
        wfe -> new ResourceID(wfe.getSpec().getRemediationRef().getName(), wfe.getMetadata().getNamespace()),
        ar -> Optional.of(new ResourceID(ChildKind.WORKFLOW.childName(ar.getMetadata().getName()),
            ar.getMetadata().getNamespace())),
        WorkflowExecutionReconciler::readsChange);
    return List.of(steps, remediations, relay.publisher(context));
  }

  /** Where the executions of {@code wfe}'s steps are, by name: each step's and its rollback's. */
  static Set<ResourceID> executionsOf(WorkflowExecution wfe) {
    Set<ResourceID> names = new java.util.LinkedHashSet<>();
    String ns = wfe.getMetadata().getNamespace();
    for (Recommendation step : wfe.getSpec().getSteps()) {
      names.add(new ResourceID(WorkflowExecutionSteps.executionName(wfe, step.id()), ns));
      names.add(new ResourceID(WorkflowExecutionSteps.executionName(wfe, step.id() + "-rollback"), ns));
    }
    return names;
  }

  /**
   * Whether an update of its AlertRemediation changes what a workflow reads of it: its spec, its
   * annotations (a rollback's approval), its labels, its deletion, and the alert's resolution the
   * gateway writes. The AlertRemediation controller's status writes (a phase, its children's
   * phases, conditions) and the gateway's duplicate counts reconcile no workflow: a remediation
   * writes its status four times or more while its workflow runs, each a workflow reconcile that
   * found nothing to do. But the writes a waiting workflow waits for do: the analysis the
   * remediation judged and its approval (WorkflowExecutionProvenance's NOT_YET). The remediation
   * records them before it creates the workflow; when this cache sees the workflow first, the
   * record's arrival validates it then, not at its next look.
   */
  static boolean readsChange(AlertRemediation updated, AlertRemediation previous) {
    return ReconcileTrigger.metadataChanged(updated, previous) || !java.util.Objects.equals(resolvedAt(updated),
        resolvedAt(previous)) || !java.util.Objects.equals(judged(updated), judged(previous));
  }

  /** What a workflow waits for its remediation to record: the analysis it judged, and its approval's decision. */
  private static java.util.List<String> judged(AlertRemediation ar) {
    var s = ar.getStatus();
    return java.util.Arrays.asList(s == null ? null : s.getAnalysisSeal(),
        s == null || s.getApproval() == null ? null : s.getApproval().getDecision());
  }

  private static String resolvedAt(AlertRemediation ar) {
    return ar.getStatus() == null ? null : ar.getStatus().getResolvedAt();
  }

  /**
   * Every update but the echo of its own status write before Monitoring: the reconcile that wrote
   * it ran until the conductor waited, so the same status observed again decides nothing new. The
   * echo of a write that ended the workflow is reconciled (that reconcile lets go of it: silence,
   * caches), and so is one in Monitoring: there the next measurement has come from the echo's
   * reconcile (a check due again right after a measurement is measured then, not at the reschedule;
   * VerificationEndToEndTest's slow Alertmanager got one measurement instead of two without it).
   */
  @Override
  public boolean triggers(WorkflowExecution updated, WorkflowExecution previous) {
    return !recentWrites.isEcho(updated, previous) || phaseOf(updated) == WorkflowPhase.Monitoring
        || StatusPatches.ended(WorkflowPhase.class, updated.getStatus(),
            updated.getStatus() == null ? null : updated.getStatus().getPhase());
  }

  @Override
  public UpdateControl<WorkflowExecution> reconcile(WorkflowExecution observed, Context<WorkflowExecution> context) {
    WorkflowExecution wfe = recentWrites.freshest(observed);
    if (StatusPatches.ended(WorkflowPhase.class, wfe.getStatus(), wfe.getStatus() == null ? null : wfe.getStatus().getPhase())) {
      // Also when the remediation stopped it (cancelled, blocked, timed out): its silence goes, retried until it has.
      Optional<Duration> retry = silences.expireEnded(wfe, context.getSecondaryResource(AlertRemediation.class)
          .orElse(null), silenceLifetime(wfe, policies.current(), wfe.getSpec().getSteps().size()));
      recentWrites.forget(wfe);
      probes.forget(WorkflowExecutionProbes.key(wfe));
      return retry.map(d -> UpdateControl.<WorkflowExecution>noUpdate().rescheduleAfter(d))
          .orElseGet(UpdateControl::noUpdate);
    }
    MDC.put("remediation", wfe.getSpec().getRemediationRef().getName());
    try {
      Duration requeue = advance(wfe, context);
      UpdateControl<WorkflowExecution> control = UpdateControl.noUpdate();
      return requeue == null ? control : control.rescheduleAfter(requeue);
    } catch (DryRunTurnedAway e) {
      // Not a failure to back off from: the plugin is busy; validation is tried again shortly, in the same phase.
      Duration wait = ActionRunner.turnedAwayWait(wfe.getMetadata().getName());
      LOG.info("WorkflowExecution {} tries again in {} ms: {}", wfe.getMetadata().getName(), wait.toMillis(),
          e.getMessage());
      return UpdateControl.<WorkflowExecution>noUpdate().rescheduleAfter(wait);
    } catch (KubernetesClientException e) {
      return RecentWrites.againAfterConflict(LOG, wfe, e);
    } finally {
      MDC.remove("remediation");
    }
  }

  /** Observe → decide → act → report until the conductor waits or ends; returns when to look again, or null. */
  private Duration advance(WorkflowExecution wfe, Context<WorkflowExecution> context) {
    if (wfe.getStatus() == null) {
      wfe.setStatus(new WorkflowExecutionStatus());
    }
    String before = Serialization.asJson(wfe.getStatus());
    PipelinePolicy policy = policies.current();
    Map<String, KubernetesExecution> runs = new LinkedHashMap<>();
    Map<String, KubernetesExecution> rollbacks = new LinkedHashMap<>();
    // Only the executions its status names are its own: one made by anyone else (for a step not started yet, or a
    // rollback never decided) is no run of it, and the execution controller refuses it.
    context.getSecondaryResources(KubernetesExecution.class).stream()
        .filter(k -> wfe.getMetadata().getName().equals(k.getSpec().getWorkflow()))
        .filter(k -> WorkflowExecutionSteps.names(wfe, k))
        .forEach(k -> (k.getSpec().rollback() ? rollbacks : runs).put(k.getSpec().getStep(), k));
    AlertRemediation ar = context.getSecondaryResource(AlertRemediation.class).orElse(null);
    WorkflowSnapshot snapshot = observe(wfe, runs, rollbacks, policy, ar);
    rollbackApprovals.note(wfe, snapshot.rollbackApproval(), ar);
    silences.retry(wfe, ar, snapshot.verification(), policy, silenceLifetime(wfe, policy, wfe.getSpec().getSteps().size()));
    // Its origin, once checked in this reconcile (at validation, or before the first step it starts), and the refusal it led to.
    boolean vouched = false;
    AuditEvent refusal = null;
    for (int i = 0; i < MAX_STEPS; i++) {
      WorkflowDecision decision = conductor.decide(snapshot);
      if (!decision.start().isEmpty() && !vouched) {
        // Again before any later step starts: a status written by hand past Validating would skip the check there.
        WorkflowExecutionProvenance.Finding origin = origin(wfe, ar);
        if (origin.verdict() == WorkflowExecutionProvenance.Verdict.NOT_YET
            || origin.verdict() == WorkflowExecutionProvenance.Verdict.ENDED) {
          // Its remediation's arrival, or its stopping this workflow, reconciles it; an approval is looked for again.
          LOG.info("WorkflowExecution {} starts no step now: {}", wfe.getMetadata().getName(), origin.reason());
          if (!before.equals(Serialization.asJson(wfe.getStatus()))) {
            write(wfe);
          }
          return ar != null && origin.verdict() == WorkflowExecutionProvenance.Verdict.NOT_YET ? PROVENANCE_WAIT : null;
        }
        vouched = true;
        if (origin.verdict() == WorkflowExecutionProvenance.Verdict.FORGED) {
          ValidationResult refused = forged(decision.start().get(0), origin);
          refusal = Children.refusal(wfe, ar, ConditionReason.Rejected.name(), refused.message(), clock.instant());
          snapshot = snapshot.withValidation(refused);
          continue;
        }
      }
      silence(wfe, decision, runs, snapshot, policy, ar);
      List<KubernetesExecution> starting = plan(wfe, decision, runs, rollbacks, policy);
      report(wfe, decision, runs, rollbacks, ar, snapshot.validation());
      if (!starting.isEmpty() && !before.equals(Serialization.asJson(wfe.getStatus()))) {
        // Admission: an execution runs only once its workflow is on the API server as admitted (Executing). The
        // same write shows the decision and names the executions it is about to create (as the AlertRemediation
        // names the child it creates), so that starting a step costs one status write, not two.
        write(wfe);
        before = Serialization.asJson(wfe.getStatus());
      }
      if (!starting.isEmpty() && ar != null && phaseOf(wfe) == WorkflowPhase.Executing) {
        recordAdmission(wfe, ar); // with every step it starts, written or not: the same key, stored once
      }
      starting.forEach(kex -> create(kex, kex.getSpec().rollback() ? "the rollback of step " + kex.getSpec().getStep()
          : "step " + kex.getSpec().getStep()));
      rollbackApprovals.follow(wfe, decision, snapshot.rollbackApproval(), ar);
      switch (decision.call()) {
        case VALIDATE -> {
          // Without its AlertRemediation the problem's history of failed remediations cannot be checked, so nothing
          // is admitted: one that names its controller waits (its arrival reconciles this workflow, a deleted one takes
          // the workflow along); one that no remediation controls is refused, as with its remediation present.
          WorkflowExecutionProvenance.Finding origin = origin(wfe, ar);
          if (origin.verdict() == WorkflowExecutionProvenance.Verdict.NOT_YET) {
            LOG.info("WorkflowExecution {} waits to be validated: {}", wfe.getMetadata().getName(), origin.reason());
            wfe.getStatus().setMessage("WorkflowExecution " + wfe.getMetadata().getName() + " waits to be validated: "
                + origin.reason() + ".");
            if (!before.equals(Serialization.asJson(wfe.getStatus()))) {
              write(wfe); // its plan (Planning, then Validating) and why it waits are shown while it waits
            }
            return ar == null ? null : PROVENANCE_WAIT;
          }
          List<String> order = List.copyOf(decision.steps().keySet());
          vouched = true;
          String first = order.isEmpty() ? wfe.getMetadata().getName() : order.get(0);
          if (origin.verdict() == WorkflowExecutionProvenance.Verdict.FORGED) {
            ValidationResult refused = forged(first, origin);
            refusal = Children.refusal(wfe, ar, ConditionReason.Rejected.name(), refused.message(), clock.instant());
            snapshot = observe(wfe, runs, rollbacks, policy, ar).withValidation(refused);
          } else if (origin.verdict() == WorkflowExecutionProvenance.Verdict.ENDED) {
            // Its remediation ended (cancelled, timed out) before it was validated: it ends unrun, no refusal.
            snapshot = observe(wfe, runs, rollbacks, policy, ar).withValidation(ValidationResult.denied(first,
                ConditionReason.ParentEnded, "it was not validated: " + origin.reason() + ", so none of its steps "
                    + "runs.", false));
          } else {
            snapshot = observe(wfe, runs, rollbacks, policy, ar).withValidation(validate(wfe, ar, policy, order));
          }
        }
        case ASSESS -> snapshot = assess(observe(wfe, runs, rollbacks, policy, ar), wfe, ar, decision);
        case CONTINUE -> snapshot = observe(wfe, runs, rollbacks, policy, ar);
        case NONE -> {
          if (!before.equals(Serialization.asJson(wfe.getStatus()))) {
            write(wfe);
          }
          if (refusal != null) {
            audit.record(refusal); // with the status write that ends it: one event per refused workflow
            events.emitOnce(wfe, "refusal", true, ConditionReason.Rejected.name(), wfe.getStatus().getMessage(),
                clock.instant());
          }
          // A silence that could not be created or expired is tried again soon, whatever the decision waits for.
          Duration retry = silences.pending(wfe).orElse(null);
          Duration requeue = phaseOf(wfe) == WorkflowPhase.Monitoring ? probes.requeue(WorkflowExecutionProbes.key(wfe), clock.instant(), decision.requeue())
              : decision.requeue();
          return retry != null && (requeue == null || retry.compareTo(requeue) < 0) ? retry : requeue;
        }
      }
    }
    LOG.error("WorkflowExecution {} did not settle within {} steps of one reconcile; it is looked at again in 5 s",
        wfe.getMetadata().getName(), MAX_STEPS);
    return Duration.ofSeconds(5);
  }

  /** Whether {@code ar} built {@code wfe}; {@code ar} null when its remediation is not found. */
  private WorkflowExecutionProvenance.Finding origin(WorkflowExecution wfe, AlertRemediation ar) {
    return ar == null ? provenance.checkWithoutRemediation(wfe) : provenance.check(wfe, ar);
  }

  /** The refusal of a workflow its remediation did not build, as a denied check of its step {@code step}. */
  private static ValidationResult forged(String step, WorkflowExecutionProvenance.Finding origin) {
    return ValidationResult.denied(step, ConditionReason.Rejected, "it was refused as not the workflow its remediation "
        + "built: " + origin.reason() + ".", false);
  }

  /** Writes status with optimistic locking and keeps what was written for the next reconcile. */
  /**
   * Records the workflow's admission (its entry into Executing) in the audit trail as steps start, not only when
   * its remediation ends: if the workflow is then deleted while no operator watches, the audit trail is what tells
   * the next one that its steps may have run, so that it does not create it again (RemediationObserver). Recorded
   * again with each step started and at the remediation's end, under the same key: stored once. It is queued, not
   * written before the steps start: an operator that dies before its queue is written loses it (docs/reliability.md).
   */
  private void recordAdmission(WorkflowExecution wfe, AlertRemediation ar) {
    String key = AuditEvents.phaseTransitionKey(ar.getMetadata().getName(), wfe.getMetadata().getName(),
        WorkflowPhase.Executing.name());
    Children.transitions(new AuditEvents(ar.getMetadata().getName(), new Fingerprint(ar.getSpec().getFingerprint()),
            ar.getSpec().getTarget().toTargetRef()), wfe.getKind(), wfe.getMetadata().getName(), wfe.getStatus())
        .stream().filter(event -> event.idempotencyKey().equals(key)).forEach(audit::record);
  }

  private static WorkflowPhase phaseOf(WorkflowExecution wfe) {
    return wfe.getStatus() == null ? null
        : StatusPatches.phaseOf(WorkflowPhase.class, wfe.getStatus(), wfe.getStatus().getPhase());
  }

  private void write(WorkflowExecution wfe) {
    String onto = wfe.getMetadata().getResourceVersion();
    WorkflowExecution written = client.resource(wfe).updateStatus();
    wfe.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
    recentWrites.remember(written, onto);
  }

  /** What the conductor decides on: the steps, their executions and rollbacks, the policy, the checks and the time. */
  private WorkflowSnapshot observe(WorkflowExecution wfe, Map<String, KubernetesExecution> runs,
      Map<String, KubernetesExecution> rollbacks, PipelinePolicy policy, AlertRemediation ar) {
    WorkflowExecutionStatus s = wfe.getStatus();
    Set<String> critical = wfe.getSpec().getSteps().stream()
        .filter(step -> catalog.find(step.action()).map(a -> a.risk() != ActionRisk.LOW).orElse(true))
        .map(step -> step.id()).collect(Collectors.toSet());
    return new WorkflowSnapshot(wfe.getMetadata().getName(), wfe.getSpec().getTarget().toTargetRef().display(),
        StatusPatches.phaseOf(WorkflowPhase.class, s, s.getPhase()), StatusPatches.enteredAt(s), wfe.getSpec().getSteps(),
        critical, withDeleted(wfe, observed(runs)), observed(rollbacks), RollbackStrategy.of(wfe.getSpec().getRollbackStrategy()),
        policy.killSwitch(), policy.safety().limitsFor(wfe.getSpec().getEnvironment()).monitoringWindow(), clock.instant(),
        null, null, verification.observe(wfe, ar, policy),
        rollbackApprovals.read(wfe, ar, WorkflowExecutionSteps.timeout(wfe, policy, TimeoutSettings.APPROVAL,
            Duration.ofMinutes(15))), WorkflowExecutionSteps.rollbackRecorded(wfe));
  }

  /** Monitoring's look: the alert's resolution and the target's health, the checks asked for, the alert in Alertmanager. */
  private WorkflowSnapshot assess(WorkflowSnapshot snapshot, WorkflowExecution wfe, AlertRemediation ar,
      WorkflowDecision decision) {
    Verification measured = verification.measure(snapshot.verification(), decision.measure(), ar);
    WorkflowSnapshot.Health seen = health(wfe, ar);
    // A silenced alert that resolves sends no webhook: Alertmanager no longer listing it counts as resolved.
    boolean inactive = measured.activity() != null && measured.activity().state() == AlertActivity.State.INACTIVE;
    return snapshot.withHealth(inactive ? new WorkflowSnapshot.Health(true, null) : seen).withVerification(measured);
  }

  /** The alert is silenced when the first step starts, and the silence expired once the workflow ends. */
  private void silence(WorkflowExecution wfe, WorkflowDecision d, Map<String, KubernetesExecution> runs,
      WorkflowSnapshot snapshot, PipelinePolicy policy, AlertRemediation ar) {
    if (!d.start().isEmpty() && runs.isEmpty()) {
      silences.ensure(wfe, ar, snapshot.verification(), policy, silenceLifetime(wfe, policy, d.steps().size()));
    }
    if (d.phase() != null && d.phase().isTerminal()) {
      silences.expire(wfe, ar);
    }
  }

  /** The longest a silence may hold: every step's timeout, the monitoring window and a margin. */
  private static Duration silenceLifetime(WorkflowExecution wfe, PipelinePolicy policy, int steps) {
    return WorkflowExecutionSteps.stepTimeout(wfe, policy).multipliedBy(Math.max(1, steps))
        .plus(policy.safety().limitsFor(wfe.getSpec().getEnvironment()).monitoringWindow())
        .plus(WorkflowExecutionSilences.MARGIN);
  }

  /**
   * The executions of the steps to start and the rollback to make, built (to be created once the
   * workflow's admission is written) and added to {@code runs} and {@code rollbacks} where none is
   * there yet, so that the status written shows them.
   */
  private List<KubernetesExecution> plan(WorkflowExecution wfe, WorkflowDecision d, Map<String, KubernetesExecution> runs,
      Map<String, KubernetesExecution> rollbacks, PipelinePolicy policy) {
    int maxAttempts = policy.safety().limitsFor(wfe.getSpec().getEnvironment()).maxAttempts();
    List<String> order = d.steps().keySet().stream().toList();
    List<KubernetesExecution> starting = new java.util.ArrayList<>();
    for (String id : d.start()) {
      KubernetesExecution kex = WorkflowExecutionSteps.build(wfe, WorkflowExecutionSteps.byId(wfe).get(id),
          order.indexOf(id) + 1, WorkflowExecutionSteps.stepTimeout(wfe, policy), maxAttempts);
      starting.add(kex);
      runs.putIfAbsent(id, kex);
    }
    if (d.rollBack() != null && runs.containsKey(d.rollBack())) {
      KubernetesExecution undo = WorkflowExecutionSteps.rollback(wfe, runs.get(d.rollBack()), WorkflowExecutionSteps.stepTimeout(wfe, policy),
          maxAttempts);
      starting.add(undo);
      rollbacks.putIfAbsent(d.rollBack(), undo);
    }
    return starting;
  }

  /** The decision in status: each transition, the steps and progress, the outcome; a safety block is notified. */
  private void report(WorkflowExecution wfe, WorkflowDecision d, Map<String, KubernetesExecution> runs,
      Map<String, KubernetesExecution> rollbacks, AlertRemediation ar, ValidationResult validation) {
    WorkflowExecutionStatus s = wfe.getStatus();
    Instant now = clock.instant();
    if (s.getStartTime() == null) {
      s.setStartTime(now.toString());
    }
    for (Transition t : d.transitions()) {
      StatusPatches.transition(wfe, s, t.phase(), s::setPhase, t.reason(), t.message(), now);
    }
    if (d.transitions().isEmpty() && d.message() != null) {
      s.setMessage(d.message());
    }
    if (!d.steps().isEmpty()) {
      s.setSteps(WorkflowExecutionSteps.view(wfe, d.steps(), runs, rollbacks));
      s.setProgress(d.steps().values().stream().filter(st -> st == StepState.SUCCEEDED).count() + "/" + d.steps().size());
    }
    if (d.outcome() != null) {
      s.setOutcome(d.outcome());
      s.setEffectiveness(d.effectiveness());
    }
    verification.record(wfe, ar, d.measured());
    if (d.escalation() != null) {
      verification.escalate(wfe, ar, d.escalation());
    }
    if (d.phase() != null && d.phase().isTerminal()) {
      // Its reservations count no more from here on; the ledger's next admission write prunes them.
      LOG.info("WorkflowExecution {} is {}: {}", wfe.getMetadata().getName(), d.phase(), s.getMessage());
    }
    if (d.blocked() != null) {
      // A denial at validation names its step; the kill switch stopping a running workflow, the steps not started.
      String steps = validation != null ? validation.step() : d.steps().entrySet().stream()
          .filter(e -> e.getValue() == StepState.PENDING).map(Map.Entry::getKey).collect(Collectors.joining(", "));
      if (validation != null) {
        s.setBlockedUntil(validation.blockedUntil() == null ? null : validation.blockedUntil().toString());
      }
      notices.blocked(wfe, ar, d.blocked(), steps, s.getMessage());
    }
  }

  /** The Validating checks, step by step in plan order, for the problem of {@code ar}; the first denial wins. */
  private ValidationResult validate(WorkflowExecution wfe, AlertRemediation ar, PipelinePolicy policy, List<String> order) {
    return validator.validate(wfe, order, ar.getSpec().getFingerprint(), policy, clock.instant())
        .map(d -> ValidationResult.denied(d.step(), d.reason(), d.message(), d.safety(), d.until()))
        .orElse(ValidationResult.admitted());
  }

  /** What Monitoring sees: the gateway's resolution of the alert, else the target's health, probed when due. */
  private WorkflowSnapshot.Health health(WorkflowExecution wfe, AlertRemediation ar) {
    boolean resolved = ar != null && ar.getStatus() != null && ar.getStatus().getResolvedAt() != null;
    return new WorkflowSnapshot.Health(resolved, resolved ? null : probes.healthy(WorkflowExecutionProbes.key(wfe),
        clock.instant(), StatusPatches.enteredAt(wfe.getStatus()), () -> cluster.healthy(wfe.getSpec().getTarget().toTargetRef())));
  }

  private void create(KubernetesExecution kex, String what) {
    Children.createIfAbsent(client, kex).ifPresent(created -> {
      executions.created(created);
      LOG.info("Created KubernetesExecution {} for {}", kex.getMetadata().getName(), what);
    });
  }

  /**
   * The runs, with each step whose execution status recorded and the API server no longer has as a
   * failed run: deleted by hand while it ran (or after), it is not created again, which would run its
   * action once more. The cache's view of a missing run is checked with the API server first: a run
   * this workflow created moments ago may not be in the cache yet.
   */
  private Map<String, StepExecution> withDeleted(WorkflowExecution wfe, Map<String, StepExecution> seen) {
    Map<String, StepExecution> all = new LinkedHashMap<>(seen);
    for (var step : wfe.getSpec().getSteps()) {
      String recorded = WorkflowExecutionSteps.recordedExecution(wfe, step.id());
      if (recorded == null || all.containsKey(step.id())) {
        continue;
      }
      KubernetesExecution live = client.resources(KubernetesExecution.class).inNamespace(wfe.getMetadata().getNamespace())
          .withName(recorded).get();
      all.put(step.id(), live != null ? WorkflowExecutionSteps.observed(live) : new StepExecution(recorded,
          ExecutionPhase.Failed, "KubernetesExecution " + recorded + " was deleted; it is not created again, because its"
              + " action would run once more. Attempts it made may have taken effect: check the target by hand."));
    }
    return all;
  }

  private static Map<String, StepExecution> observed(Map<String, KubernetesExecution> executions) {
    Map<String, StepExecution> seen = new LinkedHashMap<>();
    executions.forEach((id, kex) -> seen.put(id, WorkflowExecutionSteps.observed(kex)));
    return seen;
  }
}
