package io.kubernaut.k8s.safety;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.safety.AdmissionQueue.Admission;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.NodeState;
import io.kubernaut.ports.signal.Rfc3339Times;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the safety envelope counts, read from the informer caches of {@link SafetyInformers}: every
 * KubernetesExecution (dry runs excluded), the records {@link HistoryKeeper} kept of executions deleted
 * with their remediation, the reservations of workflows admitted but whose
 * executions do not exist yet, the holds of rollbacks that disrupt a node again and passed their
 * check but have no start mark yet ({@link #admitRollback}), and the nodes. One ledger per replica,
 * shared by the workflow and execution controllers.
 *
 * <p>Admission is a group commit on ConfigMap {@value #NAME}: the admissions waiting on this
 * replica are decided together, in arrival order, each against what is counted plus the
 * reservations granted before it in the same batch, and the batch's reservations are written in
 * one write guarded by the resourceVersion that was read. Two batches, on one replica or several,
 * can never both take the last slot of the budget: the second write fails with a conflict, and the
 * whole batch is decided again on a fresh read. The decisions are the caller's (the core's safety
 * envelope); the ledger only counts, batches and writes.
 *
 * <p>Nothing is written only to release: a reservation counts no more once its execution exists, its
 * workflow has ended, or it expired, and such reservations are pruned from every write (one whose
 * execution exists only once that execution is {@link #SEEN_BY_ALL} old, so that no replica whose
 * cache does not show the execution yet reads a ledger without its reservation). A rollback's hold
 * counts while its execution exists and has no start mark, whatever its workflow's state, and is
 * pruned once the mark is {@link #SEEN_BY_ALL} old (the mark counts the rollback from then on, ended
 * or not), or the rollback ended without an attempt, or its execution is missing and the hold is
 * {@link #SEEN_BY_ALL} old, or an hour passed; a later check that denies it before any attempt
 * drops it in that check's own write.
 */
public final class DisruptionLedger {

  /** The ConfigMap in the operator's namespace that holds the reservations, one data entry per planned execution. */
  public static final String NAME = "kubernaut-disruption-ledger";
  /** How long a reservation lasts at most when its workflow never creates the execution. */
  static final Duration TTL = Duration.ofHours(1);
  /**
   * How long an execution exists before its reservation is pruned: time for every replica's watch
   * to show it (and for ordinary clock skew against the API server's creation time).
   */
  static final Duration SEEN_BY_ALL = Duration.ofMinutes(1);
  private static final int ATTEMPTS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(DisruptionLedger.class);
  private static final Set<String> CONTROL_PLANE = Set.of("node-role.kubernetes.io/control-plane",
      "node-role.kubernetes.io/master");

  private final SafetyInformers cluster;
  private final LedgerStore store;
  private final ActionCatalog catalog;
  private final Clock clock;
  private final Map<String, AdmissionQueue> queues = new ConcurrentHashMap<>();
  private final HistoryKeeper history;
  private final java.util.function.Supplier<List<io.kubernaut.ports.action.RunawayCall>> runaway;

  /** A ledger that reads executions, workflows, nodes and itself from {@code cluster}'s caches once they run. */
  public DisruptionLedger(SafetyInformers cluster, ActionCatalog catalog, Clock clock) {
    this(cluster, catalog, clock, List::of);
  }

  /**
   * As above, also counting {@code runaway}: the action calls of this process that ran past their
   * deadline and have not ended ({@code ActionRunner.runawayCalls}). Each holds its target as a running
   * execution for every new workflow until it ends, though its execution has failed or is gone.
   */
  public DisruptionLedger(SafetyInformers cluster, ActionCatalog catalog, Clock clock,
      java.util.function.Supplier<List<io.kubernaut.ports.action.RunawayCall>> runaway) {
    this.runaway = runaway;
    this.cluster = cluster;
    this.store = new LedgerStore(cluster);
    this.catalog = catalog;
    this.clock = clock;
    this.history = new HistoryKeeper(cluster, catalog::impactOf, clock);
  }

  /** What the ledger counts of executions deleted with their remediation; they must be kept before they go. */
  public HistoryKeeper history() {
    return history;
  }

  /** The caches this ledger counts from. */
  public SafetyInformers informers() {
    return cluster;
  }

  /** What the envelope counts: executions (real and reserved) and the nodes that workloads may use. */
  public record Counted(List<ExecutionRecord> executions, List<NodeState> nodes) {}

  /**
   * One execution a workflow plans and has been admitted for, counted until it exists; or a rollback
   * that disrupts a node again ({@code ActionEffect.ROLLBACK_DISRUPTS_NODE}) and passed its budget
   * check, which holds its node until its own start mark counts it.
   *
   * @param execution the name the KubernetesExecution will have (a rollback's: has)
   * @param workflow the WorkflowExecution that planned it
   * @param rollback whether it holds a rollback's node between its check and its first attempt; written
   *     only when true, so that a step's reservation reads as it did before holds existed (an older
   *     replica fails on a field it does not know, and would drop the entry), and read as false when absent
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Reservation(String execution, String workflow, String remediation, String fingerprint, String action,
      String kind, String namespace, String name, Map<String, String> parameters, Instant reservedAt,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean rollback) {

    /** A reservation for {@code target} made now. */
    public static Reservation of(String execution, String workflow, String remediation, String fingerprint,
        String action, TargetRef target, Map<String, String> parameters, Instant now) {
      return new Reservation(execution, workflow, remediation, fingerprint, action, target.kind(), target.namespace(),
          target.name(), parameters, now, false);
    }

    /** The hold of rollback {@code record} (the execution as the envelope sees it) of workflow {@code workflow}, made now. */
    public static Reservation ofRollback(ExecutionRecord record, String workflow, Instant now) {
      TargetRef target = record.target();
      return new Reservation(record.name(), workflow, record.remediation(), record.fingerprint(), record.action(),
          target.kind(), target.namespace(), target.name(), record.parameters(), now, true);
    }

    TargetRef target() {
      return new TargetRef(kind, namespace == null ? "" : namespace, name);
    }
  }

  /**
   * What is counted now in {@code namespace}, leaving out the execution {@code self} (re-checking
   * an execution must not count it twice) and the reservations of workflow {@code ownWorkflow} whose
   * executions do not exist (re-admitting a workflow after a restart must not be blocked by itself,
   * nor a rollback by the steps its workflow will no longer run); either may be null.
   */
  public Counted count(String namespace, String self, String ownWorkflow) {
    return count(namespace, self, ownWorkflow, store.reservationsOf(namespace, store.latest(namespace)));
  }

  private Counted count(String namespace, String self, String ownWorkflow, Map<String, Reservation> reserved) {
    List<KubernetesExecution> all = cluster.executions(namespace).stream().filter(k -> k.getSpec() != null && !Boolean.TRUE.equals(k.getSpec().getDryRun())).toList();
    Set<String> existing = all.stream().map(k -> k.getMetadata().getName()).collect(Collectors.toSet());
    Set<String> undone = all.stream().filter(k -> k.getSpec().rollback() && phase(k) == ExecutionPhase.Completed)
        .map(k -> k.getSpec().getRollbackOf()).collect(Collectors.toSet());
    List<ExecutionRecord> records = new ArrayList<>();
    Set<String> failedVerification = new HashSet<>(cluster.failedVerification(namespace));
    // Each action's impact looked up once per count: the catalog builds a whole description per lookup, and a
    // count reads every execution of the namespace, most of them of the same few actions.
    Map<List<String>, ActionImpact> impacts = new HashMap<>();
    BiFunction<String, String, ActionImpact> impact = (action, kind) ->
        impacts.computeIfAbsent(Arrays.asList(action, kind), key -> catalog.impactOf(action, kind));
    Instant now = clock.instant();
    // Rollbacks that passed their check and hold their node until their start mark counts them.
    Set<String> held = reserved.values().stream().filter(r -> r.rollback() && r.reservedAt().plus(TTL).isAfter(now))
        .map(Reservation::execution).collect(Collectors.toSet());
    // A rollback holds its target while it runs; once ended, the execution it undid counts as failed. One that took a
    // node again (it made an attempt) still counts for the budget once ended: its hour's slot, and its node as one
    // Kubernaut made unavailable.
    all.stream().filter(k -> !k.getSpec().rollback() || !ended(k) || disruptedANode(k, impact))
        .filter(k -> !k.getMetadata().getName().equals(self))
        .forEach(k -> records.add(record(k, undone.contains(k.getMetadata().getName()), impact,
            failedVerification.contains(k.getSpec().getWorkflow()), held.contains(k.getMetadata().getName()))));
    records.addAll(history.records(namespace, all.stream().map(k -> k.getMetadata().getUid()).filter(uid -> uid != null)
        .collect(Collectors.toSet()), impact, now));
    Map<String, Boolean> ended = new HashMap<>();
    Instant seenByAll = now.minus(SEEN_BY_ALL);
    reserved.values().stream()
        .filter(r -> !existing.contains(r.execution()) && !r.execution().equals(self))
        .filter(r -> ownWorkflow == null || !ownWorkflow.equals(r.workflow()) || r.rollback())
        .filter(r -> r.reservedAt().plus(TTL).isAfter(now))
        // A workflow the cache does not show counts as running; once its reservation is older than any cache's lag
        // the API server is asked (once per count): a reservation written by an admission that finished after its
        // remediation was deleted would otherwise hold its target busy until the next admission's write pruned it.
        .filter(r -> !ended.computeIfAbsent(r.workflow(), w -> r.reservedAt().isBefore(seenByAll)
            ? goneOrEnded(cluster.workflow(namespace, w)) : cluster.ended(namespace, w)))
        .forEach(r -> records.add(new ExecutionRecord(r.execution(), r.remediation(), r.fingerprint(), r.action(),
            impact.apply(r.action(), r.kind()).ofRollbackIf(r.rollback()),
            r.target(), r.parameters(), Map.of(), ExecutionRecord.State.ACTIVE, r.reservedAt(), null, false,
            r.rollback())));
    if (self == null) {
      // Counted for a new workflow, not for an execution's own attempts: its own earlier call may be the one running.
      running(records, all, runaway.get(), impact);
    }
    return new Counted(List.copyOf(records), nodes());
  }

  /**
   * Counts each call that ran past its deadline as running: its execution's record, ended timed out,
   * becomes ACTIVE again; a call whose execution is gone (deleted with its remediation) is added as a
   * running execution of its own. Its execution still counts once for the hourly budgets.
   */
  private static void running(List<ExecutionRecord> records, List<KubernetesExecution> all,
      List<io.kubernaut.ports.action.RunawayCall> calls, BiFunction<String, String, ActionImpact> impact) {
    if (calls.isEmpty()) {
      return;
    }
    Map<String, String> names = new HashMap<>();
    all.forEach(k -> names.put(k.executionId(),
        k.getMetadata().getName()));
    for (io.kubernaut.ports.action.RunawayCall c : calls) {
      String name = names.get(c.executionId());
      int at = -1;
      for (int i = 0; name != null && i < records.size(); i++) {
        if (records.get(i).name().equals(name)) {
          at = i;
        }
      }
      if (at >= 0) {
        ExecutionRecord e = records.get(at);
        records.set(at, new ExecutionRecord(e.name(), e.remediation(), e.fingerprint(), e.action(), e.impact(),
            e.target(), e.parameters(), e.rollbackData(), ExecutionRecord.State.ACTIVE, e.startedAt(), null,
            e.failedVerification(), e.rollback()));
      } else {
        // A rollback's call counts as what it does: a node taken again when its action declares that.
        records.add(new ExecutionRecord(c.executionId(), "a call that ran past its deadline " + c.deadline(), "",
            c.action(), impact.apply(c.action(), c.target().kind()).ofRollbackIf(c.rollback()), c.target(), Map.of(),
            Map.of(), ExecutionRecord.State.ACTIVE, c.deadline(), null, false, c.rollback()));
      }
    }
  }

  /**
   * Checks and reserves in one step: {@code check} runs on what is counted (without this
   * workflow's earlier reservations, with those granted before it in the same batch); when it finds
   * nothing to deny, {@code wanted} replace this workflow's step reservations in the ledger (never a
   * rollback's hold). The call
   * waits for the batch's write, which carries the resourceVersion that was read; on a conflict
   * (another replica wrote first, or the cached ledger was behind) the ledger is read again from the
   * API server and the whole batch decided again. This write, not the caches, is what keeps two
   * admissions from both taking the last slot.
   *
   * @return the denial {@code check} found, or empty once the reservations are written
   * @throws RetryableException when the ledger kept changing, or is full, and admission should be retried
   */
  public <D> Optional<D> admit(String namespace, String workflow, List<Reservation> wanted,
      Function<Counted, Optional<D>> check) {
    return admit(namespace, new Admission<>(workflow, null, List.copyOf(wanted), check));
  }

  /**
   * {@link #admit} for a rollback that disrupts a node again ({@code ActionEffect.ROLLBACK_DISRUPTS_NODE})
   * before its first attempt: {@code check} runs on what is counted without the rollback itself,
   * and when it finds nothing to deny the ledger holds the rollback's node ({@code hold}) in the
   * same write, until the rollback's start mark counts it. Two such rollbacks checked at the same
   * moment, here or on another replica, can then never both pass on counts that show neither.
   */
  public <D> Optional<D> admitRollback(String namespace, Reservation hold, Function<Counted, Optional<D>> check) {
    if (!hold.rollback()) {
      throw new IllegalArgumentException(hold.execution() + " is not a rollback's hold");
    }
    return admit(namespace, new Admission<>(hold.workflow(), hold.execution(), List.of(hold), check));
  }

  private <D> Optional<D> admit(String namespace, Admission<D> admission) {
    queues.computeIfAbsent(namespace, ns -> new AdmissionQueue()).await(admission, batch -> commit(namespace, batch));
    return admission.answer();
  }

  /**
   * What the ledger does before remediation {@code ns/remediation} and its children are deleted: it
   * keeps what the remediation's executions still count ({@link HistoryKeeper#keep}), then drops the
   * reservations of its workflow {@code workflow}, whose executions will now never be created. Left
   * in, they counted as running executions (their workflow gone from the cache reads as not ended)
   * until the next admission's write pruned them, and held their targets busy: the next remediation
   * of the same target was blocked as TargetBusy.
   *
   * @param failedVerification whether that workflow failed its verification (read before it was deleted)
   * @param executions the remediation's executions, read fresh
   * @param horizon how long after its end an execution still counts: the longer of the longest safety window
   *     and the retention
   * @throws RetryableException when the history or the ledger kept changing: nothing may be deleted yet
   */
  public void forget(String ns, String remediation, String workflow, boolean failedVerification,
      List<KubernetesExecution> executions, Duration horizon) {
    history.keep(ns, remediation, executions, failedVerification, horizon);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      ConfigMap ledger = attempt == 1 ? store.latest(ns) : store.fresh(ns);
      Map<String, Reservation> reserved = store.reservationsOf(ns, ledger);
      if (!reserved.values().removeIf(r -> workflow.equals(r.workflow())) || store.write(ns, ledger, reserved)) {
        return;
      }
    }
    throw new RetryableException("The disruption ledger " + ns + "/" + NAME + " kept changing during " + ATTEMPTS
        + " attempts to drop the reservations of " + workflow + "; its remediation is deleted once they are dropped.");
  }

  /** How many admissions in {@code namespace} wait for the batch being written (for tests). */
  int waiting(String namespace) {
    AdmissionQueue queue = queues.get(namespace);
    return queue == null ? 0 : queue.waiting();
  }

  /** Decides {@code batch} and writes its reservations in one write, again on a fresh read after each conflict. */
  private void commit(String namespace, List<Admission<?>> batch) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      ConfigMap ledger = attempt == 1 ? store.latest(namespace) : store.fresh(namespace);
      Map<String, Reservation> reserved = prune(namespace, store.reservationsOf(namespace, ledger));
      if (!decide(namespace, batch, reserved) || store.write(namespace, ledger, reserved)) {
        return;
      }
      LOG.info("The disruption ledger changed while {} admissions were decided (attempt {}); deciding them again",
          batch.size(), attempt);
    }
    RetryableException busy = new RetryableException("The disruption ledger " + namespace + "/" + NAME
        + " kept changing during " + ATTEMPTS + " attempts to decide " + batch.size()
        + " admissions of workflows or checks of rollbacks; they are retried.");
    batch.forEach(a -> a.fail(busy));
  }

  /**
   * Decides each admission of {@code batch} in order against what is counted plus {@code reserved},
   * adding the reservations of those admitted to {@code reserved} (and removing the hold of a
   * rollback now denied); whether anything changed (so a write is needed). An admission that would push the ledger over {@link LedgerStore#MAX_BYTES}
   * is answered with a retryable failure instead.
   */
  private boolean decide(String namespace, List<Admission<?>> batch, Map<String, Reservation> reserved) {
    boolean admitted = false;
    long bytes = reserved.values().stream().mapToLong(LedgerStore::bytes).sum();
    for (Admission<?> a : batch) {
      if (!a.decide(count(namespace, a.rollback(), a.workflow(), reserved))) {
        // A rollback that passed once, made no attempt and is now denied waits again: its hold goes, or two such
        // rollbacks would hold each other back until the hold expires.
        if (a.rollback() != null && a.denied() && reserved.values().removeIf(a::replaces)) {
          bytes = reserved.values().stream().mapToLong(LedgerStore::bytes).sum();
          admitted = true;
        }
        continue;
      }
      Reservation held = a.rollback() == null ? null : reserved.get(a.rollback());
      if (held != null && held.rollback()) {
        continue; // checked again before its first attempt (its plugin was busy): the hold stays as written, no write
      }
      long own = reserved.values().stream().filter(a::replaces).mapToLong(LedgerStore::bytes).sum();
      long after = bytes - own + a.wanted().stream().mapToLong(LedgerStore::bytes).sum();
      if (after > LedgerStore.MAX_BYTES) {
        LOG.warn("The disruption ledger {} would hold {} bytes with {}; admission is retried", NAME, after, a.workflow());
        a.fail(new RetryableException("The disruption ledger " + namespace + "/" + NAME + " holds " + bytes
            + " bytes of reservations, too many to add those of " + (a.rollback() == null ? a.workflow() : a.rollback())
            + (a.rollback() == null ? "; admission" : "; its check") + " is retried once admitted workflows have "
            + "created their executions."));
        continue;
      }
      reserved.values().removeIf(a::replaces);
      a.wanted().forEach(r -> reserved.put(r.execution(), r));
      bytes = after;
      admitted = true;
    }
    return admitted;
  }

  /** The nodes that workloads may use (control-plane nodes are never counted nor touched). */
  List<NodeState> nodes() {
    return cluster.nodes().stream().filter(n -> !controlPlane(n)).map(DisruptionLedger::state).toList();
  }

  static NodeState state(Node n) {
    boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    boolean unschedulable = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    boolean tainted = n.getSpec() != null && n.getSpec().getTaints() != null && n.getSpec().getTaints().stream()
        .anyMatch(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()));
    return new NodeState(n.getMetadata().getName(), ready, unschedulable, tainted);
  }

  private static boolean controlPlane(Node n) {
    Map<String, String> labels = n.getMetadata().getLabels();
    return labels != null && CONTROL_PLANE.stream().anyMatch(labels::containsKey);
  }

  /**
   * {@code reserved} without the reservations that count no more: expired, their execution has
   * existed for {@link #SEEN_BY_ALL} (so every replica's cache counts it; for a rollback's hold: its
   * start mark is that old, or it ended without an attempt, or it is gone), or their workflow has
   * ended or is gone (a workflow missing from the cache is read fresh first).
   *
   * <p>An execution this replica's cache shows may not be in another replica's yet; were its
   * reservation pruned at once, that replica would count neither and could admit past the budget.
   * Until then {@link #count} counts it once, as the execution.
   */
  private Map<String, Reservation> prune(String namespace, Map<String, Reservation> reserved) {
    Instant now = clock.instant();
    Instant seenByAll = now.minus(SEEN_BY_ALL);
    Map<String, KubernetesExecution> byName = new HashMap<>();
    cluster.executions(namespace).forEach(k -> byName.put(k.getMetadata().getName(), k));
    Map<String, Boolean> running = new HashMap<>();
    // A hold goes by its rollback alone: the workflow ends as its last rollback ends, before every cache shows the mark.
    reserved.values().removeIf(r -> !r.reservedAt().plus(TTL).isAfter(now)
        || (r.rollback() ? heldNoMore(byName.get(r.execution()), r, seenByAll)
            : createdBefore(byName.get(r.execution()), seenByAll) || !running.computeIfAbsent(r.workflow(), w -> {
              WorkflowExecution wfe = cluster.workflow(namespace, w);
              return wfe != null && !SafetyInformers.ended(wfe);
            })));
    return reserved;
  }

  private static boolean goneOrEnded(WorkflowExecution wfe) {
    return wfe == null || SafetyInformers.ended(wfe);
  }

  /** Whether the API server created {@code k} before {@code instant} (not known, or no execution: no). */
  private static boolean createdBefore(KubernetesExecution k, Instant instant) {
    String created = k == null ? null : k.getMetadata().getCreationTimestamp();
    return created != null && Rfc3339Times.parse(created).isBefore(instant);
  }

  /**
   * Whether rollback hold {@code r} on execution {@code k} counts no more: the rollback's start mark
   * (which counts it from then on, ended or not) is older than {@code seenByAll}, so every replica's
   * cache shows it; or it ended without an attempt (it took no node); or it has been gone since then
   * (deleted with its remediation).
   */
  private static boolean heldNoMore(KubernetesExecution k, Reservation r, Instant seenByAll) {
    if (k == null) {
      return r.reservedAt().isBefore(seenByAll);
    }
    if (!attempted(k)) {
      return ended(k);
    }
    return Rfc3339Times.parse(k.getStatus().getActionStartedAt()).isBefore(seenByAll);
  }

  /**
   * Whether rollback {@code k} took a node again: its action declares that its rollback does, and
   * it made an attempt.
   */
  static boolean disruptedANode(KubernetesExecution k, BiFunction<String, String, ActionImpact> impact) {
    return k.getSpec().rollback() && attempted(k)
        && impact.apply(k.getSpec().getAction(), k.getSpec().getTarget().getKind()).has(ActionEffect.ROLLBACK_DISRUPTS_NODE);
  }

  /** Whether {@code k} wrote its start mark: its action was called, or is being called. */
  public static boolean attempted(KubernetesExecution k) {
    return k.getStatus() != null && k.getStatus().getActionStartedAt() != null;
  }

  static ExecutionPhase phase(KubernetesExecution k) {
    return StatusPatches.phaseOf(ExecutionPhase.class, k.getStatus(), k.getStatus() == null ? null : k.getStatus().getPhase());
  }

  private static boolean ended(KubernetesExecution k) {
    ExecutionPhase phase = phase(k);
    return phase != null && phase.isTerminal();
  }

  /** One KubernetesExecution as the safety envelope sees it, with the impact its action declares in the catalog. */
  public static ExecutionRecord record(KubernetesExecution k, boolean undone, ActionCatalog catalog) {
    return record(k, undone, catalog::impactOf, false, false);
  }

  /**
   * One KubernetesExecution as the safety envelope sees it, with the impact {@code impact} gives
   * its action on its target's kind, and whether its workflow failed verification.
   *
   * @param held whether the ledger holds its node for it (a rollback that passed its check and has
   *     made no attempt yet)
   */
  static ExecutionRecord record(KubernetesExecution k, boolean undone, BiFunction<String, String, ActionImpact> impact,
      boolean failedVerification, boolean held) {
    var s = k.getStatus();
    ExecutionPhase phase = phase(k);
    ExecutionRecord.State state = phase == null || !phase.isTerminal() ? ExecutionRecord.State.ACTIVE
        : phase.isSuccessful() && !undone ? ExecutionRecord.State.SUCCEEDED : ExecutionRecord.State.FAILED;
    Instant created = k.getMetadata().getCreationTimestamp() == null ? Instant.EPOCH
        : Rfc3339Times.parse(k.getMetadata().getCreationTimestamp());
    Instant completed = state == ExecutionRecord.State.ACTIVE || s.getCompletionTime() == null ? null
        : Rfc3339Times.parse(s.getCompletionTime());
    String fingerprint = k.getMetadata().getLabels() == null ? "" : k.getMetadata().getLabels().getOrDefault(KubernautLabels.FINGERPRINT, "");
    TargetRef target = k.getSpec().getTarget().toTargetRef();
    ActionImpact declared = impact.apply(k.getSpec().getAction(), target.kind());
    // A rollback takes a node again once it passed its check (the ledger holds the node for it) and from its first
    // attempt (its start mark) on: one still waiting for room is no node action for the others' checks, or two
    // waiting rollbacks would hold each other back until both time out.
    boolean takes = held || attempted(k);
    return new ExecutionRecord(k.getMetadata().getName(), k.getSpec().getRemediationRef().getName(), fingerprint,
        k.getSpec().getAction(), declared.ofRollbackIf(k.getSpec().rollback() && takes), target,
        k.getSpec().getParameters(), s == null ? Map.of() : s.getRollbackData(), state, created, completed,
        failedVerification, k.getSpec().rollback());
  }
}
