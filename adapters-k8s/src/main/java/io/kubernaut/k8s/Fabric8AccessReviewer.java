package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.ports.access.Caller;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.out.AccessReviewer;

/**
 * Asks the API server's SubjectAccessReview whether a caller may use a virtual resource of API
 * group {@code kubernaut.io}, cluster-wide, so ClusterRoles (and ClusterRoleBindings) grant it.
 */
final class Fabric8AccessReviewer implements AccessReviewer {

  private final KubernetesClient client;

  Fabric8AccessReviewer(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean permits(Caller caller, Permission permission) {
    SubjectAccessReview request = new SubjectAccessReviewBuilder().withNewSpec()
        .withUser(caller.username()).withUid(caller.uid().isEmpty() ? null : caller.uid())
        .withGroups(caller.groups())
        .withNewResourceAttributes().withGroup(Permission.API_GROUP).withResource(permission.resource())
        .withSubresource(permission.subresource().isEmpty() ? null : permission.subresource())
        .withVerb(permission.verb()).endResourceAttributes()
        .endSpec().build();
    try {
      SubjectAccessReview review = client.resource(request).create();
      return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed())
          && !Boolean.TRUE.equals(review.getStatus().getDenied());
    } catch (KubernetesClientException e) {
      throw KubernetesFailures.translate("review an access to " + permission, e);
    }
  }
}
