package io.kubernaut.k8s.cli;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Who the current kubeconfig context is: the API server's SelfSubjectReview (Kubernetes 1.28+) when
 * it answers with a user name, else the kubeconfig's user name, as {@code kubectl auth whoami} would
 * be the better witness but is not served everywhere.
 */
final class IdentityReader {

  private final KubernetesClient client;
  private final ClusterOptions cluster;

  IdentityReader(KubernetesClient client, ClusterOptions cluster) {
    this.client = client;
    this.cluster = cluster;
  }

  String user() {
    try {
      SelfSubjectReview review = client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
      if (review != null && review.getStatus() != null && review.getStatus().getUserInfo() != null
          && review.getStatus().getUserInfo().getUsername() != null && !review.getStatus().getUserInfo().getUsername().isBlank()) {
        return review.getStatus().getUserInfo().getUsername();
      }
    } catch (KubernetesClientException e) {
      // not served (before 1.28, or forbidden): fall back to the kubeconfig
    }
    String user = cluster.kubeconfigUser();
    return user == null || user.isBlank() ? "kubectl user (unknown)" : user;
  }
}
