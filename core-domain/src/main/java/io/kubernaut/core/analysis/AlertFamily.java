package io.kubernaut.core.analysis;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The alert families the rule engine knows, from kube-prometheus alert names and Kubernetes
 * events. The alert's name decides first; only an alert whose name matches no family takes its
 * family from the cluster state (checked in declaration order). Each family lists the catalog
 * actions that answer it; {@code notify_only} and {@code collect_diagnostics} answer every family.
 */
enum AlertFamily {
  OOM_KILLED("increase_resources", "rollout_restart", "restart_pod"),
  CRASH_LOOPING("rollback_deployment", "rollout_restart", "restart_pod", "delete_pod"),
  NODE_NOT_READY("cordon_node", "drain_node", "taint_node"),
  NODE_PRESSURE("cordon_node", "drain_node", "taint_node"),
  PVC_FILLING_UP("expand_pvc"),
  CPU_THROTTLING("increase_resources", "rollout_restart", "restart_pod"),
  HPA_MAXED_OUT("update_hpa", "scale_deployment", "scale_statefulset"),
  EVICTED(),
  FAILED_SCHEDULING(),
  ROLLOUT_STUCK("rollback_deployment", "rollout_restart", "restart_pod"),
  REPLICA_MISMATCH("rollout_restart", "restart_pod", "scale_deployment", "scale_statefulset"),
  NOT_READY("rollout_restart", "restart_pod"),
  UNKNOWN();

  /** Actions that answer any family: they change nothing. */
  static final Set<String> NEUTRAL = Set.of("notify_only", "collect_diagnostics");

  private final Set<String> remedies;

  AlertFamily(String... remedies) {
    this.remedies = Set.of(remedies);
  }

  /** Whether {@code action} answers this family (the unknown family is answered by nothing but neutral actions). */
  boolean answeredBy(String action) {
    return NEUTRAL.contains(action) || remedies.contains(action);
  }

  /** The family of the alert described by {@code facts}: by its name, else by the cluster state. */
  static AlertFamily of(ClusterFacts facts, String targetKind) {
    return byName(facts.alert()).orElseGet(() -> byState(facts, targetKind));
  }

  /** The family the alert's name (lower-case) names, if any. */
  static Optional<AlertFamily> byName(String a) {
    if (any(a, "oomkill", "oom_kill", "oomkilled")) {
      return Optional.of(OOM_KILLED);
    }
    if (any(a, "crashloop")) {
      return Optional.of(CRASH_LOOPING);
    }
    if (any(a, "nodenotready", "nodeunreachable")) {
      return Optional.of(NODE_NOT_READY);
    }
    if (any(a, "diskpressure", "memorypressure", "nodepressure", "pidpressure")) {
      return Optional.of(NODE_PRESSURE);
    }
    if (any(a, "persistentvolumefillingup", "persistentvolumeinodesfillingup", "pvcfilling")) {
      return Optional.of(PVC_FILLING_UP);
    }
    if (any(a, "cputhrottling")) {
      return Optional.of(CPU_THROTTLING);
    }
    if (any(a, "hpamaxedout")) {
      return Optional.of(HPA_MAXED_OUT);
    }
    if (any(a, "evicted")) {
      return Optional.of(EVICTED);
    }
    if (any(a, "failedscheduling", "podpending", "unschedulable")) {
      return Optional.of(FAILED_SCHEDULING);
    }
    if (any(a, "rolloutstuck", "generationmismatch", "progressdeadline")) {
      return Optional.of(ROLLOUT_STUCK);
    }
    if (any(a, "replicasmismatch", "replicamismatch", "statefulsetupdatenotrolledout", "daemonsetnotscheduled")) {
      return Optional.of(REPLICA_MISMATCH);
    }
    if (any(a, "podnotready", "containerwaiting", "notready")) {
      return Optional.of(NOT_READY);
    }
    return Optional.empty();
  }

  /** The family the cluster state shows, for an alert whose name names none. */
  static AlertFamily byState(ClusterFacts facts, String targetKind) {
    if (!facts.oomKilledPods().isEmpty() || facts.hasEvent("OOMKilling")) {
      return OOM_KILLED;
    }
    if (!facts.crashLoopingPods().isEmpty() || facts.hasEvent("BackOff")) {
      return CRASH_LOOPING;
    }
    if ("Node".equals(targetKind) && !facts.notReadyNodes().isEmpty()) {
      return NODE_NOT_READY;
    }
    if ("Node".equals(targetKind) && !facts.pressures().isEmpty()) {
      return NODE_PRESSURE;
    }
    if ("PersistentVolumeClaim".equals(targetKind)) {
      return PVC_FILLING_UP;
    }
    if (facts.evidenceOfAutoscalerAtMaximum()) {
      return HPA_MAXED_OUT;
    }
    if (facts.hasEvent("Evicted")) {
      return EVICTED;
    }
    if (facts.hasEvent("FailedScheduling")) {
      return FAILED_SCHEDULING;
    }
    if (!facts.notReadyPods().isEmpty()) {
      return NOT_READY;
    }
    return UNKNOWN;
  }

  private static boolean any(String alert, String... needles) {
    return Stream.of(needles).anyMatch(alert::contains);
  }
}
