package io.kubernaut.ports.out;

import java.util.Optional;

/**
 * Driven port: asks the cluster who a bearer token belongs to (Kubernetes TokenReview). Used for
 * {@code /api/**} when no static token is configured.
 */
public interface TokenReviewer {

  /**
   * The authenticated user name, or empty when the token is not valid.
   *
   * @throws io.kubernaut.ports.failure.RetryableException when the cluster cannot be asked
   */
  Optional<String> authenticate(String token);
}
