package io.kubernaut.core.target;

import io.kubernaut.ports.signal.TargetRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the Kubernetes object an alert is about from its labels, most specific first.
 *
 * <p>The namespace is the alert's {@code namespace} label. {@code exported_namespace} wins over it
 * only when the alert comes from a scrape job this locator trusts (its {@code job} label is in the
 * allowlist, by default {@code kube-state-metrics}): such an exporter runs in one namespace and
 * reports objects of every other, and Prometheus keeps the object's namespace as
 * {@code exported_namespace}. Any other scrape target could set {@code exported_namespace} to aim a
 * remediation at another team's namespace, so for them the label the scrape itself attached wins.
 *
 * <p>When {@code exported_namespace} is taken, Prometheus has renamed every label the metric and
 * the scrape target both had ({@code honor_labels: false}): the object's pod is then
 * {@code exported_pod}, and {@code pod} and {@code service} name the exporter's own pod and Service.
 * So the {@code exported_} form of each label is read first, and the scrape target's {@code pod} and
 * {@code service} are never taken for the object (a kube-state-metrics alert about a Deployment would
 * otherwise aim at the kube-state-metrics pod, and every alert of one name in a namespace would share
 * that one target and fingerprint).
 */
public final class TargetLocator {

  /** The scrape jobs trusted by default to report another namespace's objects. */
  public static final Set<String> DEFAULT_EXPORTED_NAMESPACE_JOBS = Set.of("kube-state-metrics");

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

  /** The labels a Kubernetes scrape target carries itself: under {@code exported_namespace}, the exporter's, not the object's. */
  private static final Set<String> SCRAPE_TARGET_LABELS = Set.of("pod", "service");

  private final Set<String> exportedNamespaceJobs;

  /**
   * @param exportedNamespaceJobs the scrape jobs ({@code job} label values) whose
   *     {@code exported_namespace} is trusted; empty trusts none
   */
  public TargetLocator(Set<String> exportedNamespaceJobs) {
    this.exportedNamespaceJobs = Set.copyOf(exportedNamespaceJobs);
  }

  /** A locator trusting {@link #DEFAULT_EXPORTED_NAMESPACE_JOBS}. */
  public static TargetLocator standard() {
    return new TargetLocator(DEFAULT_EXPORTED_NAMESPACE_JOBS);
  }

  /** The namespace the labels name, or empty. */
  public String namespaceOf(Map<String, String> labels) {
    return exportedNamespaceTaken(labels) ? labels.get("exported_namespace") : labels.getOrDefault("namespace", "");
  }

  /**
   * The target the labels name. A namespace alone names the Namespace; a namespaced object's label
   * without a namespace names nothing (a pod named {@code p} in no namespace cannot be found); no
   * usable label names nothing, and the caller ignores the alert.
   */
  public Optional<TargetRef> locate(Map<String, String> labels) {
    String namespace = namespaceOf(labels);
    boolean exported = exportedNamespaceTaken(labels);
    for (LabelKind candidate : ORDER) {
      String exportedName = exported ? labels.get("exported_" + candidate.label()) : null;
      String name = exportedName != null ? exportedName
          : exported && SCRAPE_TARGET_LABELS.contains(candidate.label()) ? null : labels.get(candidate.label());
      if (name != null && !name.isBlank() && !(candidate.namespaced() && namespace.isBlank())
          && !("Service".equals(candidate.kind()) && exportedName == null && isScrapeService(labels))) {
        return Optional.of(new TargetRef(candidate.kind(), candidate.namespaced() ? namespace : "", name));
      }
    }
    if (!namespace.isBlank()) {
      return Optional.of(new TargetRef("Namespace", "", namespace));
    }
    return Optional.empty();
  }

  /** Whether the namespace is the trusted {@code exported_namespace}: the labels were renamed by the scrape. */
  private boolean exportedNamespaceTaken(Map<String, String> labels) {
    String exported = labels.getOrDefault("exported_namespace", "");
    return !exported.isBlank() && trustsExportedNamespace(labels);
  }

  private boolean trustsExportedNamespace(Map<String, String> labels) {
    String job = labels.get("job");
    return job != null && exportedNamespaceJobs.contains(job);
  }

  /** The {@code service} label of kube-state-metrics alerts names the exporter, not the object. */
  private static boolean isScrapeService(Map<String, String> labels) {
    return labels.containsKey("job") && labels.containsKey("service") && labels.get("service").equals(labels.get("job"));
  }
}
