package io.kubernaut.k8s.safety;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.NodeState;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the safety envelope counts, read from the informer caches of {@link SafetyInformers}: every
 * KubernetesExecution (dry runs excluded), the reservations of workflows admitted but whose
 * executions do not exist yet, and the nodes. Admission checks and reserves in one step guarded by the resourceVersion of ConfigMap
 * {@value #NAME}: two workflows, on one replica or several, can never both take the last slot of
 * the budget, because the second write fails with a conflict and is checked again against the
 * first one's reservations.
 */
public final class DisruptionLedger {

  /** The ConfigMap in the operator's namespace that holds the reservations, one data entry per planned execution. */
  public static final String NAME = "kubernaut-disruption-ledger";
  /** How long a reservation lasts at most when its workflow never creates the execution. */
  static final Duration TTL = Duration.ofHours(1);
  private static final int ATTEMPTS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(DisruptionLedger.class);
  private static final Set<String> CONTROL_PLANE = Set.of("node-role.kubernetes.io/control-plane",
      "node-role.kubernetes.io/master");

  private final KubernetesClient client;
  private final SafetyInformers cluster;
  private final ActionCatalog catalog;
  private final Clock clock;

  /** A ledger that reads everything fresh from the API server (tools and tests without informers). */
  public DisruptionLedger(KubernetesClient client, ActionCatalog catalog, Clock clock) {
    this(SafetyInformers.fresh(client), catalog, clock);
  }

  /** A ledger that reads executions, workflows, nodes and itself from {@code cluster}'s caches once they run. */
  public DisruptionLedger(SafetyInformers cluster, ActionCatalog catalog, Clock clock) {
    this.client = cluster.client();
    this.cluster = cluster;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** What the envelope counts: executions (real and reserved) and the nodes that workloads may use. */
  public record Counted(List<ExecutionRecord> executions, List<NodeState> nodes) {}

  /**
   * One execution a workflow plans and has been admitted for, counted until it exists.
   *
   * @param execution the name the KubernetesExecution will have
   * @param workflow the WorkflowExecution that planned it
   */
  public record Reservation(String execution, String workflow, String remediation, String fingerprint, String action,
      String kind, String namespace, String name, Map<String, String> parameters, Instant reservedAt) {

    /** A reservation for {@code target} made now. */
    public static Reservation of(String execution, String workflow, String remediation, String fingerprint,
        String action, TargetRef target, Map<String, String> parameters, Instant now) {
      return new Reservation(execution, workflow, remediation, fingerprint, action, target.kind(), target.namespace(),
          target.name(), parameters, now);
    }

    TargetRef target() {
      return new TargetRef(kind, namespace == null ? "" : namespace, name);
    }
  }

  /**
   * What is counted now in {@code namespace}, leaving out the execution {@code self} (re-checking
   * an execution must not count it twice) and the reservations of workflow {@code ownWorkflow}
   * (re-admitting a workflow after a restart must not be blocked by itself); either may be null.
   */
  public Counted count(String namespace, String self, String ownWorkflow) {
    return count(namespace, self, ownWorkflow, reservations(cluster.ledger(namespace)));
  }

  private Counted count(String namespace, String self, String ownWorkflow, Map<String, Reservation> reserved) {
    List<KubernetesExecution> all = cluster.executions(namespace).stream().filter(k -> k.getSpec() != null && !Boolean.TRUE.equals(k.getSpec().getDryRun())).toList();
    Set<String> existing = all.stream().map(k -> k.getMetadata().getName()).collect(Collectors.toSet());
    Set<String> undone = all.stream().filter(k -> k.getSpec().rollback() && phase(k) == ExecutionPhase.Completed)
        .map(k -> k.getSpec().getRollbackOf()).collect(Collectors.toSet());
    List<ExecutionRecord> records = new ArrayList<>();
    Set<String> failedVerification = new HashSet<>(cluster.failedVerification(namespace));
    // A rollback holds its target while it runs; once ended, the execution it undid counts as failed.
    all.stream().filter(k -> !k.getSpec().rollback() || !ended(k))
        .filter(k -> !k.getMetadata().getName().equals(self))
        .forEach(k -> records.add(record(k, undone.contains(k.getMetadata().getName()), catalog,
            failedVerification.contains(k.getSpec().getWorkflow()))));
    Instant now = clock.instant();
    reserved.values().stream()
        .filter(r -> !existing.contains(r.execution()) && !r.execution().equals(self))
        .filter(r -> ownWorkflow == null || !ownWorkflow.equals(r.workflow()))
        .filter(r -> r.reservedAt().plus(TTL).isAfter(now))
        .forEach(r -> records.add(new ExecutionRecord(r.execution(), r.remediation(), r.fingerprint(), r.action(),
            catalog.impactOf(r.action(), r.kind()), r.target(), r.parameters(), Map.of(), ExecutionRecord.State.ACTIVE,
            r.reservedAt(), null)));
    return new Counted(List.copyOf(records), nodes());
  }

  /**
   * Checks and reserves in one step: {@code check} runs on what is counted (without this
   * workflow's earlier reservations); when it finds nothing to deny, {@code wanted} replace this
   * workflow's reservations in the ledger, written with the resourceVersion that was read. A
   * conflict means another admission wrote first (or the cached ledger was behind): the ledger is
   * read again from the API server and everything checked again. This write, not the caches, is
   * what keeps two admissions from both taking the last slot.
   *
   * @return the denial {@code check} found, or empty once the reservations are written
   */
  public <D> Optional<D> admit(String namespace, String workflow, List<Reservation> wanted,
      Function<Counted, Optional<D>> check) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      ConfigMap ledger = readOrCreate(namespace, attempt > 1);
      Map<String, Reservation> reserved = prune(namespace, reservations(ledger));
      Optional<D> denial = check.apply(count(namespace, null, workflow, reserved));
      if (denial.isPresent()) {
        return denial;
      }
      reserved.values().removeIf(r -> workflow.equals(r.workflow()));
      wanted.forEach(r -> reserved.put(r.execution(), r));
      if (write(ledger, reserved)) {
        return Optional.empty();
      }
      LOG.info("The disruption ledger changed while {} was admitted (attempt {}); checking again", workflow, attempt);
    }
    throw new RetryableException("The disruption ledger " + namespace + "/" + NAME + " kept changing during "
        + ATTEMPTS + " admissions of " + workflow + "; admission is retried.");
  }

  /** Drops the reservations of {@code workflow}, once it has ended; a conflict is retried, a failure left to pruning. */
  public void release(String namespace, String workflow) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      ConfigMap ledger = attempt == 1 ? cluster.ledger(namespace) : cluster.freshLedger(namespace);
      if (ledger == null) {
        return;
      }
      Map<String, Reservation> reserved = reservations(ledger);
      if (!reserved.values().removeIf(r -> workflow.equals(r.workflow())) || write(ledger, reserved)) {
        return;
      }
    }
    LOG.warn("Could not release the reservations of {} in {}; the next admission prunes them", workflow, NAME);
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

  /** Reservations whose execution exists, that expired, or whose workflow ended or is gone count no more. */
  private Map<String, Reservation> prune(String namespace, Map<String, Reservation> reserved) {
    Instant now = clock.instant();
    Map<String, Boolean> running = new HashMap<>();
    reserved.values().removeIf(r -> !r.reservedAt().plus(TTL).isAfter(now) || !running.computeIfAbsent(r.workflow(), w -> {
      WorkflowExecution wfe = cluster.workflow(namespace, w);
      return wfe != null && !StatusPatches.ended(WorkflowPhase.class, wfe.getStatus(),
          wfe.getStatus() == null ? null : wfe.getStatus().getPhase());
    }));
    return reserved;
  }

  /** The ledger as cached on a first attempt, from the API server after a conflict; created when there is none. */
  private ConfigMap readOrCreate(String namespace, boolean fresh) {
    ConfigMap found = fresh ? cluster.freshLedger(namespace) : cluster.ledger(namespace);
    if (found != null) {
      return found;
    }
    try {
      return client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
          .withName(NAME).withNamespace(namespace).addToLabels(KubernautLabels.MANAGED_BY, "kubernaut")
          .addToAnnotations("kubernaut.io/purpose", "Disruption budget reservations of admitted workflows; do not edit.")
          .endMetadata().build()).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return cluster.freshLedger(namespace);
      }
      throw e;
    }
  }

  /** Writes the reservations with the resourceVersion read; false on a conflict. */
  private boolean write(ConfigMap ledger, Map<String, Reservation> reserved) {
    Map<String, String> data = new TreeMap<>();
    reserved.forEach((name, r) -> data.put(name, Serialization.asJson(r)));
    ConfigMap next = new ConfigMapBuilder(ledger).withData(data).build();
    try {
      client.configMaps().inNamespace(ledger.getMetadata().getNamespace()).resource(next).update();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  private static Map<String, Reservation> reservations(ConfigMap ledger) {
    Map<String, Reservation> reserved = new LinkedHashMap<>();
    if (ledger == null || ledger.getData() == null) {
      return reserved;
    }
    ledger.getData().forEach((name, json) -> {
      try {
        reserved.put(name, Serialization.unmarshal(json, Reservation.class));
      } catch (RuntimeException e) {
        LOG.warn("Ignoring unreadable reservation {} in {}: {}", name, NAME, e.getMessage());
      }
    });
    return reserved;
  }

  private static ExecutionPhase phase(KubernetesExecution k) {
    return StatusPatches.phaseOf(ExecutionPhase.class, k.getStatus(), k.getStatus() == null ? null : k.getStatus().getPhase());
  }

  private static boolean ended(KubernetesExecution k) {
    ExecutionPhase phase = phase(k);
    return phase != null && phase.isTerminal();
  }

  /** One KubernetesExecution as the safety envelope sees it, with the impact its action declares in the catalog. */
  public static ExecutionRecord record(KubernetesExecution k, boolean undone, ActionCatalog catalog) {
    return record(k, undone, catalog, false);
  }

  /** One KubernetesExecution as the safety envelope sees it, and whether its workflow failed verification. */
  static ExecutionRecord record(KubernetesExecution k, boolean undone, ActionCatalog catalog, boolean failedVerification) {
    var s = k.getStatus();
    ExecutionPhase phase = phase(k);
    ExecutionRecord.State state = phase == null || !phase.isTerminal() ? ExecutionRecord.State.ACTIVE
        : phase.isSuccessful() && !undone ? ExecutionRecord.State.SUCCEEDED : ExecutionRecord.State.FAILED;
    Instant created = k.getMetadata().getCreationTimestamp() == null ? Instant.EPOCH
        : Instant.parse(k.getMetadata().getCreationTimestamp());
    Instant completed = state == ExecutionRecord.State.ACTIVE || s.getCompletionTime() == null ? null
        : Instant.parse(s.getCompletionTime());
    String fingerprint = k.getMetadata().getLabels() == null ? "" : k.getMetadata().getLabels().getOrDefault(KubernautLabels.FINGERPRINT, "");
    TargetRef target = k.getSpec().getTarget().toTargetRef();
    return new ExecutionRecord(k.getMetadata().getName(), k.getSpec().getRemediationRef().getName(), fingerprint,
        k.getSpec().getAction(), catalog.impactOf(k.getSpec().getAction(), target.kind()), target,
        k.getSpec().getParameters(), s == null ? Map.of() : s.getRollbackData(), state, created, completed,
        failedVerification);
  }
}
