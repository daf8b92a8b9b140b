package io.kubernaut.ports.processing;

import io.kubernaut.ports.signal.TargetRef;
import java.util.List;
import java.util.Map;

/**
 * The cluster context gathered for one alert. Every list may be partial: what could not be read
 * within the time budget is named in {@link #degradations()}.
 *
 * @param ownerChain the target and its controllers, innermost first (pod → ReplicaSet → Deployment)
 * @param pods the target's pods
 * @param events recent Warning events about the target and its pods, newest first
 * @param nodes the nodes those pods run on (and the target itself when it is a node), with their labels
 * @param containers requests and limits of the workload's containers
 * @param autoscaler the HorizontalPodAutoscaler of the workload, or {@code null}
 * @param disruptionBudget the PodDisruptionBudget covering its pods, or {@code null}
 * @param rollout the latest rollout of the workload, or {@code null}
 * @param namespaceAnnotations annotations of the target's namespace (business criticality lives there)
 * @param namespaceLabels labels of the target's namespace
 * @param degradations sentences naming what could not be read
 */
public record Enrichment(
    List<TargetRef> ownerChain,
    List<PodState> pods,
    List<EventSummary> events,
    List<NodeState> nodes,
    List<ContainerResources> containers,
    AutoscalerState autoscaler,
    DisruptionBudgetState disruptionBudget,
    RolloutState rollout,
    Map<String, String> namespaceAnnotations,
    Map<String, String> namespaceLabels,
    List<String> degradations) {

  public Enrichment {
    ownerChain = ownerChain == null ? List.of() : List.copyOf(ownerChain);
    pods = pods == null ? List.of() : List.copyOf(pods);
    events = events == null ? List.of() : List.copyOf(events);
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    containers = containers == null ? List.of() : List.copyOf(containers);
    namespaceAnnotations = namespaceAnnotations == null ? Map.of() : Map.copyOf(namespaceAnnotations);
    namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
    degradations = degradations == null ? List.of() : List.copyOf(degradations);
  }

  /**
   * A pod's state: phase, readiness, restarts, the last termination reason, its node and the
   * PersistentVolumeClaims it mounts.
   */
  public record PodState(String name, String phase, boolean ready, int restarts, String waitingReason,
      String lastTerminationReason, String node, List<String> claims) {
    public PodState {
      claims = claims == null ? List.of() : List.copyOf(claims);
    }

    /** A pod that mounts no claims. */
    public PodState(String name, String phase, boolean ready, int restarts, String waitingReason,
        String lastTerminationReason, String node) {
      this(name, phase, ready, restarts, waitingReason, lastTerminationReason, node, List.of());
    }
  }

  /** A Warning event, summarised. */
  public record EventSummary(String reason, String message, String object, int count, String lastSeen) {}

  /** A node's condition summary and its labels. */
  public record NodeState(String name, boolean ready, List<String> pressures, boolean unschedulable,
      Map<String, String> labels) {
    /** The role labels that mark a control-plane node. */
    public static final List<String> CONTROL_PLANE_LABELS =
        List.of("node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master");

    public NodeState {
      pressures = pressures == null ? List.of() : List.copyOf(pressures);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A node whose labels were not read. */
    public NodeState(String name, boolean ready, List<String> pressures, boolean unschedulable) {
      this(name, ready, pressures, unschedulable, Map.of());
    }

    /** Whether it carries a control-plane (or legacy master) role label. */
    public boolean controlPlane() {
      return CONTROL_PLANE_LABELS.stream().anyMatch(labels::containsKey);
    }
  }

  /** One container's requests and limits (Kubernetes quantities as strings). */
  public record ContainerResources(String container, String cpuRequest, String cpuLimit, String memoryRequest,
      String memoryLimit) {}

  /** An HPA's bounds and current replicas. */
  public record AutoscalerState(String name, int minReplicas, int maxReplicas, int currentReplicas) {
    /** Whether it cannot scale out any further. */
    public boolean atMaximum() {
      return currentReplicas >= maxReplicas;
    }
  }

  /** A PDB's allowance. */
  public record DisruptionBudgetState(String name, int disruptionsAllowed) {}

  /** The latest rollout: revision and when its ReplicaSet was created. */
  public record RolloutState(String replicaSet, String revision, String createdAt) {}
}
