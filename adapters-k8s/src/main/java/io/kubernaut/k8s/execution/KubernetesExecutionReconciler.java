package io.kubernaut.k8s.execution;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.runtime.ReconcileTrigger;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.k8s.status.KubernetesEvents;
import io.kubernaut.k8s.status.RecentWrites;
import io.kubernaut.ports.execution.ExecutionOwner;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.signal.Rfc3339Times;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.k8s.status.StatusSealer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionRequest;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.ports.execution.ExecutionDecision;
import io.kubernaut.ports.execution.ExecutionMode;
import io.kubernaut.ports.execution.ExecutionSnapshot;
import io.kubernaut.ports.in.DecideExecution;
import io.kubernaut.ports.in.CheckSafety;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import io.kubernaut.k8s.safety.DisruptionLedger;
import io.kubernaut.k8s.safety.SafetyInformers;
import io.kubernaut.k8s.safety.TargetReader;
import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.out.ActionRunner;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * KubernetesExecution: Validating → Executing → Verifying → Completed (or Failed), in one of three
 * modes (execute, dry run, rollback). Each reconcile is observe → decide ({@link DecideExecution},
 * pure) → act (write the start mark, then call the action) → report (audit, status), repeated
 * until the conductor asks for nothing more. This class is the only writer of a
 * KubernetesExecution's status.
 */
@ControllerConfiguration(name = "kubernetesexecution")
public final class KubernetesExecutionReconciler implements Reconciler<KubernetesExecution>,
    ReconcileTrigger<KubernetesExecution> {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesExecutionReconciler.class);
  /** More steps than any execution needs in one reconcile (validate, enter, verify, run, verify): a guard against a loop. */
  private static final int MAX_STEPS = 12;
  /** When a rollback whose check the disruption ledger could not decide (busy or full) is checked again. */
  private static final Duration LEDGER_RECHECK = Duration.ofSeconds(30);
  /** The status field the seal of an execution's rollback data names. */
  private static final String ROLLBACK_DATA = "rollbackData";
  /** Status as last written, once the start mark is: equal to no status, so the status that follows is written. */
  private static final String MARK_WRITTEN = "";
  /** The ends that refuse to run anything: each also gets a Warning Event on the execution. */
  private static final Set<ConditionReason> REFUSALS = EnumSet.of(ConditionReason.Rejected,
      ConditionReason.ProtectedNamespace, ConditionReason.NotManaged, ConditionReason.KillSwitch,
      ConditionReason.DisruptionBudget, ConditionReason.BlastRadius);

  private final KubernetesClient client;
  private final DecideExecution conductor;
  private final CheckSafety safety;
  private final ActionCatalog catalog;
  private final DisruptionLedger ledger;
  private final SafetyInformers cluster;
  private final ActionRunner runner;
  private final PolicySource policies;
  private final KubernetesExecutionAudit audit;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final String operatorNamespace;
  private final KubernetesEvents events;
  private final RecentWrites<KubernetesExecution> recentWrites = new RecentWrites<>();
  /** Set once this replica is to stop reconciling (a stop began, or its Lease was lost): no call starts after it. */
  private volatile boolean refusingCalls;
  private final PrimaryRelay<AlertRemediation> remediations;
  private final PrimaryRelay<KubernetesExecution> relay;
  /** Seals the rollback data an action's run records, and checks it before a rollback restores it. */
  private final StatusSealer sealer;

  /**
   * @param ledger the replica's disruption ledger (shared with the workflow controller); the budget
   *     and the owning workflow are read from its informer caches
   * @param operatorNamespace the operator's own namespace, never a target
   * @param relays the AlertRemediations as their controller's informer has them, and this
   *     controller's executions for the workflow controller
   */
  public KubernetesExecutionReconciler(DisruptionLedger ledger, DecideExecution conductor, CheckSafety safety,
      ActionCatalog catalog, ActionRunner runner, PolicySource policies, AuditTrail audit, PipelineMetrics metrics,
      String operatorNamespace, PrimaryRelays relays, Clock clock) {
    this.remediations = relays.remediations();
    this.relay = relays.executions();
    this.sealer = relays.sealer();
    this.cluster = ledger.informers();
    this.client = cluster.client();
    this.safety = safety;
    this.catalog = catalog;
    this.ledger = ledger;
    this.operatorNamespace = operatorNamespace;
    this.events = relays.events();
    this.conductor = conductor;
    this.runner = runner;
    this.policies = policies;
    this.audit = new KubernetesExecutionAudit(client, audit);
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * The AlertRemediations of this shard, from their controller's informer, for the audit of an
   * attempt (which reads only their spec, which never changes); they trigger no reconcile of an
   * execution. And this controller's executions, relayed to the workflow controller.
   */
  @Override
  public List<EventSource<?, KubernetesExecution>> prepareEventSources(EventSourceContext<KubernetesExecution> context) {
    return List.of(remediations.subscriber("execution-remediations",
        kex -> new ResourceID(kex.getSpec().getRemediationRef().getName(), kex.getMetadata().getNamespace()),
        ar -> java.util.Optional.empty(), (updated, previous) -> false), relay.publisher(context));
  }

  /** The execution's AlertRemediation from the cache; null (read from the API server by the audit) when not cached. */
  private static AlertRemediation parent(Context<KubernetesExecution> context) {
    return context == null ? null : context.getSecondaryResource(AlertRemediation.class).orElse(null);
  }

  /**
   * Every update but the echo of its own status write: the reconcile that wrote it ran until the
   * conductor waited (the start mark is written mid-reconcile, before the action is called), so the
   * same status observed again decides nothing new. The echo of the write that ended it is no
   * exception: a reconcile of an ended execution only lets go of the write it kept, which the echo
   * itself lets go of ({@link RecentWrites#isEcho}).
   */
  @Override
  public boolean triggers(KubernetesExecution updated, KubernetesExecution previous) {
    return !recentWrites.isEcho(updated, previous);
  }

  @Override
  public UpdateControl<KubernetesExecution> reconcile(KubernetesExecution observed, Context<KubernetesExecution> context) {
    KubernetesExecution kex = recentWrites.freshest(observed);
    if (StatusPatches.ended(ExecutionPhase.class, kex.getStatus(), kex.getStatus() == null ? null : kex.getStatus().getPhase())) {
      recentWrites.forget(kex);
      return UpdateControl.noUpdate();
    }
    MDC.put("execution", kex.getMetadata().getName());
    MDC.put("remediation", kex.getSpec().getRemediationRef().getName());
    try {
      Duration requeue = advance(kex, context);
      UpdateControl<KubernetesExecution> control = UpdateControl.noUpdate();
      return requeue == null ? control : control.rescheduleAfter(requeue);
    } catch (KubernetesClientException e) {
      return RecentWrites.againAfterConflict(LOG, kex, e);
    } finally {
      MDC.remove("execution");
      MDC.remove("remediation");
    }
  }

  /** Observe → decide → act → report until the conductor waits or ends; returns when to look again, or null. */
  private Duration advance(KubernetesExecution kex, Context<KubernetesExecution> context) {
    if (kex.getStatus() == null) {
      kex.setStatus(new KubernetesExecutionStatus());
    }
    String before = Serialization.asJson(kex.getStatus());
    List<AuditEvent> audits = new ArrayList<>();
    ExecutionOwner owner = owner(kex);
    Map<String, String> namespaceLabels = namespaceLabels(kex);
    SafetyVerdict budget = budget(kex, owner);
    ExecutionSnapshot snapshot = observe(kex, owner, namespaceLabels, budget, clock.instant());
    Call last = null;
    for (int i = 0; i < MAX_STEPS; i++) {
      ExecutionDecision decision = conductor.decide(snapshot);
      report(kex, decision, snapshot.now(), last, context, audits);
      switch (decision.call()) {
        case CONTINUE -> snapshot = observe(kex, owner, namespaceLabels, budget, clock.instant());
        case VERIFY -> snapshot = observe(kex, owner, namespaceLabels, budget, clock.instant())
            .withVerification(runner.verify(verification(kex, last)));
        case DRY_RUN, RUN, ROLLBACK -> {
          last = call(kex, decision, audits);
          if (last.marked()) {
            before = MARK_WRITTEN; // the API server holds the start mark: whatever follows is written
          }
          snapshot = observe(kex, owner, namespaceLabels, budget, last.ended()).withOutcome(last.outcome());
        }
        case NONE -> {
          writeIfChanged(kex, before, audits);
          return decision.requeue();
        }
      }
    }
    LOG.error("KubernetesExecution {} did not settle within {} steps of one reconcile; it is looked at again in 5 s",
        kex.getMetadata().getName(), MAX_STEPS);
    writeIfChanged(kex, before, audits);
    return Duration.ofSeconds(5);
  }

  /**
   * The verification's request: right after a call of this reconcile that succeeded it carries the
   * target as that call's write left it, when the action reported it (SPI 1.4), so the verification
   * need not read the target again; otherwise (a restart, a retry, a recheck) the action reads it fresh.
   */
  private ActionRequest verification(KubernetesExecution kex, Call last) {
    ActionRequest request = request(kex, attempts(kex));
    if (kex.getSpec().rollback()) {
      // A rollback asks whether the undone step's effect is still there: the verification is about that step's
      // execution, so it carries that execution's id (the actions mark their change with it). With the rollback's
      // own id, an action that checks its mark would always answer "not in effect", and a rollback interrupted by
      // a restart or a failed call would be taken as done while nothing was undone.
      // Its start is the undone execution's too: what that execution's attempts left behind (a pod recreated under
      // the same name) was created after it began, not after the rollback did.
      KubernetesExecution undone = undoneExecution(kex);
      if (undone != null) {
        request = new ActionRequest(KubernetesExecutionRequests.executionId(undone), request.attempt(), request.action(),
            request.target(), request.parameters(), request.dryRun(), request.deadline(), null,
            KubernetesExecutionRequests.startedAt(undone));
      }
    }
    return last != null && last.outcome().status() == ActionStatus.SUCCEEDED
        ? request.withObservedTarget(last.outcome().resultingTarget()) : request;
  }

  /** The execution of the step a rollback undoes, from the cache or else the API server; null when it is gone. */
  private KubernetesExecution undoneExecution(KubernetesExecution rollback) {
    String namespace = rollback.getMetadata().getNamespace();
    String name = rollback.getSpec().getRollbackOf();
    if (name == null) {
      return null;
    }
    KubernetesExecution undone = cluster.execution(namespace, name);
    if (undone == null) {
      undone = client.resources(KubernetesExecution.class).inNamespace(namespace).withName(name).get();
    }
    return undone;
  }

  /** One call of the action: its answer, when it ran, and whether its start mark was written. */
  private record Call(ActionOutcome outcome, Instant started, Instant ended, boolean marked) {}

  /** What the conductor decides on: the spec, the status, the kill switch and the time. */
  private ExecutionSnapshot observe(KubernetesExecution kex, ExecutionOwner owner, Map<String, String> namespaceLabels,
      SafetyVerdict budget, Instant now) {
    KubernetesExecutionStatus s = kex.getStatus();
    PipelinePolicy policy = policies.current();
    String namespace = kex.getSpec().getTarget().getNamespace();
    boolean protectedTarget = namespace != null && !namespace.isEmpty()
        && (namespace.equals(operatorNamespace) || policy.safety().protectedNamespaces().contains(namespace));
    Instant started = s.getStartTime() == null ? now : Rfc3339Times.parse(s.getStartTime());
    ExecutionMode mode = kex.getSpec().rollback() ? ExecutionMode.ROLLBACK
        : Boolean.TRUE.equals(kex.getSpec().getDryRun()) ? ExecutionMode.DRY_RUN : ExecutionMode.EXECUTE;
    return new ExecutionSnapshot(kex.getMetadata().getName(), kex.getSpec().getAction(),
        kex.getSpec().getTarget().toTargetRef().display(), mode, s.getPhase(), attempts(kex),
        KubernetesExecutionRequests.maxAttempts(kex), s.getActionStartedAt() == null ? null : Rfc3339Times.parse(s.getActionStartedAt()),
        KubernetesExecutionRequests.deadline(kex, started), owner, protectedTarget, namespaceLabels, policy.killSwitch(), budget,
        now, null, null);
  }

  /** Why a call is not made once this replica is stopping ({@link #refuseNewCalls}); not a host turn-away. */
  private static final String STOPPING = "this replica is stopping; the replica that reconciles next starts it";
  private static final String NO_ROOM = "every thread of its plugin is busy and its queue is full";

  private static ActionOutcome notStarted(KubernetesExecution kex, ExecutionDecision decision, String why) {
    String operation = switch (decision.call()) {
      case DRY_RUN -> "dry-run";
      case ROLLBACK -> "rollback";
      default -> "execute";
    };
    return ActionOutcome.of(ActionStatus.NOT_STARTED, "The " + operation + " of " + kex.getSpec().getAction() + " on "
        + kex.getSpec().getTarget().toTargetRef().display() + " was not started: " + why + ".");
  }

  /**
   * From now on no action call starts here (each ends NOT_STARTED, no attempt counted, no mark
   * written): this replica is stopping or has lost its Lease, so what it would start now would be
   * cut off mid-call, or run beside the replica that reconciles next. Calls under way end as they do.
   */
  public void refuseNewCalls() {
    refusingCalls = true;
  }

  /**
   * Calls the action as decided. Before an attempt (RUN, ROLLBACK) the start mark is written to the
   * API server, so that after a crash the verification decides before anything runs again; before
   * the first attempt of an action that can be rolled back, the mark carries the rollback data read
   * just before ({@link #prepareRollback}), so that a step cut off after its change can still be
   * undone. A call
   * the action host would not start (every thread of its plugin busy and its queue full), or any
   * call once this replica is stopping ({@link #refuseNewCalls}), is not made and writes no mark; one it turned away all the same (the place was taken meanwhile) takes
   * its mark back. Either way nothing ran: it counts as no attempt, and the status that says so is
   * written with the conductor's next decision (once: the same message again changes nothing).
   */
  private Call call(KubernetesExecution kex, ExecutionDecision decision, List<AuditEvent> audits) {
    KubernetesExecutionStatus s = kex.getStatus();
    Instant started = clock.instant();
    String action = kex.getSpec().getAction();
    boolean stopping = refusingCalls;
    String turnedAway = stopping ? STOPPING : runner.hasRoomFor(action) ? null : NO_ROOM;
    if (turnedAway != null) {
      if (decision.call() != ExecutionDecision.Call.DRY_RUN && !stopping) {
        metrics.actionAttempted(action, ActionStatus.NOT_STARTED.name()); // counted as the host's turn-aways are
      }
      LOG.info("KubernetesExecution {} {}: not started, {}", kex.getMetadata().getName(), decision.call(), turnedAway);
      return new Call(notStarted(kex, decision, turnedAway), started, started, false);
    }
    Integer attemptsBefore = s.getAttempts();
    String markBefore = s.getActionStartedAt();
    Map<String, String> rollbackBefore = s.getRollbackData();
    String rollbackSealBefore = s.getRollbackDataSeal();
    boolean marked = decision.call() != ExecutionDecision.Call.DRY_RUN;
    ActionRequest request = request(kex, Math.max(1, decision.attempt()));
    // After an attempt, the mark sealed what was recorded (none included): data found unsealed, changed or removed
    // then cannot be told from the target's state before it. It is left as found (a rollback of this execution is
    // refused), and nothing is prepared again from a target an attempt may have changed.
    boolean retry = attemptsBefore != null && attemptsBefore > 0;
    Optional<String> lost = decision.call() == ExecutionDecision.Call.RUN && retry
        ? brokenRollbackData(kex, true) : Optional.empty();
    boolean dataLost = lost.isPresent();
    if (dataLost) {
      LOG.warn("KubernetesExecution {}: the rollback data in its status is not what its controller recorded ({}); it "
          + "records none after attempt {}, and a rollback of it will be refused", kex.getMetadata().getName(),
          lost.get(), attemptsBefore);
    } else if (decision.call() == ExecutionDecision.Call.RUN && !retry) {
      request = prepareRollback(kex, request);
    }
    if (marked) {
      s.setAttempts(decision.attempt());
      s.setActionStartedAt(started.toString());
      if (decision.call() == ExecutionDecision.Call.RUN && !dataLost && recordedRollbackData(kex).isEmpty()) {
        // None prepared: "none" is sealed with the mark, so a run verified after a restart (its result never written)
        // is still one whose recorded data, none, a rollback can trust.
        recordRollbackData(kex, Map.of());
      }
      writeMark(kex, audits);
    }
    // A stop may have begun during the preparation's or the mark's round trip: the call is not made
    // then, and the mark goes back as for the host's own turn-aways.
    boolean stopBegan = refusingCalls;
    ActionOutcome outcome = stopBegan ? notStarted(kex, decision, STOPPING) : switch (decision.call()) {
      case DRY_RUN -> runner.dryRun(request);
      case ROLLBACK -> runner.rollback(request, rollbackData(kex));
      default -> runner.execute(request);
    };
    Instant ended = clock.instant();
    LOG.info("KubernetesExecution {} {} attempt {}: {} {}", kex.getMetadata().getName(), decision.call(),
        request.attempt(), outcome.status(), outcome.message());
    if (decision.call() != ExecutionDecision.Call.DRY_RUN) {
      if (!stopBegan) {
        metrics.actionAttempted(kex.getSpec().getAction(), outcome.status().name());
      }
      if (outcome.status() == ActionStatus.NOT_STARTED) {
        s.setAttempts(attemptsBefore);
        s.setActionStartedAt(markBefore);
        s.setRollbackData(rollbackBefore);
        s.setRollbackDataSeal(rollbackSealBefore);
      }
    }
    if (decision.call() == ExecutionDecision.Call.RUN && !dataLost && outcome.status() != ActionStatus.NOT_STARTED) {
      // What was recorded first is the state before any attempt of this execution changed the target. Sealed even
      // when there is none: data deleted from a run's status later does not pass for a run that recorded nothing.
      Map<String, String> data = new LinkedHashMap<>(outcome.rollbackData());
      data.putAll(recordedRollbackData(kex));
      recordRollbackData(kex, data);
    }
    return new Call(outcome, started, ended, marked);
  }

  /**
   * Before the first attempt of an action that declares rollback support: the target, read fresh
   * (a built-in kind), and what a rollback would need from it as the action answers
   * ({@link ActionRunner#prepareRollback}), put into status to be written with the start mark. The
   * request that follows carries the same read, so the action reads the target no second time and
   * writes onto that version. Without an answer (the plugin failed, or prepares nothing) the rollback
   * data is what the action returns, as before SPI 1.3.
   */
  private ActionRequest prepareRollback(KubernetesExecution kex, ActionRequest request) {
    KubernetesExecutionStatus s = kex.getStatus();
    boolean recorded = !recordedRollbackData(kex).isEmpty();
    if (recorded || !catalog.find(request.action()).map(ActionInfo::supportsRollback).orElse(false)) {
      return request;
    }
    ActionRequest observed = request; // a kind TargetReader does not know: the action reads it itself
    try {
      observed = TargetReader.read(client, request.target()).map(request::withObservedTarget).orElse(request);
    } catch (KubernetesClientException e) {
      LOG.info("KubernetesExecution {} could not read {} before its call (HTTP {}); the action reads it itself",
          kex.getMetadata().getName(), request.target().display(), e.getCode());
    }
    ActionOutcome prepared = runner.prepareRollback(observed);
    if (prepared.status() != ActionStatus.SUCCEEDED) {
      LOG.warn("KubernetesExecution {} starts without rollback data recorded beforehand: {}",
          kex.getMetadata().getName(), prepared.message());
    } else if (!prepared.rollbackData().isEmpty()) {
      recordRollbackData(kex, new LinkedHashMap<>(prepared.rollbackData()));
    }
    return observed;
  }

  /** Puts {@code data} into status as the rollback data of this execution (none when empty), sealed as its controller's. */
  private void recordRollbackData(KubernetesExecution kex, Map<String, String> data) {
    kex.getStatus().setRollbackData(data.isEmpty() ? null : data);
    kex.getStatus().setRollbackDataSeal(sealer.sealField(kex, ROLLBACK_DATA, data));
  }

  /**
   * The rollback data this execution's status holds as its controller recorded it: none when there is none, or
   * when its seal does not verify (written by someone else: never kept, never sealed again).
   */
  private Map<String, String> recordedRollbackData(KubernetesExecution kex) {
    Map<String, String> data = kex.getStatus() == null ? null : kex.getStatus().getRollbackData();
    if (data == null || data.isEmpty()) {
      return Map.of();
    }
    Optional<String> broken = brokenRollbackData(kex, false);
    if (broken.isPresent()) {
      LOG.warn("KubernetesExecution {}: the rollback data in its status is ignored: {}", kex.getMetadata().getName(),
          broken.get());
      return Map.of();
    }
    return data;
  }

  /**
   * Why {@code kex}'s rollback data is not what its controller sealed; empty when it is. No data and no seal pass as
   * nothing recorded yet, unless {@code ended}: a run's controller seals its data when the action returns, none
   * included, so an ended run without a seal is one whose data was removed (or one run before seals).
   */
  private Optional<String> brokenRollbackData(KubernetesExecution kex, boolean ended) {
    var status = kex.getStatus();
    Map<String, String> data = status == null || status.getRollbackData() == null ? Map.of() : status.getRollbackData();
    String seal = status == null ? null : status.getRollbackDataSeal();
    return data.isEmpty() && seal == null && !ended ? Optional.empty()
        : sealer.brokenField(kex, ROLLBACK_DATA, data, seal);
  }

  /**
   * The decision in status (a transition when the phase changes, else the message) and its audit
   * record, which is recorded only once the status holding the attempt is written ({@link #write}):
   * a reconcile cut off before that write (a crash, a lost connection, a conflict) leaves no record
   * of an attempt that status does not show, and the next reconcile verifies and records it once. A
   * crash between the write and the record is covered by the AuditReprojector, which re-derives
   * the record from status.
   */
  private void report(KubernetesExecution kex, ExecutionDecision d, Instant now, Call last,
      Context<KubernetesExecution> context, List<AuditEvent> audits) {
    KubernetesExecutionStatus s = kex.getStatus();
    if (s.getStartTime() == null) {
      s.setStartTime(now.toString());
      s.setExecutionId(KubernetesExecutionRequests.executionId(kex));
    }
    if (d.phase() != null && d.phase() != s.getPhase()) {
      StatusPatches.transition(kex, s, d.phase(), s::setPhase, d.reason(), d.message(), now);
    } else {
      s.setMessage(d.message());
      if (d.phase() != null && !StatusPatches.hasCondition(s.getConditions(), "Ready", d.reason().name(), d.message())) {
        // The same phase for another reason (a rollback waiting for room, then running): the condition says which.
        s.setConditions(StatusPatches.withCondition(s.getConditions(), "Ready", d.phase().isSuccessful(),
            d.reason().name(), d.message(), kex.getMetadata().getGeneration(), now));
      }
    }
    if (d.audit() != null) {
      boolean afterCall = last != null && !d.audit().outcome().endsWith("verified-after-restart");
      Instant started = afterCall ? last.started()
          : s.getActionStartedAt() == null ? now : Rfc3339Times.parse(s.getActionStartedAt());
      Map<String, String> details = afterCall ? last.outcome().details() : Map.of();
      Instant ended = afterCall ? last.ended() : now;
      AuditEvent event = audit.attempt(kex, parent(context), d.audit().attempt(), d.audit().outcome(), d.audit().message(),
          started, ended, rollbackData(kex), details);
      String key = event == null ? null : event.idempotencyKey();
      if (event != null) {
        audits.add(event);
      }
      KubernetesExecutionAudit.remember(s, d.audit().attempt(), d.audit().outcome(), d.audit().message(), started,
          ended);
      if (!details.isEmpty()) {
        s.setDetails(KubernetesExecutionAudit.reference(key, details));
      }
    }
    if (d.ends()) {
      LOG.info("KubernetesExecution {} is {}: {}", kex.getMetadata().getName(), d.phase(), d.message());
    }
    if (d.ends() && REFUSALS.contains(d.reason())) {
      events.emit(kex, true, d.reason().name(), d.message(), now);
      // Recorded with the status write that ends it, as an attempt is: one event per refused execution.
      AuditEvent refused = audit.refusal(kex, parent(context), d.reason().name(), d.message(), now);
      if (refused != null) {
        audits.add(refused);
      }
    }
  }

  /**
   * The disruption budget's verdict on this execution now, counted without itself: checked for an
   * execution that changes something (not a dry run; a rollback only when it takes node capacity
   * away again, as its action declares) of an admitted workflow, so the budget is re-checked before
   * every attempt and retry. Null when not checked.
   */
  private SafetyVerdict budget(KubernetesExecution kex, ExecutionOwner owner) {
    var spec = kex.getSpec();
    ExecutionPhase phase = kex.getStatus() == null ? null : kex.getStatus().getPhase();
    if (Boolean.TRUE.equals(spec.getDryRun()) || !owner.admitted() || phase == ExecutionPhase.Verifying) {
      return null; // a verification in flight never makes an attempt, so it needs no count
    }
    if (spec.rollback() && !catalog.impactOf(spec.getAction(), spec.getTarget().getKind())
        .has(ActionEffect.ROLLBACK_DISRUPTS_NODE)) {
      return null; // undoing a change gives capacity back
    }
    PipelinePolicy policy = policies.current();
    String namespace = kex.getMetadata().getNamespace();
    // The execution as the envelope sees every other one: one reading of its labels, spec and declared impact.
    ExecutionRecord self = DisruptionLedger.record(kex, false, catalog);
    // Checked as what its attempt would take: a rollback that disrupts a node again, whether or not it made one yet.
    ActionImpact impact = spec.rollback() ? self.impact().ofRollback() : self.impact();
    // The limits of the environment its workflow was admitted under, not of the execution's label: a label may be
    // changed by anyone who may patch the execution, and for a node it can differ from the workflow's classification.
    String environment = owner.environment();
    Function<DisruptionLedger.Counted, SafetyVerdict> check = counted -> safety.checkBudget(new SafetyRequest(
        self.remediation(), self.fingerprint(), environment, self.action(), impact, self.target(), self.parameters(),
        null, counted.executions(), counted.nodes(), policy.safety(), policy.killSwitch(), clock.instant()));
    // A rollback is counted without the steps of its workflow not created yet: they will not run now.
    String ownWorkflow = spec.rollback() ? spec.getWorkflow() : null;
    if (!spec.rollback() || DisruptionLedger.attempted(kex)) {
      // A step's node was reserved when its workflow was admitted; a rollback that made an attempt counts by its mark.
      return check.apply(ledger.count(namespace, kex.getMetadata().getName(), ownWorkflow));
    }
    // A rollback before its first attempt: checked and held in one ledger write, so that two checked at once cannot
    // both pass on counts that show neither (its start mark, which would count it, is written only after the check).
    AtomicReference<SafetyVerdict> allowed = new AtomicReference<>();
    try {
      return ledger.admitRollback(namespace, DisruptionLedger.Reservation.ofRollback(self, ownWorkflow,
          clock.instant()), counted -> {
            SafetyVerdict verdict = check.apply(counted);
            allowed.set(verdict);
            return verdict.allowed() ? Optional.empty() : Optional.of(verdict);
          }).orElseGet(allowed::get);
    } catch (RetryableException busy) {
      // Not decided: the rollback waits, as for a denial, until its deadline.
      Instant now = clock.instant();
      return SafetyVerdict.deny(ConditionReason.DisruptionBudget, "The disruption budget could not be checked: "
          + busy.getMessage(), now.plus(LEDGER_RECHECK));
    }
  }

  /**
   * The labels of the target's namespace (none when it is gone), from the safety informers' cache:
   * the managed scope is safety state, as fresh as the watch, like the kill switch; null for a
   * cluster-scoped target.
   */
  private Map<String, String> namespaceLabels(KubernetesExecution kex) {
    String namespace = kex.getSpec().getTarget().getNamespace();
    return namespace == null || namespace.isEmpty() ? null : cluster.namespaceLabels(namespace);
  }

  /**
   * The WorkflowExecution that should own {@code kex}: its controller owner reference, the object
   * with that uid, whether it plans this step (a rollback: whether it undoes that workflow's
   * completed run of the step), and whether it passed validation (entered Executing). Read from the
   * cache first; each of these only ever turns true, so a cached yes is a yes, and anything less is
   * read again from the API server (the cache may not have seen the admission yet).
   */
  private ExecutionOwner owner(KubernetesExecution kex) {
    OwnerReference ref = Children.controllerReference(kex, WorkflowExecution.class.getSimpleName()).orElse(null);
    if (ref == null) {
      return ExecutionOwner.none();
    }
    String namespace = kex.getMetadata().getNamespace();
    ExecutionOwner cached = owner(kex, ref, cluster.workflow(namespace, ref.getName()), true);
    if (cached.exists() && cached.plansThisExecution() && cached.admitted() && cached.running() || !cluster.cached()) {
      return cached;
    }
    return owner(kex, ref, client.resources(WorkflowExecution.class).inNamespace(namespace).withName(ref.getName()).get(),
        false);
  }

  private ExecutionOwner owner(KubernetesExecution kex, OwnerReference ref, WorkflowExecution wfe, boolean fromCache) {
    if (wfe == null || ref.getUid() == null || !ref.getUid().equals(wfe.getMetadata().getUid())) {
      return new ExecutionOwner(ref.getName(), false, false, false);
    }
    var spec = kex.getSpec();
    KubernetesExecution undone = !spec.rollback() || spec.getRollbackOf() == null ? null : fromCache
        ? cluster.execution(kex.getMetadata().getNamespace(), spec.getRollbackOf())
        : client.resources(KubernetesExecution.class).inNamespace(kex.getMetadata().getNamespace())
            .withName(spec.getRollbackOf()).get();
    // The workflow named it in its status before it created it (a step it started, a rollback it decided), and a
    // name once written stays: one made by anyone else for a step not started, or a rollback never decided, is not
    // its plan, whatever phase its own status claims.
    boolean planned = WorkflowExecutionSteps.plans(wfe, kex, undone) && WorkflowExecutionSteps.names(wfe, kex)
        && (!spec.rollback() || undoes(ref, spec, undone) && restoresSealedData(kex, undone));
    boolean started = kex.getStatus() != null && kex.getStatus().getPhase() != null;
    if (planned && !started) {
      // The attempts and the timeout were the policy's when the workflow built it; more than the policy allows is
      // not its plan.
      PipelinePolicy policy = policies.current();
      planned = (spec.getMaxAttempts() == null
          || spec.getMaxAttempts() <= policy.safety().limitsFor(wfe.getSpec().getEnvironment()).maxAttempts())
          && KubernetesExecutionRequests.timeout(kex).compareTo(WorkflowExecutionSteps.stepTimeout(wfe, policy)) <= 0;
    }
    var history = wfe.getStatus() == null || wfe.getStatus().getPhaseHistory() == null ? List.<PhaseTransition>of()
        : wfe.getStatus().getPhaseHistory();
    boolean admitted = history.stream().anyMatch(t -> Phase.parse(WorkflowPhase.class, t.getPhase()) == WorkflowPhase.Executing);
    // An execution makes an attempt only while its workflow has not ended (steps run in Executing, rollbacks in
    // Executing and, after a failed verification, in Monitoring): one under way whose workflow was cancelled,
    // timed out or stopped makes no retry. An attempt already made is still verified (that needs no owner).
    WorkflowPhase workflowPhase = StatusPatches.phaseOf(WorkflowPhase.class, wfe.getStatus(),
        wfe.getStatus() == null ? null : wfe.getStatus().getPhase());
    boolean running = workflowPhase != null && !workflowPhase.isTerminal();
    return new ExecutionOwner(wfe.getMetadata().getName(), true, planned, admitted, running,
        wfe.getSpec().getEnvironment());
  }

  /**
   * Whether what the rollback restores is what the undone run's controller recorded and sealed: rollback data
   * written into that status by anyone else (a replica count, a previous spec) is never restored.
   */
  private boolean restoresSealedData(KubernetesExecution rollback, KubernetesExecution undone) {
    Optional<String> broken = brokenRollbackData(undone, true);
    broken.ifPresent(why -> LOG.warn("KubernetesExecution {} does not restore the rollback data of {}: {}",
        rollback.getMetadata().getName(), undone.getMetadata().getName(), why));
    return broken.isEmpty();
  }

  /** Whether {@code undone} is the same workflow's completed run of the rollback's step. */
  private static boolean undoes(OwnerReference ref, io.kubernaut.k8s.crd.KubernetesExecutionSpec spec,
      KubernetesExecution undone) {
    return undone != null && !undone.getSpec().rollback() && spec.getStep().equals(undone.getSpec().getStep())
        && undone.getMetadata().getOwnerReferences() != null && undone.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> ref.getUid().equals(o.getUid()))
        && StatusPatches.phaseOf(ExecutionPhase.class, undone.getStatus(),
            undone.getStatus() == null ? null : undone.getStatus().getPhase()) == ExecutionPhase.Completed;
  }

  /** Writes status when it changed; records the attempts it holds either way (a replayed attempt is stored once). */
  private void writeIfChanged(KubernetesExecution kex, String before, List<AuditEvent> audits) {
    if (!before.equals(Serialization.asJson(kex.getStatus()))) {
      write(kex, audits);
    }
    audit.record(audits);
  }

  /**
   * Writes status with optimistic locking (the resourceVersion read), so a concurrent writer makes
   * this reconcile stop instead of acting on stale state; keeps what was written for the next
   * reconcile, then records the attempts this status holds in the audit trail.
   */
  private void write(KubernetesExecution kex, List<AuditEvent> audits) {
    String onto = kex.getMetadata().getResourceVersion();
    KubernetesExecution written = client.resource(kex).updateStatus();
    kex.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
    recentWrites.remember(written, onto);
    audit.record(audits);
  }

  /**
   * Writes the start mark. A 409 here may be the client's resend of this very write after its
   * answer was lost (fabric8 sends a request again after a 5xx or a reset connection): when the fresh
   * status holds this mark, the write landed and the call goes ahead, instead of the next reconcile
   * finding a mark it did not see written, verifying and spending an attempt on a call never made
   * (with one attempt allowed, failing the step without running it). Any other conflict stops this
   * reconcile as before.
   */
  private void writeMark(KubernetesExecution kex, List<AuditEvent> audits) {
    try {
      write(kex, audits);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      KubernetesExecution fresh = client.resources(KubernetesExecution.class).inNamespace(kex.getMetadata().getNamespace())
          .withName(kex.getMetadata().getName()).get();
      KubernetesExecutionStatus mark = kex.getStatus();
      if (fresh == null || fresh.getStatus() == null
          || !java.util.Objects.equals(fresh.getStatus().getActionStartedAt(), mark.getActionStartedAt())
          || !java.util.Objects.equals(fresh.getStatus().getAttempts(), mark.getAttempts())) {
        throw e;
      }
      LOG.info("KubernetesExecution {}: its start mark is on the API server although the answer to writing it was lost",
          kex.getMetadata().getName());
      String onto = kex.getMetadata().getResourceVersion();
      kex.getMetadata().setResourceVersion(fresh.getMetadata().getResourceVersion());
      recentWrites.remember(fresh, onto);
      audit.record(audits);
    }
  }

  private static ActionRequest request(KubernetesExecution kex, int attempt) {
    Instant started = kex.getStatus().getStartTime() == null ? Instant.EPOCH : Rfc3339Times.parse(kex.getStatus().getStartTime());
    return KubernetesExecutionRequests.request(kex, attempt, KubernetesExecutionRequests.deadline(kex, started));
  }

  private static int attempts(KubernetesExecution kex) {
    Integer a = kex.getStatus() == null ? null : kex.getStatus().getAttempts();
    return a == null ? 0 : a;
  }

  /** What undoes this execution (execute mode), or what this rollback restores (rollback mode). */
  static Map<String, String> rollbackData(KubernetesExecution kex) {
    Map<String, String> data = kex.getSpec().rollback() ? kex.getSpec().getRollbackData()
        : kex.getStatus() == null ? null : kex.getStatus().getRollbackData();
    return data == null ? Map.of() : data;
  }
}
