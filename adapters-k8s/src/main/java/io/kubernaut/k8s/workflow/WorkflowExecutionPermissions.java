package io.kubernaut.k8s.workflow;

import io.kubernaut.ports.action.AccessNeed;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.signal.TargetRef;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The access reviews of a step in the Validating phase: exactly what its action declares in the
 * catalog for the target's kind, with a need on "the target's resource" resolved from that kind.
 */
final class WorkflowExecutionPermissions {

  /**
   * One resource attribute to review; {@code namespace} and {@code name} are null where the need
   * is not on one namespace or one object.
   */
  record Need(String group, String resource, String subresource, String verb, String namespace, String name) {

    /** {@code verb resource[/subresource]}, as the denial sentence names it. */
    String display() {
      return verb + " " + resource + (subresource == null ? "" : "/" + subresource);
    }
  }

  private static final Map<String, String> GROUPS = Map.of("Deployment", "apps", "StatefulSet", "apps",
      "DaemonSet", "apps", "ReplicaSet", "apps", "HorizontalPodAutoscaler", "autoscaling");

  private WorkflowExecutionPermissions() {}

  /** What {@code action} declares it needs on {@code target}; empty for actions that touch nothing. */
  static List<Need> needs(ActionInfo action, TargetRef target) {
    return action.accessFor(target.kind()).stream().map(n -> resolve(n, target)).toList();
  }

  private static Need resolve(AccessNeed n, TargetRef t) {
    String group = n.isTargetResource() ? GROUPS.getOrDefault(t.kind(), "") : n.group();
    String resource = n.isTargetResource() ? plural(t.kind()) : n.resource();
    String namespace = n.scope() == AccessNeed.Scope.CLUSTER || t.namespace().isEmpty() ? null : t.namespace();
    String name = n.scope() == AccessNeed.Scope.TARGET ? t.name() : null;
    return new Need(group, resource, n.subresource().isEmpty() ? null : n.subresource(), n.verb(), namespace, name);
  }

  static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.endsWith("s")) {
      return lower + "es";
    }
    return lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
  }
}
