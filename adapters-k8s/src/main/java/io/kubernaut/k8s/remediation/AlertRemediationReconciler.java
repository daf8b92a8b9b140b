package io.kubernaut.k8s.remediation;

import io.kubernaut.ports.pipeline.DurationFormatter;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.k8s.status.RecentWrites;
import io.kubernaut.k8s.status.KubernetesEvents;
import io.kubernaut.k8s.status.StatusPatches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.runtime.ConflictRetry;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.runtime.ReconcileTrigger;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.safety.DisruptionLedger;
import io.kubernaut.k8s.safety.SafetyInformers;
import io.kubernaut.ports.in.DecideRemediation;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationDetails;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.ports.signal.Rfc3339Times;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.remediation.RemediationDecision;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The central controller: walks one AlertRemediation through AlertProcessing, AIAnalysis and
 * WorkflowExecution. It watches all its children through their controllers' informers (relays),
 * mapped back by controller owner reference, so every step is event-driven; deadlines come back as
 * scheduled reconciles.
 */
@ControllerConfiguration(name = "alertremediation", finalizerName = KubernautLabels.REMEDIATION_FINALIZER)
public final class AlertRemediationReconciler implements Reconciler<AlertRemediation>, Cleaner<AlertRemediation>,
    ReconcileTrigger<AlertRemediation> {

  private static final Logger LOG = LoggerFactory.getLogger(AlertRemediationReconciler.class);

  /** At most this many remediations' admissions are kept (a remediation working holds one). */
  static final long ADMITTED_KEPT = 100_000;

  private final DecideRemediation conductor;
  private final DisruptionLedger ledger;
  private final KubernetesClient client;
  private final PolicySource policies;
  private final RemediationAudit audit;
  private final Notifier notifier;
  private final PipelineMetrics metrics;
  private final KubernetesEvents events;
  private final Clock clock;
  private final RecentWrites<AlertRemediation> recentWrites = new RecentWrites<>();
  private final PrimaryRelays relays;
  private final PlaceKeeper places;

  /**
   * The remediations (by uid) whose workflow this process has seen admitted (in Executing or later) while
   * they had not ended: from any event of the workflow's informer, its first list and its deletion
   * included, so one deleted while it ran is known for deleted even when the deletion's event has not come
   * yet. Dropped as the remediation ends or is deleted; kept a day at most.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, Boolean> admitted =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().expireAfterWrite(java.time.Duration.ofDays(1))
          .maximumSize(ADMITTED_KEPT).executor(Runnable::run).build();

  /**
   * The remediations (by uid) whose workflow this process named in status and has not created yet (its create has
   * not succeeded): one it finds gone is created again when the audit trail cannot say whether it ran (an outage),
   * as its own create is what failed. A workflow that was created, or named before this process started, waits
   * for the trail's answer then (RemediationObserver.workflowLoss). Dropped as the create succeeds, or the
   * remediation ends or is deleted; kept a day at most.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, Boolean> named =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().expireAfterWrite(java.time.Duration.ofDays(1))
          .maximumSize(ADMITTED_KEPT).executor(Runnable::run).build();

  /**
   * The ended remediations (by uid) whose events this process's trail took since they ended, their audit not
   * confirmed yet: not re-derived on each re-check ({@link #report}). Dropped once the audit is confirmed or
   * the remediation is deleted.
   */
  private final java.util.Set<String> rederived = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Reconciles the remediations when the policy's timeouts or retention change ({@link #policyChanged}). */
  private final io.kubernaut.k8s.runtime.PrimaryWaker<AlertRemediation> policyWaker =
      new io.kubernaut.k8s.runtime.PrimaryWaker<>("remediation-policy");

  /** A controller with no limit on the remediations that work at once. */
  public AlertRemediationReconciler(DecideRemediation conductor, KubernetesClient client, PolicySource policies,
      AuditTrail auditTrail, Notifier notifier, PipelineMetrics metrics, PrimaryRelays relays, DisruptionLedger ledger,
      Clock clock) {
    this(conductor, client, policies, auditTrail, notifier, metrics, relays, ledger, clock, 0);
  }

  /**
   * A controller that lets at most {@code places} remediations of its shard work at once (0: no limit);
   * the rest wait in Pending, oldest first ({@link PlaceKeeper}).
   */
  public AlertRemediationReconciler(DecideRemediation conductor, KubernetesClient client, PolicySource policies,
      AuditTrail auditTrail, Notifier notifier, PipelineMetrics metrics, PrimaryRelays relays, DisruptionLedger ledger,
      Clock clock, int places) {
    this.conductor = conductor;
    this.ledger = ledger;
    this.client = client;
    this.policies = policies;
    this.audit = new RemediationAudit(auditTrail);
    this.notifier = notifier;
    this.metrics = metrics;
    this.events = relays.events();
    this.clock = clock;
    this.relays = relays;
    this.places = new PlaceKeeper(places, () -> relays.remediations().cachedAll(), ar -> relays.workflows()
        .cached(new ResourceID(ChildKind.WORKFLOW.childName(ar.getMetadata().getName()), ar.getMetadata().getNamespace()))
        .map(wfe -> RemediationChildren.phaseOf(ChildKind.WORKFLOW, wfe)).orElse(null),
        id -> relays.remediations().get(id).isPresent());
    if (places > 0) {
      metrics.countPlacesWith(this.places::inUse, places);
    }
    relays.workflows().whenSeen(this::noteAdmitted);
    policies.whenChanged(this::policyChanged);
  }

  /**
   * Reconciles every remediation of the shard again when the timeouts or the retention changed: each one's next
   * reconcile was scheduled at the deadline the policy before gave, so a shortened timeout or retention would
   * otherwise apply only at the old deadline (a longer one is found at that reconcile and scheduled anew).
   */
  private void policyChanged(io.kubernaut.ports.pipeline.PipelinePolicy before,
      io.kubernaut.ports.pipeline.PipelinePolicy after) {
    boolean timeouts = !before.timeouts().equals(after.timeouts());
    boolean retention = !before.retention().equals(after.retention());
    if (!timeouts && !retention) {
      return;
    }
    // The timeouts rule the remediations under way, the retention the ended ones: only those are woken.
    List<AlertRemediation> woken = relays.remediations().cachedAll().stream()
        .filter(ar -> terminal(ar) ? retention : timeouts).toList();
    LOG.info("The {} changed: {} remediations are judged again on the new policy",
        timeouts && retention ? "timeouts and the retention" : timeouts ? "timeouts" : "retention", woken.size());
    woken.forEach(ar -> policyWaker.wake(ResourceID.fromResource(ar)));
  }

  /** Notes a workflow seen admitted, under the remediation that controls it, while that one is cached and has not ended. */
  private void noteAdmitted(io.kubernaut.k8s.crd.WorkflowExecution wfe) {
    if (!RemediationObserver.ran(RemediationChildren.phaseOf(ChildKind.WORKFLOW, wfe))) {
      return;
    }
    Children.controllerReference(wfe, AlertRemediation.class.getSimpleName())
        .filter(owner -> owner.getUid() != null && working(owner, wfe.getMetadata().getNamespace()))
        .ifPresent(owner -> admitted.put(owner.getUid(), Boolean.TRUE));
  }

  /**
   * Whether the remediation {@code owner} names has not ended, as the cache has it. Until the cache has
   * listed (an operator starting while workflows run), one it does not hold yet counts as working: its
   * workflow's first event may come before it, and a deletion then must not be taken for a crash before
   * the create. Such a note of a remediation that had ended is forgotten at its first reconcile.
   */
  private boolean working(OwnerReference owner, String namespace) {
    Optional<AlertRemediation> cached = relays.remediations().cached(new ResourceID(owner.getName(), namespace));
    if (cached.isEmpty()) {
      return !relays.remediations().listed();
    }
    return owner.getUid().equals(cached.get().getMetadata().getUid()) && !terminal(cached.get());
  }

  private void forgetAdmission(AlertRemediation ar) {
    if (ar.getMetadata().getUid() != null) {
      admitted.invalidate(ar.getMetadata().getUid());
      named.invalidate(ar.getMetadata().getUid());
    }
  }

  /** Whether this process named {@code ar}'s workflow in status as it created it. */
  private boolean named(AlertRemediation ar) {
    return ar.getMetadata().getUid() != null && named.getIfPresent(ar.getMetadata().getUid()) != null;
  }

  /** Whether this process saw {@code ar}'s workflow admitted. */
  private boolean admitted(AlertRemediation ar) {
    return ar.getMetadata().getUid() != null && admitted.getIfPresent(ar.getMetadata().getUid()) != null;
  }

  @Override
  public List<EventSource<?, AlertRemediation>> prepareEventSources(EventSourceContext<AlertRemediation> context) {
    return List.of(childSource(relays.processings(), ChildKind.PROCESSING),
        childSource(relays.analyses(), ChildKind.ANALYSIS),
        childSource(relays.workflows(), ChildKind.WORKFLOW),
        relays.remediations().publisher(context),
        places.turns(),
        policyWaker);
  }

  /**
   * One child kind, from its controller's informer (same shard). A remediation has at most one
   * child of each kind, named {@code <remediation>-<suffix>} (ChildFactory), so its child is found
   * by that name: no index from every remediation to its children (a map entry and a set per
   * remediation and kind, about 6 MB with 10,000 remediations). Found by name, a child counts only
   * if the remediation controls it ({@link RemediationChildren#of}); a child's event reconciles the
   * remediation that controls it.
   */
  private static <C extends HasMetadata> EventSource<C, AlertRemediation> childSource(PrimaryRelay<C> relay,
      ChildKind child) {
    return relay.subscriber("remediation-" + child.name().toLowerCase(java.util.Locale.ROOT),
        ar -> Set.of(new ResourceID(child.childName(ar.getMetadata().getName()), ar.getMetadata().getNamespace())),
        c -> Children.controller(c, AlertRemediation.class.getSimpleName()),
        AlertRemediationReconciler::reported,
        (updated, previous) -> decidesOn(child, updated, previous));
  }

  /**
   * Every update but two that change nothing it decides on: the echo of its own status write, when
   * the reconcile that wrote it found that the written status takes no further step ({@link
   * #settle}; the echo of an ending is always reconciled, since the next step, retention, follows
   * from it alone), and a write of only the gateway's duplicate counts.
   */
  @Override
  public boolean triggers(AlertRemediation updated, AlertRemediation previous) {
    if (recentWrites.isEcho(updated, previous) && !terminal(updated) && !RemediationUpdates.gatewayChanged(updated, previous)) {
      return false;
    }
    return !RemediationUpdates.onlyDuplicateCounts(updated, previous);
  }

  private static boolean terminal(AlertRemediation ar) {
    return ar.getStatus() != null && ar.getStatus().getPhase() != null && ar.getStatus().getPhase().isTerminal();
  }

  /**
   * Whether a child's addition needs a reconcile of its remediation: one without status is the one
   * this controller has just created, and the reconcile that created it already acted on it; one
   * seen first with a status (an informer that listed again after a gap) is reconciled.
   */
  static boolean reported(HasMetadata child) {
    return child instanceof io.fabric8.kubernetes.client.CustomResource<?, ?> resource && resource.getStatus() != null;
  }

  /**
   * Whether a child's update can change its remediation's decision: it has ended (its outcome,
   * message and safety block are read then), it moved to a phase the remediation acts on, or its
   * owner or deletion changed. A running child's progress within one phase (a workflow's steps, its
   * monitoring's measurements) decides nothing, and neither does a workflow's move from one working
   * phase to the next (Planning, Validating, Executing): the remediation waits for it in Executing
   * either way, and its status does not show the child's phase until its next change
   * ({@link RemediationStatusWriter#changed}). Monitoring does: the remediation's place in the
   * pipeline goes to the next in line then ({@link PlaceKeeper}). A phase gone (status cleared) is
   * read too.
   */
  static boolean decidesOn(ChildKind kind, HasMetadata updated, HasMetadata previous) {
    io.kubernaut.ports.pipeline.Phase now = RemediationChildren.phaseOf(kind, updated);
    boolean moved = !Objects.equals(now, RemediationChildren.phaseOf(kind, previous));
    boolean actedOn = now == null || now.isTerminal() || kind != ChildKind.WORKFLOW || now == WorkflowPhase.Monitoring;
    return moved && actedOn || now != null && now.isTerminal()
        || !Objects.equals(updated.getMetadata().getOwnerReferences(), previous.getMetadata().getOwnerReferences())
        || !Objects.equals(updated.getMetadata().getDeletionTimestamp(), previous.getMetadata().getDeletionTimestamp());
  }

  @Override
  public UpdateControl<AlertRemediation> reconcile(AlertRemediation observed, Context<AlertRemediation> context) {
    AlertRemediation ar = recentWrites.freshest(observed);
    MDC.put("remediation", ar.getMetadata().getName());
    MDC.put("fingerprint", ar.getSpec().getFingerprint().substring(0, 10));
    try {
      RemediationChildren children = RemediationChildren.of(ar, context);
      RemediationSnapshot snapshot = RemediationObserver.observe(ar, children, audit, policies.current(), clock.instant(),
          client, relays.sealer(), this::admitted, this::named)
          .withPlace(places.place(ar));
      RemediationDecision decision = conductor.decide(snapshot);
      if (decision.delete()) {
        deleteWithChildren(ar, children);
        recentWrites.forget(ar);
        places.forget(ar);
        forgetAdmission(ar);
        return UpdateControl.noUpdate();
      }
      HasMetadata child = decision.createChild() == null ? null
          : ChildFactory.build(decision.createChild(), ar, children.processing(), children.analysis());
      // A workflow acts on what its remediation recorded as it created it: the results it judged (their seals) and
      // its approval. So that status is written first, naming the workflow (Pending), and the workflow created
      // after it: its first reconcile finds them, rather than waiting for them and writing its status twice. A
      // crash in between creates it again (RemediationObserver.workflowLoss: the trail holds no admission).
      boolean recordFirst = decision.createChild() == ChildKind.WORKFLOW;
      RemediationChildren found = children;
      if (child != null && !recordFirst) {
        Optional<RemediationDecision> refused = create(ar, child, snapshot, decision);
        if (refused.isPresent()) {
          decision = refused.get(); // reported with what was observed (the priority judged)
          child = null;
        }
      }
      if (child != null) {
        children = children.with(child);
      }
      stop(ar, children, decision, snapshot.now());
      if (decision.phase().isTerminal()) {
        forgetAdmission(ar);
      }
      places.settle(ar, decision.phase(), children.get(ChildKind.WORKFLOW)
          .map(wfe -> RemediationChildren.phaseOf(ChildKind.WORKFLOW, wfe)).orElse(null));
      if (decision.reason() == ConditionReason.StaleApprovalIgnored) {
        ar = discardStaleApproval(ar);
      }
      if (child != null && recordFirst && ar.getMetadata().getUid() != null) {
        named.put(ar.getMetadata().getUid(), Boolean.TRUE);
      }
      UpdateControl<AlertRemediation> control = report(ar, children, snapshot, decision);
      if (child != null && recordFirst) {
        Optional<RemediationDecision> refused = create(recentWrites.freshest(ar), child, snapshot, decision);
        if (refused.isPresent()) {
          // Its status already says Executing: the refusal ends it from there, in a second write.
          places.settle(ar, refused.get().phase(), null);
          control = report(recentWrites.freshest(ar), found, snapshot, refused.get());
        } else {
          createdAfterFailing(recentWrites.freshest(ar));
        }
      }
      return control;
    } finally {
      MDC.remove("remediation");
      MDC.remove("fingerprint");
    }
  }

  /**
   * Ensures {@code child}, which {@code decision} built, exists (it may have been created before); the decision on
   * its refusal, when the API server refused it for good and the child does not exist: a 400 or a 422 (the schema, an
   * admission policy's or webhook's denial), which trying again does not change. Anything else is thrown and the
   * reconcile retried: a 403 too, which a quota at its limit answers for a while (and for a child that exists, before
   * the 409) and RBAC while a release is being upgraded. Meanwhile {@code ar} says why ({@link #tellFailedCreate}).
   */
  private Optional<RemediationDecision> create(AlertRemediation ar, HasMetadata child, RemediationSnapshot snapshot,
      RemediationDecision decision) {
    try {
      Children.createIfAbsent(client, child).ifPresent(created -> {
        relays.created(created);
        LOG.info("Created {} {}", child.getKind(), child.getMetadata().getName());
      });
      if (ar.getMetadata().getUid() != null) {
        named.invalidate(ar.getMetadata().getUid()); // it exists: gone later, it is one to ask the trail about
      }
      return Optional.empty();
    } catch (KubernetesClientException e) {
      Optional<Boolean> there = exists(child, e);
      if (there.orElse(false)) {
        // Admission, or a quota at its limit, answers before the API server finds the child exists: it was created
        // before (the informer's cache had not seen it yet).
        return Optional.empty();
      }
      if (!refusedForGood(e.getCode())) {
        tellFailedCreate(ar, child, e, snapshot.now());
        throw e;
      }
      if (there.isEmpty()) {
        throw e; // whether it exists is not known: not a refusal yet, the reconcile is retried
      }
      String said = said(e);
      LOG.warn("The API server refused to create {} {} (HTTP {}): {}", child.getKind(), child.getMetadata().getName(),
          e.getCode(), said);
      // Decided again with the child refused in the phase just entered: it ends as for any failed child.
      return Optional.of(conductor.decide(snapshot.withRefusedChild(decision.phase(), decision.createChild(),
          "the API server refused to create it (HTTP " + e.getCode() + ": " + said
              + "), so it was never created and nothing ran.")));
    }
  }

  /** Whether {@code child}, whose create {@code failure} answered, exists after all; empty when that cannot be read. */
  private Optional<Boolean> exists(HasMetadata child, KubernetesClientException failure) {
    try {
      return Optional.of(client.resource(child).get() != null);
    } catch (KubernetesClientException e) {
      failure.addSuppressed(e);
      return Optional.empty();
    }
  }

  /** What the API server said, at most {@link #REFUSAL_CHARS} of it. */
  private static String said(KubernetesClientException e) {
    String said = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : e.getMessage();
    said = said == null ? "no reason given" : said.strip();
    return said.length() > REFUSAL_CHARS ? said.substring(0, REFUSAL_CHARS) + "…" : said;
  }

  /**
   * Says on {@code ar} why its child is not there yet while the create is retried: a Warning event
   * ({@code FailedCreate}, once per kind and answer) and the {@code CreateFailure} condition, written onto
   * the version read when its sentence changes (a newer version is left alone: the retry tells it again).
   * The next status write, after the create succeeded, removes the condition.
   */
  private void tellFailedCreate(AlertRemediation ar, HasMetadata child, KubernetesClientException e, Instant now) {
    String answer = e.getCode() > 0 ? "HTTP " + e.getCode() + ": " + said(e) : "no answer from the API server: " + said(e);
    String sentence = child.getKind() + " " + child.getMetadata().getName() + " could not be created (" + answer
        + "); the controller tries again, backing off to once every " + OperatorRuntime.RETRY_AT_MOST.toSeconds() + " s.";
    List<io.fabric8.kubernetes.api.model.Condition> conditions = ar.getStatus() == null ? null
        : ar.getStatus().getConditions();
    boolean told = conditions != null && conditions.stream().anyMatch(c ->
        RemediationStatusWriter.CREATE_FAILURE.equals(c.getType()) && sentence.equals(c.getMessage()));
    if (told) {
      return;
    }
    events.emitOnce(ar, "failed-create-" + child.getKind() + "-" + e.getCode(), true,
        ConditionReason.FailedCreate.name(), sentence, now);
    try {
      StatusPatches.setStatusFieldsOnVersion(client, ar, ar.getStatus() != null, Map.of("conditions",
          StatusPatches.withCondition(conditions, RemediationStatusWriter.CREATE_FAILURE, true,
              ConditionReason.FailedCreate.name(), sentence, ar.getMetadata().getGeneration(), now)));
    } catch (KubernetesClientException notWritten) {
      e.addSuppressed(notWritten);
    }
  }

  /**
   * Removes the {@code CreateFailure} condition a failed create of the workflow left, once it is created: the
   * status write before that create keeps it ({@link RemediationStatusWriter#desired}). Onto the version read; a
   * newer one is left alone, and the next status write removes it.
   */
  private void createdAfterFailing(AlertRemediation ar) {
    List<io.fabric8.kubernetes.api.model.Condition> conditions = ar.getStatus() == null ? null
        : ar.getStatus().getConditions();
    if (conditions == null || conditions.stream().noneMatch(c -> RemediationStatusWriter.CREATE_FAILURE.equals(c.getType()))) {
      return;
    }
    try {
      StatusPatches.setStatusFieldsOnVersion(client, ar, true, Map.of("conditions",
          StatusPatches.withoutCondition(conditions, RemediationStatusWriter.CREATE_FAILURE)));
    } catch (KubernetesClientException e) {
      LOG.debug("AlertRemediation {} changed before its CreateFailure condition was removed: {}",
          ar.getMetadata().getName(), e.getMessage());
    }
  }

  /** The most of an API server's refusal kept in the remediation's message. */
  private static final int REFUSAL_CHARS = 400;

  /** Whether an API server's answer to a create is a refusal that trying again does not change. */
  static boolean refusedForGood(int code) {
    return code == 400 || code == 422;
  }

  /** Ensures every child the decision stops is stopped. */
  private void stop(AlertRemediation ar, RemediationChildren children, RemediationDecision decision, Instant now) {
    for (ChildKind kind : decision.stopChildren()) {
      children.get(kind).ifPresent(child -> ChildStopper.stop(client, child, kind.failed(), decision.stopReason(),
          "Stopped because AlertRemediation " + ar.getMetadata().getName() + " ended as " + decision.phase() + ".", now));
    }
  }

  /**
   * Ensures an approval given before the remediation awaited approval is gone, so that only a
   * decision taken while it waits can be honoured. The JSON patch first tests the resourceVersion
   * read: an annotation changed meanwhile fails it, and the retried reconcile judges the new one.
   */
  private AlertRemediation discardStaleApproval(AlertRemediation ar) {
    List<Map<String, Object>> ops = new java.util.ArrayList<>();
    ops.add(Map.of("op", "test", "path", "/metadata/resourceVersion", "value", ar.getMetadata().getResourceVersion()));
    for (String key : List.of(KubernautLabels.APPROVAL, KubernautLabels.APPROVAL_BY, KubernautLabels.APPROVAL_VIA,
        KubernautLabels.APPROVAL_REASON)) {
      if (ar.getMetadata().getAnnotations() != null && ar.getMetadata().getAnnotations().containsKey(key)) {
        ops.add(Map.of("op", "remove", "path", "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1")));
      }
    }
    AlertRemediation patched = client.resources(AlertRemediation.class).inNamespace(ar.getMetadata().getNamespace())
        .withName(ar.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(ops));
    LOG.warn("AlertRemediation {}: removed an approval annotation set before it awaited approval",
        ar.getMetadata().getName());
    patched.setStatus(ar.getStatus());
    return patched;
  }

  /**
   * Ensures status shows the decision; on a transition, audits it, records an event and escalates
   * once. The status write sets only the controller's fields (so the gateway's counters are never
   * overwritten), and its result is remembered for the next reconcile.
   */
  private UpdateControl<AlertRemediation> report(AlertRemediation ar, RemediationChildren children, RemediationSnapshot snapshot, RemediationDecision decision) {
    AlertRemediationStatus current = ar.getStatus() == null ? new AlertRemediationStatus() : ar.getStatus();
    RemediationPhase previous = current.getPhase();
    // A new remediation is Pending: one that waits there for a place (Queued) has made no transition.
    boolean transition = (previous == null ? RemediationPhase.Pending : previous) != decision.phase();
    boolean auditAccepted = true;
    String uid = identity(ar);
    if (previous != null && previous.isTerminal() && snapshot.auditPersisted()) {
      rederived.remove(uid);
    } else if (previous != null && previous.isTerminal() && !rederived.contains(uid)) {
      // Once taken, its events are written, or a gap makes the trail tell the AuditReprojector, which records
      // them again: no need to put them in the queue on every re-check, which filled it during an outage.
      auditAccepted = audit.rederive(ar, children.all());
      if (auditAccepted) {
        rederived.add(uid);
      }
    }
    if (transition && previous == RemediationPhase.Analyzing) {
      audit.analysis(ar, children.analysis());
    }
    if (transition) {
      auditAccepted = audit.transition(ar, previous == null ? null : previous.name(), decision.phase().name(),
          decision.message(), snapshot.now());
      if (decision.phase() == RemediationPhase.Blocked) {
        auditAccepted &= audit.block(ar, decision.reason().name(), decision.message(), snapshot.now(),
            decision.blockedUntil());
      }
      Instant entered = StatusPatches.enteredAt(ar.getStatus());
      metrics.transition(ar.getKind(), decision.phase().name(), previous == null ? null : previous.name(),
          entered == null ? null : java.time.Duration.between(entered, snapshot.now()));
      int number = (current.getPhaseHistory() == null ? 0 : current.getPhaseHistory().size()) + 1;
      events.emitOnce(ar, "phase-" + number + "-" + decision.phase(), decision.phase() == RemediationPhase.Failed
          || decision.phase() == RemediationPhase.TimedOut || decision.phase() == RemediationPhase.Blocked
          || decision.reason() == ConditionReason.NotRemediated
          || decision.reason() == ConditionReason.StaleApprovalIgnored,
          decision.reason().name(), decision.message(), snapshot.now());
      if (decision.reason() == ConditionReason.Remediated || decision.reason() == ConditionReason.NotRemediated) {
        children.get(ChildKind.WORKFLOW).ifPresent(wfe -> verificationEvent(ar, (WorkflowExecution) wfe, snapshot.now()));
      }
      if (decision.escalation() != null) {
        notifier.notify(notification(ar, decision, snapshot, children));
      }
    }
    if (!transition && snapshot.lostChildren().get(ChildKind.WORKFLOW) == io.kubernaut.ports.pipeline.ChildLoss.UNTOLD
        && !decision.reason().name().equals(RemediationStatusWriter.readyReason(current))) {
      // No transition tells it: a Warning that its workflow is gone and may have run, as the wait begins.
      events.emitOnce(ar, "workflow-untold", true, decision.reason().name(), decision.message(), snapshot.now());
    }
    AlertRemediationStatus desired = RemediationStatusWriter.desired(ar, current, children, snapshot, decision, auditAccepted);
    if (current.getApproval() == null && desired.getApproval() != null) {
      audit.approval(ar, snapshot.approval());
      if (snapshot.approval() != null && snapshot.approval().approved()) {
        // A rejection is told by the transition to Cancelled (ApprovalRejected); an approval moves to Executing.
        events.emitOnce(ar, "approval", false, ConditionReason.Approved.name(), "AlertRemediation "
            + ar.getMetadata().getName() + " was approved by " + snapshot.approval().decidedBy() + " (via "
            + snapshot.approval().channel() + "); its workflow runs.", snapshot.now());
      }
    }
    if (!RemediationStatusWriter.changed(current, desired)) {
      LOG.debug("AlertRemediation {} already shows {}", ar.getMetadata().getName(), decision.phase());
      UpdateControl<AlertRemediation> control = UpdateControl.noUpdate();
      decision.requeue().ifPresent(control::rescheduleAfter);
      return control;
    }
    if (transition) {
      LOG.info("AlertRemediation {} moved from {} to {}: {}", ar.getMetadata().getName(),
          previous == null ? "(new)" : previous, decision.phase(), decision.message());
    }
    if (ar.getStatus() == null) {
      return settle(firstStatusWrite(ar, desired), children, decision, auditAccepted, snapshot.now());
    }
    return settle(new Written(StatusPatches.setStatusFields(client, ar, true, controllerFields(desired)),
        ar.getMetadata().getResourceVersion()), children, decision, auditAccepted, snapshot.now());
  }

  /** A status write's result, and the version it was written onto. */
  private record Written(AlertRemediation remediation, String onto) {}

  /**
   * After a status write: what the conductor decides on the status just written, which is what the
   * write's echo would observe. When that takes no further step (the same phase, nothing to create,
   * stop or write), the echo reconciles nothing ({@link #triggers}) and that decision's wait is the
   * reschedule: after a transition, the new phase's deadline, not the old one's. When it would take
   * another step, or the remediation has ended (its echo is reconciled, for audit confirmation and
   * retention), the echo is reconciled as before and takes it.
   */
  private UpdateControl<AlertRemediation> settle(Written written, RemediationChildren children,
      RemediationDecision decision, boolean auditAccepted, Instant now) {
    UpdateControl<AlertRemediation> control = UpdateControl.noUpdate();
    AlertRemediation ar = written.remediation();
    if (!decision.phase().isTerminal()) {
      RemediationSnapshot next = RemediationObserver.observe(ar, children, audit, policies.current(), now, client,
          relays.sealer(), this::admitted, this::named);
      RemediationDecision again = conductor.decide(next);
      AlertRemediationStatus status = ar.getStatus();
      if (!again.delete() && again.createChild() == null && again.stopChildren().isEmpty()
          && again.phase() == decision.phase() && again.reason() != ConditionReason.StaleApprovalIgnored
          && !RemediationStatusWriter.changed(status,
              RemediationStatusWriter.desired(ar, status, children, next, again, auditAccepted))) {
        recentWrites.remember(ar, written.onto());
        again.requeue().ifPresent(control::rescheduleAfter);
        return control;
      }
    }
    recentWrites.remember(ar);
    decision.requeue().ifPresent(control::rescheduleAfter);
    return control;
  }

  /** How often the first status write reads again after a conflict before the reconcile is retried. */
  private static final int FIRST_WRITE_ATTEMPTS = 5;

  /**
   * The first status write, when this view has no status yet, writes onto the version in hand only:
   * creating {@code /status} replaces it whole, so a duplicate flush the gateway wrote meanwhile must
   * be kept, never replaced. The object from the informer usually is the latest version (nothing
   * but the gateway's flush, and this controller's own CreateFailure condition, write an
   * AlertRemediation before its first status write does), so it carries
   * the write without a read; when anyone wrote since, the API server answers 409 and the fresh
   * object is read and written onto instead.
   */
  private Written firstStatusWrite(AlertRemediation ar, AlertRemediationStatus desired) {
    var resource = client.resources(AlertRemediation.class).inNamespace(ar.getMetadata().getNamespace())
        .withName(ar.getMetadata().getName());
    return ConflictRetry.attempts(FIRST_WRITE_ATTEMPTS, attempt -> {
      AlertRemediation fresh = attempt == 1 ? ar : resource.require();
      return new Written(StatusPatches.setStatusFieldsOnVersion(client, fresh, fresh.getStatus() != null,
          controllerFields(desired)), fresh.getMetadata().getResourceVersion());
    });
  }

  /** The status fields only the gateway writes; the controller's patches never touch them. */
  private static final Set<String> GATEWAY_FIELDS = Set.of("duplicates", "resolvedAt", "storm",
      "recentDuplicates", "firingAlerts", "resolvedAlerts");

  /**
   * The monitoring verdict of the finished workflow as its own event: reason the outcome
   * (Remediated, PartiallyRemediated, NotRemediated; a Warning unless Remediated), message the
   * workflow's assessment.
   */
  private void verificationEvent(AlertRemediation ar, WorkflowExecution wfe, Instant now) {
    if (wfe.getStatus() == null || wfe.getStatus().getOutcome() == null) {
      return;
    }
    String outcome = wfe.getStatus().getOutcome();
    String assessment = wfe.getStatus().getMessage() == null ? "" : " " + wfe.getStatus().getMessage();
    events.emitOnce(ar, "verification", !"Remediated".equals(outcome), outcome, "Monitoring of workflow "
        + wfe.getMetadata().getName() + " ended " + outcome + "." + assessment, now);
  }

  /**
   * The fields the controller owns, as a JSON patch sets them one by one: the gateway's counters
   * are left as the server has them without reading the object first (a GET per status write was
   * a fifth of a remediation's API requests). The first write, when this view has no status yet,
   * still reads the fresh object and writes onto its version ({@link #firstStatusWrite}).
   */
  private static Map<String, Object> controllerFields(AlertRemediationStatus desired) {
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = Serialization.jsonMapper().convertValue(desired, Map.class);
    fields.keySet().removeAll(GATEWAY_FIELDS);
    fields.values().removeIf(Objects::isNull);
    return fields;
  }

  private Notification notification(AlertRemediation ar, RemediationDecision decision, RemediationSnapshot snapshot,
      RemediationChildren children) {
    String name = ar.getMetadata().getName();
    return new Notification(decision.escalation(), name, ar.getSpec().getFingerprint(), snapshot.environment(),
        snapshot.severity(), ar.getSpec().getTarget().getNamespace(), decision.phase().name(),
        decision.escalation() + ": " + ar.getSpec().getAlertName() + " on " + ar.getSpec().getTarget().getName(),
        decision.message() + " kubectl describe ar " + name + " -n " + ar.getMetadata().getNamespace(),
        decision.escalation() + ":" + name + ":" + decision.phase(), details(ar, decision, snapshot, children));
  }

  /**
   * The details the message composer and the notification routes read ({@link NotificationDetails}):
   * the reason (the outcome, else the condition reason), the phase that failed or ran out of time and
   * how long the remediation had run, the alert's name, and its priority as AlertProcessing classified it.
   */
  private Map<String, String> details(AlertRemediation ar, RemediationDecision decision, RemediationSnapshot snapshot,
      RemediationChildren children) {
    Map<String, String> details = new java.util.LinkedHashMap<>();
    // The outcome (Remediated, NotRemediated, ApprovalExpired, ...), unless it only repeats the phase (Failed, TimedOut).
    boolean telling = decision.outcome() != null && !decision.outcome().equals(decision.phase().name());
    details.put(NotificationDetails.REASON, telling ? decision.outcome() : decision.reason().name());
    if (decision.failurePhase() != null) {
      details.put(decision.escalation() == NotificationType.TIMED_OUT ? NotificationDetails.TIMEOUT_PHASE
          : NotificationDetails.FAILURE_PHASE, decision.failurePhase());
    }
    if (decision.escalation() == NotificationType.TIMED_OUT && snapshot.createdAt() != null) {
      details.put(NotificationDetails.DURATION, DurationFormatter.compact(java.time.Duration.between(snapshot.createdAt(), snapshot.now())));
    }
    if (ar.getSpec().getAlertName() != null) {
      details.put(NotificationDetails.ALERT_NAME, ar.getSpec().getAlertName());
    }
    // The priority routes the notification (a P3 pages nobody): the one the remediation recorded as it judged its
    // processing (only this controller writes it); before, the processing's only with its controller's seal.
    Optional<String> priority = Optional.ofNullable(ar.getStatus()).map(AlertRemediationStatus::getPriority)
        .or(() -> Optional.ofNullable(children.processing()).filter(ap -> relays.sealer().broken(ap).isEmpty())
            .map(AlertProcessing::getStatus).map(AlertProcessingStatus::getPriority));
    priority.ifPresent(p -> details.put(NotificationDetails.PRIORITY, p));
    return details;
  }

  /** The remediation's uid (a name given again is another remediation); its namespaced name when it has none. */
  private static String identity(AlertRemediation ar) {
    String uid = ar.getMetadata().getUid();
    return uid != null ? uid : ar.getMetadata().getNamespace() + "/" + ar.getMetadata().getName();
  }

  /** How soon a deletion whose audit events the trail refused (its queue full) tries them again. */
  static final java.time.Duration CLEANUP_AUDIT_RETRY = java.time.Duration.ofSeconds(5);
  /**
   * How long after it was asked a deletion waits for the trail to take the remediation's events: a trail that never
   * can (no database configured, or one down for longer) must not hold deletions, namespaces and uninstalls for ever.
   */
  static final java.time.Duration CLEANUP_AUDIT_WAIT = java.time.Duration.ofMinutes(10);

  /**
   * Whether a deletion asked at the remediation's deletion timestamp still waits for its audit events: not without an
   * audit database (the trail will never take them), else for {@link #CLEANUP_AUDIT_WAIT}.
   */
  /** How soon a deletion whose final record is queued, not yet stored, looks again. */
  static final java.time.Duration CLEANUP_AUDIT_STORE_RETRY = java.time.Duration.ofSeconds(1);
  /** How long such a deletion waits before a Warning Event says so. */
  static final java.time.Duration CLEANUP_AUDIT_STORE_QUIET = java.time.Duration.ofSeconds(30);

  /** Whether the deletion of {@code ar} was asked for more than {@code quiet} ago (true when not known). */
  private boolean waitedLongerThan(AlertRemediation ar, java.time.Duration quiet) {
    String asked = ar.getMetadata().getDeletionTimestamp();
    return asked == null || clock.instant().isAfter(Rfc3339Times.parse(asked).plus(quiet));
  }

  private boolean waitsForAudit(AlertRemediation ar) {
    String asked = ar.getMetadata().getDeletionTimestamp();
    return audit.configured()
        && (asked == null || clock.instant().isBefore(Rfc3339Times.parse(asked).plus(CLEANUP_AUDIT_WAIT)));
  }

  /**
   * A deleted AlertRemediation stops its pipeline: its children are deleted explicitly (owner
   * references cascade on a real cluster, but the embedded API server has no garbage collector).
   */
  @Override
  public DeleteControl cleanup(AlertRemediation ar, Context<AlertRemediation> context) {
    RemediationChildren children = RemediationChildren.of(ar, context);
    boolean taken = true;
    boolean ended = ar.getStatus() != null && ar.getStatus().getPhase() != null && ar.getStatus().getPhase().isTerminal();
    boolean queued = true;
    if (!ended) {
      taken = queued = audit.deletedBeforeItEnded(ar, clock.instant());
    } else if (!RemediationObserver.auditConfirmed(ar.getStatus()) && !audit.finalRecordPersisted(ar)) {
      // Deleted by hand after it ended but before its final record was stored (during a database outage, say):
      // derived once more now, while status still holds it. Retention deletes only remediations whose end is stored.
      taken = queued = audit.rederive(ar, children.all());
    } else {
      queued = false; // nothing was queued: its end is stored
    }
    if (queued && audit.configured()) {
      // Queued is not stored: once the finalizer is gone nothing would derive these events again (the re-projection
      // lists what is present), and a process that stops before its queue is written (an outage, a rollout) would
      // lose the remediation's end. So the deletion waits until its final record is stored, as for a full queue.
      taken = audit.finalRecordPersisted(ar);
    }
    if (!taken && waitsForAudit(ar)) {
      // Once the finalizer is gone nothing holds these events any more (the re-projection lists what is present):
      // the deletion waits until the trail's queue takes them, for a while. A pipeline deleted while it ran stops now
      // all the same (its final record does not need its children) and gives up its place; an ended one keeps its
      // children, which its events are made of.
      if (!ended) {
        deleteChildren(ar, children);
        places.forget(ar);
        forgetAdmission(ar);
      }
      if (!queued) {
        events.emitOnce(ar, "deletion-waits-for-audit", true, ConditionReason.AuditPending.name(), "AlertRemediation "
            + ar.getMetadata().getName() + " is deleted once the audit trail takes its events: its queue is full."
            + " The deletion is retried every " + CLEANUP_AUDIT_RETRY.toSeconds() + " s for at most "
            + CLEANUP_AUDIT_WAIT.toMinutes() + " minutes.", clock.instant());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_AUDIT_RETRY);
      }
      // Queued and being written (milliseconds while the database answers): looked at again shortly, said only once it
      // has waited a while (a database that does not answer).
      if (waitedLongerThan(ar, CLEANUP_AUDIT_STORE_QUIET)) {
        events.emitOnce(ar, "deletion-waits-for-stored-audit", true, ConditionReason.AuditPending.name(),
            "AlertRemediation " + ar.getMetadata().getName() + " is deleted once its final audit record is stored: the"
                + " audit database has not written it yet. The deletion is retried for at most "
                + CLEANUP_AUDIT_WAIT.toMinutes() + " minutes.", clock.instant());
      }
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_AUDIT_STORE_RETRY);
    }
    if (!taken) {
      events.emitOnce(ar, "deleted-without-audit", true, "AuditNotRecorded", "AlertRemediation "
          + ar.getMetadata().getName() + " is deleted although the audit trail did not take its events for "
          + CLEANUP_AUDIT_WAIT.toMinutes() + " minutes (its queue stayed full: the audit database is down) or has no"
          + " database to write them to; what it did is in this Event and the operator's log only.", clock.instant());
      LOG.error("AlertRemediation {} is deleted without its audit events: the trail refused them", ar.getMetadata().getName());
    }
    rederived.remove(identity(ar));
    deleteChildren(ar, children);
    recentWrites.forget(ar);
    places.forget(ar);
    forgetAdmission(ar);
    LOG.info("AlertRemediation {} was deleted; its children were deleted with it", ar.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /**
   * Deletes the children, the executions last, after the disruption ledger forgot the remediation
   * ({@link DisruptionLedger#forget}): what the safety rules still count of its executions is kept,
   * so deleting a remediation, by hand or by retention, does not lift a cooldown or a failure block
   * on its target, and its workflow's reservations are dropped, so they do not hold the target busy.
   * The executions are read fresh before anything is deleted (deleting the workflow lets a garbage
   * collector take them), and again once the workflow is gone, for one created in between (and the
   * reservations of an admission that was under way). If that fails (the API server, RBAC, a conflict
   * that persists) the executions are not deleted, a Warning Event says why, and it is retried.
   */
  private void deleteChildren(AlertRemediation ar, RemediationChildren children) {
    String ns = ar.getMetadata().getNamespace();
    String name = ar.getMetadata().getName();
    String workflow = ChildKind.WORKFLOW.childName(name);
    boolean failedVerification = children.get(ChildKind.WORKFLOW)
        .map(wfe -> SafetyInformers.failedVerification((WorkflowExecution) wfe)).orElse(false);
    java.time.Duration horizon = policies.current().safetyHistoryHorizon();
    forget(ar, workflow, failedVerification, executionsOf(ns, name), horizon);
    children.all().forEach(child -> client.resource(child).delete());
    client.resources(WorkflowExecution.class).inNamespace(ns).withName(workflow).delete(); // if not cached yet
    List<KubernetesExecution> executions = executionsOf(ns, name);
    forget(ar, workflow, failedVerification, executions, horizon);
    executions.forEach(kex -> client.resource(kex).delete());
    client.resources(KubernetesExecution.class).inNamespace(ns).withLabel(KubernautLabels.REMEDIATION, name).delete();
  }

  /** {@link DisruptionLedger#forget}; a failure is told in a Warning Event on the remediation (once) and rethrown. */
  private void forget(AlertRemediation ar, String workflow, boolean failedVerification,
      List<KubernetesExecution> executions, java.time.Duration horizon) {
    String name = ar.getMetadata().getName();
    try {
      ledger.forget(ar.getMetadata().getNamespace(), name, workflow, failedVerification, executions, horizon);
    } catch (RuntimeException e) {
      String why = String.valueOf(e.getMessage());
      events.emitOnce(ar, "safety-history-not-kept", true, "SafetyHistoryNotKept", "The executions of " + name
          + " are not deleted yet: what they still count for the safety rules could not be kept in ConfigMap "
          + "kubernaut-safety-history (" + (why.length() > 300 ? why.substring(0, 300) + "…" : why)
          + "). The deletion is retried; the log has each attempt.", clock.instant());
      throw e;
    }
  }

  /** The executions of remediation {@code ns/name}, read from the API server (one LIST by its label). */
  private List<KubernetesExecution> executionsOf(String ns, String name) {
    return client.resources(KubernetesExecution.class).inNamespace(ns).withLabel(KubernautLabels.REMEDIATION, name)
        .list().getItems();
  }

  /**
   * Retention. The children are deleted explicitly, since not every API server collects garbage: by
   * the finalizer's cleanup, which the deletion starts (the gateway creates every remediation with
   * it), or here first when the remediation does not carry it.
   */
  private void deleteWithChildren(AlertRemediation ar, RemediationChildren children) {
    if (ar.getMetadata().getFinalizers() == null
        || !ar.getMetadata().getFinalizers().contains(KubernautLabels.REMEDIATION_FINALIZER)) {
      deleteChildren(ar, children); // else the finalizer's cleanup does, once
    }
    client.resource(ar).delete();
    LOG.info("Deleted AlertRemediation {} after retention (its children with it); its audit trail is kept",
        ar.getMetadata().getName());
  }
}
