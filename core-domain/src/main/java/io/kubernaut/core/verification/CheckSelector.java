package io.kubernaut.core.verification;

import io.kubernaut.ports.signal.TargetRef;
import io.kubernaut.ports.verification.SuccessCondition;
import io.kubernaut.ports.verification.VerificationCheck;
import io.kubernaut.ports.verification.VerificationPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verification checks of one alert: its own from {@code verification.yaml}, else (when shipped
 * defaults are on) those of its family, recognised by the alert's name: crash loops, OOM kills,
 * CPU throttling and volumes filling up. Also the placeholder values a target gives.
 */
public final class CheckSelector {

  private static final String PODS = "namespace=\"${namespace}\",pod=~\"${workload}-.*\"";

  /** The shipped checks per family, each keyed by the alert-name fragments that select it. */
  static final Map<List<String>, List<VerificationCheck>> SHIPPED = Map.of(
      List.of("crashloop"), List.of(
          check("restarts-stopped", "sum(increase(kube_pod_container_status_restarts_total{" + PODS + "}[3m]))", "== 0",
              Duration.ofMinutes(1), 2, 3, 2),
          check("no-crashloop-backoff", "kube_pod_container_status_waiting_reason{" + PODS
              + ",reason=\"CrashLoopBackOff\"} > 0", "empty", Duration.ofMinutes(1), 2, 3, 2)),
      List.of("oomkill", "oom_kill"), List.of(
          check("no-new-oomkills", "(kube_pod_container_status_last_terminated_reason{" + PODS
              + ",reason=\"OOMKilled\"} == 1) and on(namespace, pod, container) (increase("
              + "kube_pod_container_status_restarts_total{" + PODS + "}[3m]) > 0)", "empty", Duration.ofMinutes(1), 2, 3, 2)),
      List.of("cputhrottling"), List.of(
          check("throttling-below-25-percent", "sum(increase(container_cpu_cfs_throttled_periods_total{" + PODS
              + ",container!=\"\"}[5m])) / sum(increase(container_cpu_cfs_periods_total{" + PODS
              + ",container!=\"\"}[5m]))", "< 0.25", Duration.ofMinutes(1), 2, 3, 2)),
      List.of("persistentvolumefillingup", "persistentvolumeinodesfillingup", "pvcfilling"), List.of(
          check("volume-below-85-percent", "max(kubelet_volume_stats_used_bytes{namespace=\"${namespace}\","
              + "persistentvolumeclaim=\"${workload}\"} / kubelet_volume_stats_capacity_bytes{namespace=\"${namespace}\","
              + "persistentvolumeclaim=\"${workload}\"})", "< 0.85", Duration.ofMinutes(1), 2, 3, 2)));

  /** The alert's checks, placeholders still unfilled; empty when it has none. */
  public List<VerificationCheck> checksFor(VerificationPolicy policy, String alertName) {
    if (policy.byAlert().containsKey(alertName)) {
      return policy.byAlert().get(alertName);
    }
    if (!policy.shippedDefaults()) {
      return List.of();
    }
    String name = alertName.toLowerCase(Locale.ROOT);
    return SHIPPED.entrySet().stream().filter(e -> e.getKey().stream().anyMatch(name::contains))
        .map(Map.Entry::getValue).findFirst().orElse(List.of());
  }

  /**
   * The placeholder values: {@code namespace} the target's (else the alert's label); {@code pod} and
   * {@code node} the target's name when it is a Pod or a Node, else the alert's label; {@code workload}
   * the target's name when it is neither (a Deployment, StatefulSet, DaemonSet, PersistentVolumeClaim...),
   * else the alert's {@code deployment}, {@code statefulset} or {@code daemonset} label.
   */
  public Map<String, String> placeholders(TargetRef target, Map<String, String> labels) {
    Map<String, String> values = new HashMap<>();
    values.put("namespace", target.namespace().isEmpty() ? labels.get("namespace") : target.namespace());
    boolean pod = "Pod".equals(target.kind());
    boolean node = "Node".equals(target.kind());
    values.put("pod", pod ? target.name() : labels.get("pod"));
    values.put("node", node ? target.name() : labels.get("node"));
    String workload = pod || node ? firstOf(labels, "deployment", "statefulset", "daemonset") : target.name();
    values.put("workload", workload);
    values.values().removeIf(java.util.Objects::isNull);
    return values;
  }

  private static String firstOf(Map<String, String> labels, String... keys) {
    for (String k : keys) {
      if (labels.get(k) != null) {
        return labels.get(k);
      }
    }
    return null;
  }

  private static VerificationCheck check(String name, String query, String condition, Duration interval, int count,
      int failureLimit, int inconclusiveLimit) {
    return new VerificationCheck(name, query, SuccessCondition.parse(condition), interval, count, failureLimit,
        inconclusiveLimit);
  }
}
