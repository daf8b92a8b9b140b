package io.kubernaut.http.api;

import io.javalin.http.Context;
import io.kubernaut.http.api.route.HttpProblem;
import io.kubernaut.ports.access.Caller;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.TokenReviewer;
import java.util.Optional;

/**
 * Guards {@code /api/**} against unknown callers: the static admin and ingest tokens when either
 * is configured, otherwise Kubernetes TokenReview for the configured audience. No, a malformed or
 * a refused token answers 401. Health, readiness, metrics and the OpenAPI document stay open.
 * What a known caller may do is {@link ApiAuthorizer}'s question.
 */
final class ApiAuthenticator {

  /** Where the authenticated user name is left for the routes (the approver, the audit writer). */
  static final String USER_ATTRIBUTE = "kubernaut.user";
  /** Where the authenticated {@link Caller} is left for {@link ApiAuthorizer}. */
  static final String CALLER_ATTRIBUTE = "kubernaut.caller";

  private final StaticCredentials credentials;
  private final TokenReviewer reviewer;
  private final String audience;

  ApiAuthenticator(StaticCredentials credentials, TokenReviewer reviewer, String audience) {
    this.credentials = credentials;
    this.reviewer = reviewer;
    this.audience = audience;
  }

  /** Authenticator for the settings: static tokens when configured, otherwise TokenReview. */
  static ApiAuthenticator of(HttpSettings settings, TokenReviewer reviewer) {
    return new ApiAuthenticator(new StaticCredentials(settings.apiToken(), settings.ingestToken()), reviewer,
        settings.tokenAudience());
  }

  /** Whether callers are the static tokens (their permissions fixed) rather than reviewed users. */
  boolean staticTokens() {
    return credentials.enabled();
  }

  /** Lets the request through with its caller recorded, or throws a 401/503 problem. */
  void authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"kubernaut\"");
      throw new HttpProblem(401, "Unauthorized", "This endpoint needs an Authorization: Bearer <token> header.");
    }
    String token = header.substring(7).trim();
    Caller caller = (credentials.enabled() ? credentials.caller(token) : reviewed(token)).orElseThrow(() -> invalid(ctx));
    ctx.attribute(CALLER_ATTRIBUTE, caller);
    ctx.attribute(USER_ATTRIBUTE, caller.username());
  }

  private Optional<Caller> reviewed(String token) {
    try {
      return reviewer.authenticate(token, audience);
    } catch (RetryableException e) {
      throw HttpProblem.unavailable("The token could not be reviewed because the API server is unavailable.", 5);
    }
  }

  private HttpProblem invalid(Context ctx) {
    ctx.header("WWW-Authenticate", "Bearer realm=\"kubernaut\", error=\"invalid_token\"");
    return new HttpProblem(401, "Unauthorized", credentials.enabled() ? "The bearer token is not valid."
        : "The bearer token is not valid for audience '" + audience + "': use a projected ServiceAccount token "
            + "requested with that audience.");
  }
}
