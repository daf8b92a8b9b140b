package io.kubernaut.http.api;

import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.TokenReviewer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards {@code /api/**}: a static bearer token when one is configured, otherwise Kubernetes
 * TokenReview. Health, readiness, metrics and the OpenAPI document stay open.
 */
final class ApiAuthenticator {

  static final String USER_ATTRIBUTE = "kubernaut.user";

  private final Optional<byte[]> staticToken;
  private final TokenReviewer reviewer;

  ApiAuthenticator(Optional<String> staticToken, TokenReviewer reviewer) {
    this.staticToken = staticToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    this.reviewer = reviewer;
  }

  /** Lets the request through or throws a 401/503 problem. */
  void authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"kubernaut\"");
      throw new HttpProblem(401, "Unauthorized", "This endpoint needs an Authorization: Bearer <token> header.");
    }
    String token = header.substring(7).trim();
    if (staticToken.isPresent()) {
      if (!MessageDigest.isEqual(staticToken.get(), token.getBytes(StandardCharsets.UTF_8))) {
        throw invalid(ctx);
      }
      ctx.attribute(USER_ATTRIBUTE, "static-token");
      return;
    }
    try {
      String user = reviewer.authenticate(token).orElseThrow(() -> invalid(ctx));
      ctx.attribute(USER_ATTRIBUTE, user);
    } catch (RetryableException e) {
      throw HttpProblem.unavailable("The token could not be reviewed because the API server is unavailable.", 5);
    }
  }

  private static HttpProblem invalid(Context ctx) {
    ctx.header("WWW-Authenticate", "Bearer realm=\"kubernaut\", error=\"invalid_token\"");
    return new HttpProblem(401, "Unauthorized", "The bearer token is not valid.");
  }
}
