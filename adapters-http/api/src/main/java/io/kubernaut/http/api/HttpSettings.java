package io.kubernaut.http.api;

import java.util.Optional;

/**
 * What the HTTP adapter needs from the operator's configuration.
 *
 * @param port the port for the gateway, APIs, health and metrics; 0 picks a free one
 * @param apiToken the bearer token that {@code /api/**} requires
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param maxConcurrentIntake how many signal requests may be processed at once before 503
 * @param hmacSecret when set, signal requests must carry a valid {@code X-Kubernaut-Signature}
 */
public record HttpSettings(int port, Optional<String> apiToken, int maxBodyBytes, int maxConcurrentIntake,
    Optional<String> hmacSecret) {

  public HttpSettings {
    hmacSecret = hmacSecret == null ? Optional.empty() : hmacSecret;
  }

  /** Settings without request signatures. */
  public HttpSettings(int port, Optional<String> apiToken, int maxBodyBytes, int maxConcurrentIntake) {
    this(port, apiToken, maxBodyBytes, maxConcurrentIntake, Optional.empty());
  }
}
