package io.kubernaut.core.analysis;

import java.util.List;

/**
 * The alert families the rule engine knows, from kube-prometheus alert names and Kubernetes
 * events, checked in declaration order: the alert name first, then the enrichment's evidence.
 */
enum AlertFamily {
  OOM_KILLED,
  CRASH_LOOPING,
  NODE_NOT_READY,
  NODE_PRESSURE,
  PVC_FILLING_UP,
  CPU_THROTTLING,
  HPA_MAXED_OUT,
  EVICTED,
  FAILED_SCHEDULING,
  ROLLOUT_STUCK,
  REPLICA_MISMATCH,
  NOT_READY,
  UNKNOWN;

  /** The family of the alert described by {@code facts}. */
  static AlertFamily of(ClusterFacts facts, String targetKind) {
    String a = facts.alert();
    if (any(a, "oomkill", "oom_kill", "oomkilled") || !facts.oomKilledPods().isEmpty() || facts.hasEvent("OOMKilling")) {
      return OOM_KILLED;
    }
    if (any(a, "crashloop") || !facts.crashLoopingPods().isEmpty() || facts.hasEvent("BackOff")) {
      return CRASH_LOOPING;
    }
    if (any(a, "nodenotready", "nodeunreachable") || ("Node".equals(targetKind) && !facts.notReadyNodes().isEmpty())) {
      return NODE_NOT_READY;
    }
    if (any(a, "diskpressure", "memorypressure", "nodepressure", "pidpressure")
        || ("Node".equals(targetKind) && !facts.pressures().isEmpty())) {
      return NODE_PRESSURE;
    }
    if (any(a, "persistentvolumefillingup", "persistentvolumeinodesfillingup", "pvcfilling")
        || "PersistentVolumeClaim".equals(targetKind)) {
      return PVC_FILLING_UP;
    }
    if (any(a, "cputhrottling")) {
      return CPU_THROTTLING;
    }
    if (any(a, "hpamaxedout") || (facts.evidenceOfAutoscalerAtMaximum())) {
      return HPA_MAXED_OUT;
    }
    if (any(a, "evicted") || facts.hasEvent("Evicted")) {
      return EVICTED;
    }
    if (any(a, "failedscheduling", "podpending", "unschedulable") || facts.hasEvent("FailedScheduling")) {
      return FAILED_SCHEDULING;
    }
    if (any(a, "rolloutstuck", "generationmismatch", "progressdeadline")) {
      return ROLLOUT_STUCK;
    }
    if (any(a, "replicasmismatch", "replicamismatch", "statefulsetupdatenotrolledout", "daemonsetnotscheduled")) {
      return REPLICA_MISMATCH;
    }
    if (any(a, "podnotready", "containerwaiting", "notready") || !facts.notReadyPods().isEmpty()) {
      return NOT_READY;
    }
    return UNKNOWN;
  }

  private static boolean any(String alert, String... needles) {
    return List.of(needles).stream().anyMatch(alert::contains);
  }
}
