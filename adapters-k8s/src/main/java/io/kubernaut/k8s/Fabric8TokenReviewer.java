package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.ports.access.Caller;
import io.kubernaut.ports.out.TokenReviewer;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates bearer tokens with the API server's TokenReview, asking for one audience: a token
 * the API server accepts but that was issued for another audience (any pod's default
 * ServiceAccount token is issued for the API server) is refused.
 */
final class Fabric8TokenReviewer implements TokenReviewer {

  private final KubernetesClient client;

  Fabric8TokenReviewer(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Caller> authenticate(String token, String audience) {
    try {
      TokenReview review = client.resource(new TokenReviewBuilder().withNewSpec().withToken(token)
          .withAudiences(audience).endSpec().build()).create();
      TokenReviewStatus status = review.getStatus();
      if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null
          || status.getUser().getUsername() == null || status.getUser().getUsername().isBlank()) {
        return Optional.empty();
      }
      // The API server answers with the audiences the token is valid for; an authenticator that
      // ignores spec.audiences answers none, and then the token is not proven to be ours.
      List<String> audiences = status.getAudiences() == null ? List.of() : status.getAudiences();
      if (!audiences.contains(audience)) {
        return Optional.empty();
      }
      return Optional.of(new Caller(status.getUser().getUsername(), status.getUser().getUid(),
          status.getUser().getGroups()));
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("review a bearer token", e);
    }
  }
}
