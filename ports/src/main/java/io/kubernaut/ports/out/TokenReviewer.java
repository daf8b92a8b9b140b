package io.kubernaut.ports.out;

import io.kubernaut.ports.access.Caller;
import java.util.Optional;

/**
 * Driven port: asks the cluster who a bearer token belongs to (Kubernetes TokenReview). Used for
 * {@code /api/**} when no static token is configured.
 */
public interface TokenReviewer {

  /**
   * The authenticated caller, or empty when the token is not valid or not meant for
   * {@code audience}. Answers may be cached briefly, positive and negative.
   *
   * @param audience the audience the token must carry (a projected ServiceAccount token's)
   * @throws io.kubernaut.ports.failure.RetryableException when the cluster cannot be asked
   */
  Optional<Caller> authenticate(String token, String audience);
}
