package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.ports.out.TokenReviewer;
import java.util.Optional;

/** Authenticates bearer tokens with the API server's TokenReview. */
final class Fabric8TokenReviewer implements TokenReviewer {

  private final KubernetesClient client;

  Fabric8TokenReviewer(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<String> authenticate(String token) {
    try {
      TokenReview review = client.resource(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build())
          .create();
      if (review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAuthenticated())
          && review.getStatus().getUser() != null) {
        return Optional.ofNullable(review.getStatus().getUser().getUsername());
      }
      return Optional.empty();
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("review a bearer token", e);
    }
  }
}
