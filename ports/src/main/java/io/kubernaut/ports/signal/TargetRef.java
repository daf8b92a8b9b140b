package io.kubernaut.ports.signal;

import java.util.Objects;

/**
 * A Kubernetes object a signal is about.
 *
 * @param kind the object's kind, e.g. {@code Deployment}
 * @param namespace its namespace, empty for cluster-scoped kinds such as {@code Node}
 * @param name its name
 */
public record TargetRef(String kind, String namespace, String name) {

  /** Kinds that live outside namespaces (lower case); a namespace on such a target means nothing. */
  private static final java.util.Set<String> CLUSTER_SCOPED = java.util.Set.of("node", "namespace", "persistentvolume",
      "storageclass", "clusterrole", "clusterrolebinding", "customresourcedefinition", "priorityclass", "ingressclass",
      "runtimeclass", "csidriver", "csinode", "volumeattachment", "apiservice", "mutatingwebhookconfiguration",
      "validatingwebhookconfiguration");

  /** Whether objects of {@code kind} live outside namespaces. */
  public static boolean clusterScoped(String kind) {
    return kind != null && CLUSTER_SCOPED.contains(kind.toLowerCase(java.util.Locale.ROOT));
  }

  public TargetRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    namespace = namespace == null ? "" : namespace;
  }

  /** {@code kind/namespace/name}, or {@code kind/name} when cluster-scoped. */
  public String display() {
    return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }
}
