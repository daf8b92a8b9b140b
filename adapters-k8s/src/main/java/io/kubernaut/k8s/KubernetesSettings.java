package io.kubernaut.k8s;

/**
 * What the Kubernetes adapter needs from the operator's configuration.
 *
 * @param namespace where Kubernaut's custom resources live
 * @param identity this replica's name, for leader election
 * @param leaderElection whether to reconcile only while holding the Lease
 */
public record KubernetesSettings(String namespace, String identity, boolean leaderElection) {}
