package io.kubernaut.k8s;

/**
 * What the Kubernetes adapter needs from the operator's configuration.
 *
 * @param namespace where Kubernaut's custom resources live
 * @param identity this replica's name, for leader election
 * @param leaderElection whether to reconcile only while holding the Lease
 * @param actionImpersonation whether each action runs (and is access-reviewed) as its own
 *     ServiceAccount {@code kubernaut-action-<name>} in {@code namespace}
 * @param managedNamespaces the label selector of the namespaces Kubernaut may change; empty for all
 */
public record KubernetesSettings(String namespace, String identity, boolean leaderElection, boolean actionImpersonation,
    String managedNamespaces) {

  public KubernetesSettings {
    managedNamespaces = managedNamespaces == null ? "" : managedNamespaces;
  }

  /** Settings that manage every namespace. */
  public KubernetesSettings(String namespace, String identity, boolean leaderElection, boolean actionImpersonation) {
    this(namespace, identity, leaderElection, actionImpersonation, "");
  }

  /** Settings without action impersonation that manage every namespace. */
  public KubernetesSettings(String namespace, String identity, boolean leaderElection) {
    this(namespace, identity, leaderElection, false);
  }
}
