package io.kubernaut.k8s.workflow;

import io.kubernaut.ports.signal.TargetRef;
import java.util.Locale;
import java.util.Map;

/** The permission each action needs on its target, for the access review of the Validating phase. */
final class WorkflowExecutionPermissions {

  /** One resource attribute to review. */
  record Need(String group, String resource, String subresource, String verb) {}

  private static final Map<String, String> GROUPS = Map.of("Deployment", "apps", "StatefulSet", "apps",
      "DaemonSet", "apps", "ReplicaSet", "apps", "HorizontalPodAutoscaler", "autoscaling");

  private WorkflowExecutionPermissions() {}

  /** What {@code action} needs on {@code target}; null for actions that touch nothing (notify_only). */
  static Need need(String action, TargetRef target) {
    String group = GROUPS.getOrDefault(target.kind(), "");
    String resource = plural(target.kind());
    return switch (action) {
      case "notify_only" -> null;
      case "restart_pod", "delete_pod" -> new Need("", "pods", null, "delete");
      case "collect_diagnostics" -> new Need(group, resource, null, "get");
      case "drain_node" -> new Need("", "pods", "eviction", "create");
      default -> new Need(group, resource, null, "patch");
    };
  }

  static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.endsWith("s")) {
      return lower + "es";
    }
    return lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
  }
}
