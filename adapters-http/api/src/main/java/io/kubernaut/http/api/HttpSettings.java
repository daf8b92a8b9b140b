package io.kubernaut.http.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What the HTTP adapter needs from the operator's configuration.
 *
 * @param port the port for the gateway, APIs, health and metrics; 0 picks a free one
 * @param apiToken the static admin token, allowed every {@code /api/**} route; when neither static
 *     token is set, {@code /api/**} uses TokenReview and SubjectAccessReview
 * @param ingestToken the static ingest token, allowed the signal routes only
 * @param tokenAudience the audience a reviewed token must carry (TokenReview mode)
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param maxConcurrentIntake how many signal requests may be processed at once before 503
 * @param hmacSecret when set, signal requests must carry a valid {@code X-Kubernaut-Signature}
 * @param maxConcurrentAnalyses how many requests to the analysis API that run the investigator chain
 *     ({@code investigate}, {@code recovery/analyze}, {@code postexec/analyze}) may run at once before 503
 */
public record HttpSettings(int port, Optional<String> apiToken, Optional<String> ingestToken, String tokenAudience,
    int maxBodyBytes, int maxConcurrentIntake, Optional<String> hmacSecret, int maxConcurrentAnalyses) {

  /** The audience asked of reviewed tokens unless configured otherwise. */
  public static final String DEFAULT_AUDIENCE = "kubernaut";
  /** Analyses the API runs at once unless configured otherwise. */
  public static final int DEFAULT_CONCURRENT_ANALYSES = 4;

  public HttpSettings {
    apiToken = blankless(apiToken);
    ingestToken = blankless(ingestToken);
    hmacSecret = hmacSecret == null ? Optional.empty() : hmacSecret;
    Objects.requireNonNull(tokenAudience, "tokenAudience");
    if (tokenAudience.isBlank()) {
      throw new IllegalArgumentException("The token audience must not be blank.");
    }
    if (maxConcurrentAnalyses < 1) {
      throw new IllegalArgumentException("At least one analysis must be allowed at once, got " + maxConcurrentAnalyses + ".");
    }
  }

  /** Settings with the default number of analyses at once. */
  public HttpSettings(int port, Optional<String> apiToken, Optional<String> ingestToken, String tokenAudience,
      int maxBodyBytes, int maxConcurrentIntake, Optional<String> hmacSecret) {
    this(port, apiToken, ingestToken, tokenAudience, maxBodyBytes, maxConcurrentIntake, hmacSecret,
        DEFAULT_CONCURRENT_ANALYSES);
  }

  /** Settings with an admin token only, the default audience, and request signatures when a secret is given. */
  public HttpSettings(int port, Optional<String> apiToken, int maxBodyBytes, int maxConcurrentIntake,
      Optional<String> hmacSecret) {
    this(port, apiToken, Optional.empty(), DEFAULT_AUDIENCE, maxBodyBytes, maxConcurrentIntake, hmacSecret);
  }

  /** Settings with an admin token only and without request signatures. */
  public HttpSettings(int port, Optional<String> apiToken, int maxBodyBytes, int maxConcurrentIntake) {
    this(port, apiToken, maxBodyBytes, maxConcurrentIntake, Optional.empty());
  }

  /** Whether {@code /api/**} uses static tokens rather than TokenReview. */
  public boolean staticTokens() {
    return apiToken.isPresent() || ingestToken.isPresent();
  }

  private static Optional<String> blankless(Optional<String> token) {
    return token == null ? Optional.empty() : token.filter(t -> !t.isBlank());
  }
}
