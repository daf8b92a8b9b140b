package io.kubernaut.http.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.config.RoutesConfig;
import io.kubernaut.http.api.route.RequiredPermission;
import io.kubernaut.http.api.route.RouteGroup;
import io.kubernaut.ports.access.Caller;
import io.kubernaut.ports.access.Permission;
import io.kubernaut.ports.failure.RetryableException;
import io.kubernaut.ports.out.AccessReviewer;
import io.kubernaut.ports.out.TokenReviewer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The authorization filter on its own: routes declare their permission, a route without one is
 * refused, the caller's name reaches the route, and an unreachable API server is a 503.
 */
class ApiAuthorizerTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Caller ALICE = new Caller("alice", "u-1", List.of("oncall"));

  /** One route that declares a permission and one that forgot to. */
  private static final RouteGroup ROUTES = new RouteGroup() {
    @Override
    public void addTo(RoutesConfig routes) {
      routes.get("/api/v1/declared", ctx -> ctx.result("hello " + ctx.attribute(ApiAuthenticator.USER_ATTRIBUTE)),
          RequiredPermission.of(Permission.AUDIT_GET));
      routes.get("/api/v1/forgotten", ctx -> ctx.result("open"));
    }
  };

  private static HttpServer server(HttpSettings settings, TokenReviewer tokens, AccessReviewer access) {
    ApiAuthenticator authenticator = ApiAuthenticator.of(settings, tokens);
    HttpServer server = new HttpServer(settings, Set.of(ROUTES), authenticator,
        new ApiAuthorizer(authenticator.staticTokens(), access), Json.mapper(), new AtomicBoolean());
    server.start();
    return server;
  }

  private static HttpResponse<String> get(HttpServer server, String path, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRouteThatDeclaresNoPermissionIsRefusedEvenToTheAdminToken() throws Exception {
    try (HttpServer server = server(new HttpSettings(0, Optional.of("admin"), 4096, 4),
        (t, a) -> Optional.empty(), (c, p) -> true)) {
      HttpResponse<String> response = get(server, "/api/v1/forgotten", "admin");

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.body()).contains("declares no permission");
      assertThat(get(server, "/api/v1/declared", "admin").body()).isEqualTo("hello admin-token");
    }
  }

  /** HEAD on a GET route is a 405, not a 403 calling it a route defect. */
  @Test
  void headOnAGetRouteIsMethodNotAllowed() throws Exception {
    try (HttpServer server = server(new HttpSettings(0, Optional.of("admin"), 4096, 4),
        (t, a) -> Optional.empty(), (c, p) -> true)) {
      HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
          + "/api/v1/declared")).header("Authorization", "Bearer admin").method("HEAD",
          HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

      assertThat(response.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void aReviewedCallerIsAskedForTheRoutesPermissionAndTheirNameReachesTheRoute() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    HttpSettings settings = new HttpSettings(0, Optional.empty(), Optional.empty(), "kubernaut-api", 4096, 4,
        Optional.empty());
    try (HttpServer server = server(settings,
        (token, audience) -> token.equals("alice-token") && audience.equals("kubernaut-api") ? Optional.of(ALICE)
            : Optional.empty(),
        (caller, permission) -> asked.add(caller.username() + " " + permission.name()))) {
      HttpResponse<String> response = get(server, "/api/v1/declared", "alice-token");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("hello alice");
      assertThat(asked).containsExactly("alice AUDIT_GET");
    }
  }

  @Test
  void aPermissionReviewThatCannotReachTheApiServerAnswers503WithRetryAfter() throws Exception {
    HttpSettings settings = new HttpSettings(0, Optional.empty(), Optional.empty(), "kubernaut", 4096, 4,
        Optional.empty());
    try (HttpServer server = server(settings, (token, audience) -> Optional.of(ALICE), (caller, permission) -> {
      throw new RetryableException("The API server is away.");
    })) {
      HttpResponse<String> response = get(server, "/api/v1/declared", "alice-token");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains("5");
    }
  }

  @Test
  void theIngestTokenAloneTurnsStaticModeOnAndIsNotTheAdmin() throws Exception {
    HttpSettings settings = new HttpSettings(0, Optional.empty(), Optional.of("ingest"), "kubernaut", 4096, 4,
        Optional.empty());
    try (HttpServer server = server(settings, (t, a) -> Optional.of(ALICE), (c, p) -> true)) {
      assertThat(get(server, "/api/v1/declared", "ingest").statusCode()).isEqualTo(403);
      assertThat(get(server, "/api/v1/declared", "anything-else").statusCode()).isEqualTo(401);
    }
  }
}
