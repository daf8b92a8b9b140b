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
 * @param shard the remediations this replica reconciles; its gateway labels new ones for all shards
 * @param investigationConcurrency the investigations that call out (HolmesGPT, an LLM) made at once
 * @param remediationsInFlight the remediations of the shard that work at once (process, analyse or execute steps);
 *     0 for no limit
 * @param lateFiringWindow how long after an alert episode's resolution a firing of it is late, no news (the
 *     gateway's intake must use the same); zero takes none as late
 */
public record KubernetesSettings(String namespace, String identity, boolean leaderElection, boolean actionImpersonation,
    String managedNamespaces, Shard shard, int investigationConcurrency, int remediationsInFlight,
    java.time.Duration lateFiringWindow) {

  /** Investigations that call out made at once, unless configured. */
  public static final int INVESTIGATION_CONCURRENCY = 8;

  /** Remediations of a shard that work at once, unless configured. */
  public static final int REMEDIATIONS_IN_FLIGHT = 25;

  public KubernetesSettings {
    managedNamespaces = managedNamespaces == null ? "" : managedNamespaces;
    shard = shard == null ? Shard.ALL : shard;
    if (remediationsInFlight < 0) {
      throw new IllegalArgumentException("remediationsInFlight cannot be negative: " + remediationsInFlight);
    }
    lateFiringWindow = io.kubernaut.ports.remediation.ResolvedAlerts.lateFiringWindow(lateFiringWindow == null
        ? io.kubernaut.ports.remediation.ResolvedAlerts.DEFAULT_LATE_FIRING_WINDOW : lateFiringWindow);
  }

  /** Settings with the default late-firing window. */
  public KubernetesSettings(String namespace, String identity, boolean leaderElection, boolean actionImpersonation,
      String managedNamespaces, Shard shard, int investigationConcurrency, int remediationsInFlight) {
    this(namespace, identity, leaderElection, actionImpersonation, managedNamespaces, shard, investigationConcurrency,
        remediationsInFlight, null);
  }

  /** Settings with the default number of remediations in flight. */
  public KubernetesSettings(String namespace, String identity, boolean leaderElection, boolean actionImpersonation,
      String managedNamespaces, Shard shard, int investigationConcurrency) {
    this(namespace, identity, leaderElection, actionImpersonation, managedNamespaces, shard, investigationConcurrency,
        REMEDIATIONS_IN_FLIGHT);
  }

  /** Settings with the default investigation concurrency. */
  public KubernetesSettings(String namespace, String identity, boolean leaderElection, boolean actionImpersonation,
      String managedNamespaces, Shard shard) {
    this(namespace, identity, leaderElection, actionImpersonation, managedNamespaces, shard, INVESTIGATION_CONCURRENCY);
  }

  /** Settings of a replica that reconciles every remediation. */
  public KubernetesSettings(String namespace, String identity, boolean leaderElection, boolean actionImpersonation,
      String managedNamespaces) {
    this(namespace, identity, leaderElection, actionImpersonation, managedNamespaces, Shard.ALL);
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
