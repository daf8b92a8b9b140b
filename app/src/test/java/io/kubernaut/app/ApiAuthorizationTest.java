package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubernaut.db.DatabaseSettings;
import io.kubernaut.http.api.HttpServer;
import io.kubernaut.http.api.HttpSettings;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.k8s.crd.CrdCatalog;
import io.kubernaut.ports.access.Permission;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code /api/**} route group refuses a caller without its permission (403 naming it) and
 * accepts one with it: in static-token mode (admin and ingest tokens) and in TokenReview mode, where
 * the production wiring's fabric8 reviewers ask a mock API server whose TokenReview and
 * SubjectAccessReview answers come from the tables below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAuthorizationTest {

  private static final String NS = "kubernaut-system";
  private static final String ADMIN = "admin-secret";
  private static final String INGEST = "ingest-secret";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One route of each group, and the permission it needs. */
  record Route(Permission permission, String method, String path, String body) {
    @Override
    public String toString() {
      return method + " " + path + " needs " + permission;
    }
  }

  /**
   * Every {@code /api/**} route, as docs/api.md maps them; but the console's live feed, whose
   * accepted answer is an endless stream (ConsoleRoutesTest checks its token).
   */
  static Stream<Route> routes() {
    String signal = fixture("crashlooping-firing.json");
    String analysis = "{\"context\": {\"alertname\": \"KubePodCrashLooping\", \"namespace\": \"shop-prod\"}}";
    return Stream.of(
        new Route(Permission.SIGNALS_CREATE, "POST", "/api/v1/signals/prometheus", signal),
        new Route(Permission.SIGNALS_CREATE, "POST", "/api/v1/signals/kubernetes-event", "{}"),
        new Route(Permission.APPROVAL_UPDATE, "POST", "/api/v1/remediations/ar-1/approve", ""),
        new Route(Permission.APPROVAL_UPDATE, "POST", "/api/v1/remediations/ar-1/reject", ""),
        new Route(Permission.REMEDIATIONS_GET, "GET", "/api/v1/remediations/ar-1/timeline", null),
        new Route(Permission.REMEDIATIONS_GET, "GET", "/api/v1/remediations/ar-1", null),
        new Route(Permission.REMEDIATIONS_LIST, "GET", "/api/v1/remediations?phase=Pending", null),
        new Route(Permission.REMEDIATIONS_LIST, "GET", "/api/v1/storms", null),
        new Route(Permission.REMEDIATIONS_LIST, "GET", "/api/v1/blocks", null),
        new Route(Permission.REMEDIATIONS_LIST, "GET", "/api/v1/intelligence/effectiveness", null),
        new Route(Permission.REMEDIATIONS_LIST, "GET", "/api/v1/intelligence/patterns", null),
        new Route(Permission.AUDIT_GET, "GET", "/api/v1/audit/events?remediation=ar-1", null),
        new Route(Permission.AUDIT_CREATE, "POST", "/api/v1/audit/events", "{}"),
        new Route(Permission.AUDIT_GET, "GET", "/api/v1/audit/verify?remediation=ar-1", null),
        new Route(Permission.NOTIFICATIONS_CREATE, "POST", "/api/v1/notify",
            "{\"type\": \"FAILED\", \"remediation\": \"ar-1\", \"body\": \"It broke.\"}"),
        new Route(Permission.CONTEXT_GET, "GET", "/api/v1/context?namespace=shop-prod&kind=Deployment&name=checkout",
            null),
        new Route(Permission.CONTEXT_GET, "GET", "/api/v1/actions", null),
        new Route(Permission.INVESTIGATIONS_CREATE, "POST", "/api/v1/investigate", analysis),
        new Route(Permission.INVESTIGATIONS_CREATE, "POST", "/api/v1/recovery/analyze", analysis),
        new Route(Permission.CONTEXT_GET, "POST", "/api/v1/safety/analyze", analysis),
        new Route(Permission.INVESTIGATIONS_CREATE, "POST", "/api/v1/postexec/analyze", analysis));
  }

  private KubernetesMockServer apiServer;
  private KubernetesConnection connection;
  private HttpServer staticMode;
  private HttpServer reviewMode;
  /** The components the two gateways come from: their stores flush duplicates until closed. */
  private final List<KubernautComponent> components = new java.util.ArrayList<>();
  /** TokenReviews the mock API server answered, per token. */
  private final Map<String, AtomicInteger> tokenReviews = new ConcurrentHashMap<>();
  /** SubjectAccessReviews the mock API server answered, as "user verb resource". */
  private final List<String> accessReviews = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  void startApiServerAndBothGateways(@org.junit.jupiter.api.io.TempDir Path dir) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    apiServer.init(InetAddress.getLoopbackAddress(), 0);
    apiServer.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(201, this::reviewToken).always();
    apiServer.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
        .andReply(201, this::reviewAccess).always();
    KubernetesClient admin = apiServer.createClient();
    CrdCatalog.definitions().forEach(crd -> admin.apiextensions().v1().customResourceDefinitions().resource(crd).create());
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    connection = KubernetesConnection.at("http://" + apiServer.getHostName() + ":" + apiServer.getPort());
    staticMode = gateway(dir.resolve("static"), new HttpSettings(0, Optional.of(ADMIN), Optional.of(INGEST),
        HttpSettings.DEFAULT_AUDIENCE, 1 << 20, 16, Optional.empty()));
    reviewMode = gateway(dir.resolve("review"), new HttpSettings(0, Optional.empty(), Optional.empty(),
        HttpSettings.DEFAULT_AUDIENCE, 1 << 20, 16, Optional.empty()));
  }

  @AfterAll
  void stop() {
    staticMode.close();
    reviewMode.close();
    components.forEach(c -> c.operatorRuntime().close()); // never started; closes each store before its client
    connection.close();
    apiServer.destroy();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void theIngestTokenIsRefusedEveryRouteButTheSignalRoutesWithA403NamingThePermission(Route route) throws Exception {
    HttpResponse<String> response = send(staticMode, route, INGEST);

    if (route.permission() == Permission.SIGNALS_CREATE) {
      assertAccepted(route, response);
    } else {
      assertRefused(route, response, "ingest-token");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void theAdminTokenIsAcceptedOnEveryRoute(Route route) throws Exception {
    assertAccepted(route, send(staticMode, route, ADMIN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void aReviewedUserWithoutTheRoutesPermissionIsRefusedWithA403NamingIt(Route route) throws Exception {
    HttpResponse<String> response = send(reviewMode, route, "all-but." + route.permission().name());

    assertRefused(route, response, user("all-but." + route.permission().name()));
    assertThat(accessReviews).contains(user("all-but." + route.permission().name()) + " " + route.permission().verb() + " "
        + route.permission().qualifiedResource());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void aReviewedUserHoldingOnlyTheRoutesPermissionIsAccepted(Route route) throws Exception {
    assertAccepted(route, send(reviewMode, route, "only." + route.permission().name()));
  }

  @Test
  void aTokenIssuedForAnotherAudienceIsUnauthorizedNotForbidden() throws Exception {
    Route signals = routes().findFirst().orElseThrow();

    HttpResponse<String> response = send(reviewMode, signals, "other-audience.SIGNALS_CREATE");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).path("detail").asText()).contains("audience 'kubernaut'");
  }

  @Test
  void noTokenIsUnauthorizedInBothModes() throws Exception {
    for (HttpServer gateway : List.of(staticMode, reviewMode)) {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + gateway.port() + "/api/v1/actions")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aSecondRequestWithTheSameTokenMakesNoSecondTokenReview() throws Exception {
    Route actions = new Route(Permission.CONTEXT_GET, "GET", "/api/v1/actions", null);
    String token = "only.CONTEXT_GET.cache-test";
    String refused = "nobody.cache-test";

    assertAccepted(actions, send(reviewMode, actions, token));
    assertAccepted(actions, send(reviewMode, actions, token));
    assertThat(send(reviewMode, actions, refused).statusCode()).isEqualTo(401);
    assertThat(send(reviewMode, actions, refused).statusCode()).isEqualTo(401);

    assertThat(tokenReviews.get(token)).hasValue(1);
    assertThat(tokenReviews.get(refused)).hasValue(1);
  }

  private HttpServer gateway(Path dir, HttpSettings settings) {
    OperatorConfig config = OperatorConfig.from(Map.of("KUBERNAUT_DATA_DIR", dir.toString()));
    KubernautComponent component = DaggerKubernautComponent.builder()
        .connection(connection)
        .kubernetesSettings(new KubernetesSettings(NS, "authorization-test", false))
        .httpSettings(settings)
        .databaseSettings(new DatabaseSettings(Optional.empty(), "kubernaut", "", dir.resolve("pg"), Duration.ofSeconds(1)))
        .operatorConfig(config)
        .notificationSettings(io.kubernaut.http.notify.NotificationSettings.of(config.notifyConfig()))
        .investigationSettings(io.kubernaut.http.llm.InvestigationSettings.of(config.investigators(),
            config.llmUrl(), config.llmModel(), config.llmApiKey(), config.holmesGptUrl()))
        .pluginSettings(new io.kubernaut.plugin.host.PluginSettings(dir.resolve("plugins"), config.actionCallTimeout()))
        .verificationSettings(config.verificationSettings())
        .build();
    components.add(component);
    HttpServer server = component.httpServer();
    server.start();
    return server;
  }

  /**
   * TokenReview as an API server answers it: tokens are {@code <holder>.<PERMISSION>[.<suffix>]};
   * {@code other-audience.*} tokens are valid only for another audience, {@code nobody.*} not at all.
   */
  private TokenReview reviewToken(RecordedRequest request) {
    TokenReview review = Serialization.unmarshal(request.getUtf8Body(), TokenReview.class);
    String token = review.getSpec().getToken();
    tokenReviews.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
    boolean ours = review.getSpec().getAudiences() != null && review.getSpec().getAudiences().contains("kubernaut");
    boolean valid = ours && (token.startsWith("only.") || token.startsWith("all-but."));
    return new TokenReviewBuilder(review).withNewStatus().withAuthenticated(valid)
        .withAudiences(valid ? List.of("kubernaut") : List.of())
        .withNewUser().withUsername(valid ? user(token) : null).withGroups(valid ? List.of("system:authenticated") : null)
        .endUser().endStatus().build();
  }

  /** SubjectAccessReview from the token table: {@code only.P} holds P, {@code all-but.P} everything else. */
  private SubjectAccessReview reviewAccess(RecordedRequest request) {
    SubjectAccessReview review = Serialization.unmarshal(request.getUtf8Body(), SubjectAccessReview.class);
    ResourceAttributes asked = review.getSpec().getResourceAttributes();
    String qualified = asked.getSubresource() == null || asked.getSubresource().isEmpty() ? asked.getResource()
        : asked.getResource() + "/" + asked.getSubresource();
    accessReviews.add(review.getSpec().getUser() + " " + asked.getVerb() + " " + qualified);
    Permission permission = Arrays.stream(Permission.values())
        .filter(p -> p.verb().equals(asked.getVerb()) && p.qualifiedResource().equals(qualified))
        .findFirst().orElse(null);
    boolean allowed = Permission.API_GROUP.equals(asked.getGroup()) && permission != null
        && holdings(review.getSpec().getUser()).contains(permission);
    return new SubjectAccessReviewBuilder(review).withNewStatus().withAllowed(allowed).endStatus().build();
  }

  private static Set<Permission> holdings(String user) {
    String[] parts = user.substring("system:serviceaccount:tests:".length()).split("\\.");
    Permission named = Permission.valueOf(parts[1]);
    if (parts[0].equals("only")) {
      return EnumSet.of(named);
    }
    EnumSet<Permission> all = EnumSet.allOf(Permission.class);
    all.remove(named);
    return all;
  }

  private static String user(String token) {
    String[] parts = token.split("\\.");
    return "system:serviceaccount:tests:" + parts[0] + "." + parts[1];
  }

  private static void assertAccepted(Route route, HttpResponse<String> response) {
    assertThat(response.statusCode()).as(route + " answered " + response.body()).isNotIn(401, 403);
  }

  private static void assertRefused(Route route, HttpResponse<String> response, String user) throws Exception {
    assertThat(response.statusCode()).as(route + " answered " + response.body()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("detail").asText()).contains("'" + user + "'")
        .contains("may not " + route.permission().verb() + " " + route.permission().qualifiedResource())
        .contains("kubernaut.io");
    assertThat(problem.path("errors").get(0).asText()).isEqualTo("missing permission: verb="
        + route.permission().verb() + ", resource=" + route.permission().qualifiedResource() + ", apiGroup=kubernaut.io");
  }

  private static HttpResponse<String> send(HttpServer gateway, Route route, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + route.path()))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20));
    if (route.body() == null) {
      request.GET();
    } else {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(route.body()));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String fixture(String name) {
    try (InputStream in = ApiAuthorizationTest.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
