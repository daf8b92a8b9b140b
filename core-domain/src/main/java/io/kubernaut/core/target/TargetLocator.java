package io.kubernaut.core.target;

import io.kubernaut.ports.signal.TargetRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Kubernetes object an alert is about from its labels, most specific first.
 * {@code exported_namespace} wins over {@code namespace}, because kube-state-metrics relabels the
 * scraped object's namespace that way.
 */
public final class TargetLocator {

  private record LabelKind(String label, String kind, boolean namespaced) {}

  private static final List<LabelKind> ORDER = List.of(
      new LabelKind("pod", "Pod", true),
      new LabelKind("deployment", "Deployment", true),
      new LabelKind("statefulset", "StatefulSet", true),
      new LabelKind("daemonset", "DaemonSet", true),
      new LabelKind("replicaset", "ReplicaSet", true),
      new LabelKind("job_name", "Job", true),
      new LabelKind("cronjob", "CronJob", true),
      new LabelKind("horizontalpodautoscaler", "HorizontalPodAutoscaler", true),
      new LabelKind("persistentvolumeclaim", "PersistentVolumeClaim", true),
      new LabelKind("service", "Service", true),
      new LabelKind("node", "Node", false),
      new LabelKind("persistentvolume", "PersistentVolume", false));

  private TargetLocator() {}

  /** The namespace the labels name, or empty. */
  public static String namespaceOf(Map<String, String> labels) {
    String exported = labels.getOrDefault("exported_namespace", "");
    return !exported.isBlank() ? exported : labels.getOrDefault("namespace", "");
  }

  /**
   * The target the labels name. A namespace alone names the Namespace; no usable label names
   * nothing, and the caller rejects the alert.
   */
  public static Optional<TargetRef> locate(Map<String, String> labels) {
    String namespace = namespaceOf(labels);
    for (LabelKind candidate : ORDER) {
      String name = labels.get(candidate.label());
      if (name != null && !name.isBlank() && !("Service".equals(candidate.kind()) && isScrapeService(labels))) {
        return Optional.of(new TargetRef(candidate.kind(), candidate.namespaced() ? namespace : "", name));
      }
    }
    if (!namespace.isBlank()) {
      return Optional.of(new TargetRef("Namespace", "", namespace));
    }
    return Optional.empty();
  }

  /** The {@code service} label of kube-state-metrics alerts names the exporter, not the object. */
  private static boolean isScrapeService(Map<String, String> labels) {
    return labels.containsKey("job") && labels.get("service").equals(labels.get("job"));
  }
}
