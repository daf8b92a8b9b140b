package io.kubernaut.k8s;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers an alert's cluster context: owner chain, pods, events, nodes, resources, HPA, PDB and the
 * latest rollout. Each section is read on its own: an API error or the time budget skips it and
 * names it in the degradations, instead of failing the whole enrichment.
 *
 * <p>Two depths. The <b>alert's context</b> ({@link #enrichAlert}), on every remediation's path,
 * makes no LIST whose cost grows with the workload or the namespace: the workload (one GET), the
 * alert's own pod (as the owner resolution at intake read it moments ago, else one GET), no events,
 * and the latest rollout from the ReplicaSet that pod belongs to (likewise already read; without a
 * pod, the revision from the workload's annotation). The <b>whole context</b> ({@link #enrich}, the
 * context API) also lists the workload's pods by its selector and the namespace's Warning events.
 * Either way the namespace's HPAs and PDBs and the pods' nodes come from informers while they watch
 * ({@link ContextInformers}, the safety envelope's node informer), else they are read at most once
 * per {@link #NAMESPACE_LISTS_TTL}: context for the analysis, not what an action relies on (the
 * safety envelope and the API server's own checks are), so an alert storm in one namespace reads
 * them once, not once per alert.
 */
final class ClusterEnricher {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterEnricher.class);
  private static final int MAX_EVENTS = 10;
  /** At most this many ReplicaSets are read for the rollout: a rollout in progress has two. */
  private static final int MAX_REPLICA_SETS = 3;
  /** How long a namespace's HPAs and PDBs, as listed, serve later enrichments. */
  static final Duration NAMESPACE_LISTS_TTL = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final Fabric8ClusterInspector owners;
  private final WatchedCluster watched;
  private final Clock clock;
  private final Cache<String, List<HorizontalPodAutoscaler>> autoscalers = Caffeine.newBuilder().maximumSize(1_000)
      .expireAfterWrite(NAMESPACE_LISTS_TTL).build();
  private final Cache<String, List<PodDisruptionBudget>> budgets = Caffeine.newBuilder().maximumSize(1_000)
      .expireAfterWrite(NAMESPACE_LISTS_TTL).build();
  private final Cache<String, Optional<Node>> nodes = Caffeine.newBuilder().maximumSize(5_000)
      .expireAfterWrite(NAMESPACE_LISTS_TTL).build();

  /** With {@code watched} serving nodes, HPAs and PDBs while their informers watch. */
  ClusterEnricher(KubernetesClient client, Fabric8ClusterInspector owners, WatchedCluster watched, Clock clock) {
    this.client = client;
    this.owners = owners;
    this.watched = watched;
    this.clock = clock;
  }

  /** The whole context: every pod of the workload (a LIST by its selector) and the namespace's Warning events. */
  Enrichment enrich(TargetRef target, Duration budget) {
    return enrich(target, null, true, budget);
  }

  /** The alert's context, without a LIST: the alert's own pod, no events. */
  Enrichment enrichAlert(TargetRef target, String alertPod, Duration budget) {
    return enrich(target, alertPod, false, budget);
  }

  private Enrichment enrich(TargetRef target, String alertPod, boolean whole, Duration budget) {
    Instant deadline = clock.instant().plus(budget);
    List<String> degradations = new ArrayList<>();
    Section section = new Section(deadline, degradations);
    String ns = target.namespace();
    List<TargetRef> chain = section.read("owner chain", () -> owners.ownerChain(target), List.of(target));
    HasMetadata workload = section.read("workload", () -> workload(target), null);
    PodTemplateSpec template = workload == null ? null : template(workload);
    List<Pod> pods = section.read("pods", () -> whole ? pods(target, template) : alertPods(target, alertPod), List.of());
    Set<String> names = new HashSet<>();
    names.add(target.name());
    pods.forEach(p -> names.add(p.getMetadata().getName()));
    List<Enrichment.EventSummary> events = whole ? section.read("events", () -> events(ns, names), List.of()) : List.of();
    List<Enrichment.NodeState> nodes = section.read("nodes", () -> nodes(target, pods), List.of());
    List<Container> containers = template != null ? template.getSpec().getContainers()
        : pods.isEmpty() ? List.of() : pods.get(0).getSpec().getContainers();
    Enrichment.AutoscalerState hpa = section.read("autoscaler", () -> autoscaler(target), null);
    Map<String, String> podLabels = !pods.isEmpty() ? pods.get(0).getMetadata().getLabels()
        : template != null && template.getMetadata() != null ? template.getMetadata().getLabels() : null;
    Enrichment.DisruptionBudgetState pdb = section.read("disruption budget", () -> disruptionBudget(ns, podLabels), null);
    Enrichment.RolloutState rollout = section.read("rollout", () -> rollout(target, workload, pods, whole), null);
    Namespace namespace = ns.isEmpty() ? null : section.read("namespace", () -> owners.namespace(ns).orElse(null), null);
    return new Enrichment(chain, pods.stream().map(ClusterEnricher::podState).toList(), events, nodes,
        containers.stream().map(ClusterEnricher::resources).toList(), hpa, pdb, rollout,
        namespace == null || namespace.getMetadata().getAnnotations() == null ? Map.of() : namespace.getMetadata().getAnnotations(),
        namespace == null || namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels(),
        degradations);
  }

  /** Runs one read under the budget; a failure or an exhausted budget gives the fallback and a degradation. */
  private final class Section {
    private final Instant deadline;
    private final List<String> degradations;

    Section(Instant deadline, List<String> degradations) {
      this.deadline = deadline;
      this.degradations = degradations;
    }

    <T> T read(String what, Supplier<T> reader, T fallback) {
      if (!clock.instant().isBefore(deadline)) {
        degradations.add("Skipped " + what + ": the enrichment time budget ran out.");
        return fallback;
      }
      try {
        T value = reader.get();
        return value == null ? fallback : value;
      } catch (RuntimeException e) {
        LOG.warn("Enrichment could not read {}: {}", what, e.getMessage());
        degradations.add("Could not read " + what + ": " + e.getMessage());
        return fallback;
      }
    }
  }

  /** The target when it is a workload (Deployment, StatefulSet, DaemonSet): one GET; else null. */
  private HasMetadata workload(TargetRef t) {
    return switch (t.kind()) {
      case "Deployment" -> client.apps().deployments().inNamespace(t.namespace()).withName(t.name()).get();
      case "StatefulSet" -> client.apps().statefulSets().inNamespace(t.namespace()).withName(t.name()).get();
      case "DaemonSet" -> client.apps().daemonSets().inNamespace(t.namespace()).withName(t.name()).get();
      default -> null;
    };
  }

  private static PodTemplateSpec template(HasMetadata workload) {
    var spec = workload instanceof Deployment d ? d.getSpec() == null ? null : d.getSpec().getTemplate()
        : workload instanceof StatefulSet s ? s.getSpec() == null ? null : s.getSpec().getTemplate()
        : workload instanceof DaemonSet ds && ds.getSpec() != null ? ds.getSpec().getTemplate() : null;
    return spec;
  }

  /**
   * The alert's own pod: the target itself when it is a pod, else the pod the alert names, when it
   * exists. Read by name (the owner resolution at intake usually read it moments ago), never listed.
   */
  private List<Pod> alertPods(TargetRef t, String alertPod) {
    String name = t.kind().equals("Pod") ? t.name() : alertPod;
    if (name == null || t.namespace().isEmpty()) {
      return List.of();
    }
    Pod pod = owners.pod(t.namespace(), name);
    return pod == null ? List.of() : List.of(pod);
  }

  private List<Pod> pods(TargetRef t, PodTemplateSpec template) {
    if (t.kind().equals("Pod")) {
      Pod pod = client.pods().inNamespace(t.namespace()).withName(t.name()).get();
      return pod == null ? List.of() : List.of(pod);
    }
    if (template == null || template.getMetadata() == null || template.getMetadata().getLabels() == null) {
      return List.of();
    }
    Map<String, String> selector = template.getMetadata().getLabels();
    return client.pods().inNamespace(t.namespace()).withLabels(selector).list().getItems().stream()
        .filter(p -> p.getMetadata().getLabels() != null && p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .toList();
  }

  private List<Enrichment.EventSummary> events(String ns, Set<String> objectNames) {
    if (ns.isEmpty()) {
      return List.of();
    }
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()) && e.getInvolvedObject() != null
            && objectNames.contains(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(ClusterEnricher::lastSeen).reversed())
        .limit(MAX_EVENTS)
        .map(e -> new Enrichment.EventSummary(e.getReason(), e.getMessage(),
            e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(),
            e.getCount() == null ? 1 : e.getCount(), lastSeen(e)))
        .toList();
  }

  private static String lastSeen(Event e) {
    return e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getMetadata().getCreationTimestamp() == null ? ""
        : e.getMetadata().getCreationTimestamp();
  }

  private List<Enrichment.NodeState> nodes(TargetRef target, List<Pod> pods) {
    Set<String> names = new LinkedHashSet<>();
    if (target.kind().equals("Node")) {
      names.add(target.name());
    }
    pods.forEach(p -> {
      if (p.getSpec().getNodeName() != null) {
        names.add(p.getSpec().getNodeName());
      }
    });
    List<Enrichment.NodeState> states = new ArrayList<>();
    for (String name : names) {
      watched.node().apply(name).or(() -> nodes.get(name, n -> Optional.ofNullable(client.nodes().withName(n).get())))
          .ifPresent(node -> states.add(nodeState(node)));
    }
    return states;
  }

  private static Enrichment.NodeState nodeState(Node node) {
    boolean ready = false;
    List<String> pressures = new ArrayList<>();
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (var c : node.getStatus().getConditions()) {
        if ("Ready".equals(c.getType())) {
          ready = "True".equals(c.getStatus());
        } else if (c.getType().endsWith("Pressure") && "True".equals(c.getStatus())) {
          pressures.add(c.getType());
        }
      }
    }
    boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    return new Enrichment.NodeState(node.getMetadata().getName(), ready, pressures, unschedulable,
        node.getMetadata().getLabels());
  }

  private Enrichment.AutoscalerState autoscaler(TargetRef t) {
    if (t.namespace().isEmpty()) {
      return null;
    }
    List<HorizontalPodAutoscaler> listed = watched.autoscalers().apply(t.namespace()).orElseGet(() -> autoscalers.get(
        t.namespace(), ns -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).list().getItems()));
    for (HorizontalPodAutoscaler hpa : listed) {
      var ref = hpa.getSpec().getScaleTargetRef();
      if (ref != null && t.kind().equals(ref.getKind()) && t.name().equals(ref.getName())) {
        int current = hpa.getStatus() == null || hpa.getStatus().getCurrentReplicas() == null ? 0 : hpa.getStatus().getCurrentReplicas();
        return new Enrichment.AutoscalerState(hpa.getMetadata().getName(),
            hpa.getSpec().getMinReplicas() == null ? 1 : hpa.getSpec().getMinReplicas(), hpa.getSpec().getMaxReplicas(), current);
      }
    }
    return null;
  }

  /** The PDB whose selector matches the pods' labels (a pod's, else the workload's pod template's). */
  private Enrichment.DisruptionBudgetState disruptionBudget(String ns, Map<String, String> podLabels) {
    if (ns.isEmpty() || podLabels == null || podLabels.isEmpty()) {
      return null;
    }
    List<PodDisruptionBudget> listed = watched.budgets().apply(ns).orElseGet(() -> budgets.get(ns,
        n -> client.policy().v1().podDisruptionBudget().inNamespace(n).list().getItems()));
    for (PodDisruptionBudget pdb : listed) {
      LabelSelector selector = pdb.getSpec().getSelector();
      if (selector != null && selector.getMatchLabels() != null
          && podLabels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
        int allowed = pdb.getStatus() == null || pdb.getStatus().getDisruptionsAllowed() == null ? 0
            : pdb.getStatus().getDisruptionsAllowed();
        return new Enrichment.DisruptionBudgetState(pdb.getMetadata().getName(), allowed);
      }
    }
    return null;
  }

  /**
   * The Deployment's latest ReplicaSet among those its pods belong to (their controller references),
   * by name, as the owner resolution of the alert's pod usually just read it. Without pods, the whole
   * context lists the namespace's ReplicaSets; the alert's context names the revision from the
   * Deployment's own annotation instead (no ReplicaSet, no creation time).
   */
  private Enrichment.RolloutState rollout(TargetRef t, HasMetadata workload, List<Pod> pods, boolean whole) {
    if (!t.kind().equals("Deployment")) {
      return null;
    }
    if (pods.isEmpty() && !whole) {
      long revision = workload == null ? 0 : revision(workload);
      return revision == 0 ? null : new Enrichment.RolloutState(null, String.valueOf(revision), null);
    }
    Set<String> owners = new LinkedHashSet<>();
    for (Pod pod : pods) {
      for (OwnerReference o : pod.getMetadata().getOwnerReferences() == null ? List.<OwnerReference>of()
          : pod.getMetadata().getOwnerReferences()) {
        if (Boolean.TRUE.equals(o.getController()) && "ReplicaSet".equals(o.getKind()) && owners.size() < MAX_REPLICA_SETS) {
          owners.add(o.getName());
        }
      }
    }
    List<ReplicaSet> candidates = owners.isEmpty()
        ? client.apps().replicaSets().inNamespace(t.namespace()).list().getItems()
        : owners.stream().map(name -> this.owners.replicaSet(t.namespace(), name))
            .filter(java.util.Objects::nonNull).toList();
    return candidates.stream()
        .filter(rs -> rs.getMetadata().getOwnerReferences() != null && rs.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> "Deployment".equals(o.getKind()) && t.name().equals(o.getName())))
        .max(Comparator.comparingLong(ClusterEnricher::revision))
        .map(rs -> new Enrichment.RolloutState(rs.getMetadata().getName(), String.valueOf(revision(rs)),
            rs.getMetadata().getCreationTimestamp()))
        .orElse(null);
  }

  private static long revision(HasMetadata rs) {
    Map<String, String> a = rs.getMetadata().getAnnotations();
    try {
      return a == null ? 0 : Long.parseLong(a.getOrDefault("deployment.kubernetes.io/revision", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Enrichment.PodState podState(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of() : pod.getStatus().getContainerStatuses();
    boolean ready = !statuses.isEmpty() && statuses.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
    int restarts = statuses.stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    String waiting = statuses.stream().filter(s -> s.getState() != null && s.getState().getWaiting() != null)
        .map(s -> s.getState().getWaiting().getReason()).findFirst().orElse(null);
    String terminated = statuses.stream().filter(s -> s.getLastState() != null && s.getLastState().getTerminated() != null)
        .map(s -> s.getLastState().getTerminated().getReason()).findFirst().orElse(null);
    return new Enrichment.PodState(pod.getMetadata().getName(), pod.getStatus() == null ? null : pod.getStatus().getPhase(),
        ready, restarts, waiting, terminated, pod.getSpec() == null ? null : pod.getSpec().getNodeName(), claims(pod));
  }

  /** The PersistentVolumeClaims the pod mounts. */
  private static List<String> claims(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return List.of();
    }
    return pod.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
        .map(v -> v.getPersistentVolumeClaim().getClaimName()).toList();
  }

  private static Enrichment.ContainerResources resources(Container c) {
    var r = c.getResources();
    Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
    Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
    return new Enrichment.ContainerResources(c.getName(), q(requests.get("cpu")), q(limits.get("cpu")),
        q(requests.get("memory")), q(limits.get("memory")));
  }

  private static String q(Quantity q) {
    return q == null ? null : q.toString();
  }
}
