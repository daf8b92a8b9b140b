package io.kubernaut.http.verification;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the metrics source (Prometheus) and Alertmanager are reached. Either may be absent: then its
 * port answers "not configured" and everything works as without it.
 *
 * @param prometheus the Prometheus HTTP API, if configured
 * @param alertmanager the Alertmanager API, if configured
 * @param silences whether Kubernaut keeps silences while remediating (needs {@code alertmanager})
 * @param timeout the longest one request may take, connection included
 * @param breaker when an endpoint's circuit breaker opens and for how long
 */
public record VerificationSettings(Optional<Endpoint> prometheus, Optional<Endpoint> alertmanager, boolean silences,
    Duration timeout, Breaker breaker) {

  public VerificationSettings {
    Objects.requireNonNull(prometheus, "prometheus");
    Objects.requireNonNull(alertmanager, "alertmanager");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(breaker, "breaker");
    if (silences && alertmanager.isEmpty()) {
      throw new IllegalArgumentException("Silences need an Alertmanager: set its URL, or turn silences off.");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("The monitoring timeout must be positive, got " + timeout + ".");
    }
  }

  /** Nothing configured: every port answers "not configured". */
  public static VerificationSettings none() {
    return new VerificationSettings(Optional.empty(), Optional.empty(), false, Duration.ofSeconds(5), Breaker.DEFAULT);
  }

  /**
   * One HTTP API and its credentials: a bearer token (inline or read from a file on every request,
   * so that a rotated ServiceAccount token is picked up) or basic auth, or none.
   *
   * @param url the base URL, e.g. {@code http://prometheus:9090} (a path prefix is kept)
   * @param token a bearer token
   * @param tokenFile a file holding the bearer token
   * @param username the basic-auth user
   * @param password the basic-auth password
   */
  public record Endpoint(URI url, Optional<String> token, Optional<Path> tokenFile, Optional<String> username,
      Optional<String> password) {

    public Endpoint {
      Objects.requireNonNull(url, "url");
      token = Objects.requireNonNull(token, "token").filter(t -> !t.isBlank());
      Objects.requireNonNull(tokenFile, "tokenFile");
      username = Objects.requireNonNull(username, "username").filter(u -> !u.isBlank());
      password = Objects.requireNonNull(password, "password").filter(p -> !p.isBlank());
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        throw new IllegalArgumentException("must be an http or https URL with a host, got \"" + url + "\".");
      }
      if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
        throw new IllegalArgumentException("must be a base URL without query, fragment or credentials; set the "
            + "credentials in their own variables.");
      }
      if (token.isPresent() && tokenFile.isPresent()) {
        throw new IllegalArgumentException("takes a bearer token or a token file, not both.");
      }
      if (username.isPresent() != password.isPresent()) {
        throw new IllegalArgumentException("basic auth needs both a username and a password.");
      }
      if (username.isPresent() && (token.isPresent() || tokenFile.isPresent())) {
        throw new IllegalArgumentException("takes a bearer token or basic auth, not both.");
      }
    }

    /** An endpoint without credentials. */
    public static Endpoint of(URI url) {
      return new Endpoint(url, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Names the URL and which credential is used, never its value. */
    @Override
    public String toString() {
      String auth = token.isPresent() ? "bearer token" : tokenFile.map(f -> "bearer token from " + f)
          .orElse(username.isPresent() ? "basic auth as " + username.get() : "no credentials");
      return url + " (" + auth + ")";
    }
  }

  /**
   * An endpoint's circuit breaker: after {@code failures} consecutive failures (no answer, 429 or
   * 5xx) it refuses calls for {@code openFor}, then lets one trial through.
   */
  public record Breaker(int failures, Duration openFor) {
    public static final Breaker DEFAULT = new Breaker(5, Duration.ofSeconds(30));

    public Breaker {
      Objects.requireNonNull(openFor, "openFor");
      if (failures < 1) {
        throw new IllegalArgumentException("A breaker opens after at least one failure, got " + failures + ".");
      }
    }
  }
}
