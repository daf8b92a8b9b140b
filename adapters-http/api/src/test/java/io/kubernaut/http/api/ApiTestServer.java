package io.kubernaut.http.api;

import io.kubernaut.http.api.route.RequestBodies;
import io.kubernaut.http.api.route.RouteGroup;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real {@link HttpServer} (authentication filter, problem rendering) on a free port with the
 * given route groups and a static token, for HTTP tests of route groups in other packages.
 */
public final class ApiTestServer implements AutoCloseable {

  public static final String TOKEN = "test-token";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final HttpServer server;

  private ApiTestServer(HttpServer server) {
    this.server = server;
  }

  /** Starts a server with the groups; close it after the test. */
  public static ApiTestServer start(RouteGroup... groups) {
    HttpSettings settings = new HttpSettings(0, Optional.of(TOKEN), 64 * 1024, 4);
    HttpServer server = new HttpServer(settings, Set.of(groups), ApiAuthenticator.of(settings,
        (token, audience) -> Optional.empty()), new ApiAuthorizer(true, (caller, permission) -> false), Json.mapper(),
        new AtomicBoolean(false));
    server.start();
    return new ApiTestServer(server);
  }

  /** The request-body reader the HTTP module provides, with the server's 64 KiB limit. */
  public static RequestBodies bodies() {
    return new RequestBodies(Json.mapper(), 64 * 1024);
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** GET with the token. */
  public HttpResponse<String> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Authorization", "Bearer " + TOKEN).GET());
  }

  /** GET with the path and the query parameters (given as name, value, name, value ...), URL-encoded. */
  public HttpResponse<String> get(String path, String... params) {
    StringBuilder q = new StringBuilder(path);
    for (int i = 0; i < params.length; i += 2) {
      q.append(i == 0 ? '?' : '&').append(params[i]).append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    return get(q.toString());
  }

  /** POST of a JSON body with the token and extra headers (name, value, ...). */
  public HttpResponse<String> post(String path, String json, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  /** GET without any token. */
  public HttpResponse<String> anonymousGet(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://localhost:" + server.port() + pathAndQuery);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
