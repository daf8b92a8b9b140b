package io.kubernaut.ports.out;

import io.kubernaut.ports.access.Caller;
import io.kubernaut.ports.access.Permission;

/**
 * Driven port: asks the cluster whether a caller holds a permission on a virtual resource of API
 * group {@code kubernaut.io} (Kubernetes SubjectAccessReview), so RBAC Roles and ClusterRoles
 * decide who may use which part of the HTTP API. Answers may be cached briefly.
 */
public interface AccessReviewer {

  /**
   * Whether {@code caller} holds {@code permission}.
   *
   * @throws io.kubernaut.ports.failure.RetryableException when the cluster cannot be asked
   */
  boolean permits(Caller caller, Permission permission);
}
