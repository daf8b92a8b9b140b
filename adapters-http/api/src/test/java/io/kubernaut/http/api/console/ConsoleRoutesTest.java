package io.kubernaut.http.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.ports.board.RemediationRow;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.signal.TargetRef;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleRoutesTest {

  private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InMemoryRemediationBoard board = new InMemoryRemediationBoard();
  private ApiTestServer server;

  @BeforeEach
  void start() {
    board.put(row("crash-prod", "AwaitingApproval", "production", "shop-prod", "", null, null, 0));
    board.put(row("oom-staging", "Completed", "staging", "payments-staging", "Remediated", null, null, 1));
    board.put(row("cooldown", "Blocked", "production", "shop-prod", "", NOW.plusSeconds(600), null, 2));
    board.put(row("expired", "Blocked", "production", "shop-prod", "", NOW.minusSeconds(60), null, 3));
    board.put(row("killed", "Blocked", "production", "shop-prod", "", null, null, 4));
    board.put(row("storming", "Executing", "production", "shop-prod", "", null,
        new RemediationRow.Storm("rate", 12, 10, "1m", NOW), 5));
    board.put(row("old-storm", "Completed", "production", "shop-prod", "Remediated", null,
        new RemediationRow.Storm("rate", 30, 10, "1m", NOW.minusSeconds(3600)), 6));
    server = ApiTestServer.start(new BoardRoutes(board, Clock.fixed(NOW, ZoneOffset.UTC)),
        new LiveFeed(board, Duration.ofMillis(50), Duration.ofMillis(200)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static RemediationRow row(String name, String phase, String environment, String namespace, String outcome,
      Instant blockedUntil, RemediationRow.Storm storm, int minutesAgo) {
    return new RemediationRow(name, RemediationPhase.valueOf(phase), environment, "P1", "warning", "KubePodCrashLooping",
        new TargetRef("Deployment", namespace, "app"), NOW.minusSeconds(60L * minutesAgo), null, outcome, 1,
        "A sentence.", blockedUntil, storm);
  }

  private List<String> names(String pathAndQuery) throws Exception {
    HttpResponse<String> response = server.get(pathAndQuery);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return topLevel(JSON.readTree(response.body()).path("items"), "name");
  }

  /** The field of each element of an array (not of nested objects, such as a row's target). */
  private static List<String> topLevel(JsonNode array, String field) {
    List<String> values = new java.util.ArrayList<>();
    array.forEach(element -> values.add(element.path(field).asText()));
    return values;
  }

  @Test
  void theListFiltersByPhaseEnvironmentNamespaceAndOutcome() throws Exception {
    assertThat(names("/api/v1/remediations")).hasSize(7).startsWith("crash-prod");
    assertThat(names("/api/v1/remediations?phase=Blocked")).containsExactly("cooldown", "expired", "killed");
    assertThat(names("/api/v1/remediations?environment=staging")).containsExactly("oom-staging");
    assertThat(names("/api/v1/remediations?namespace=payments-staging")).containsExactly("oom-staging");
    assertThat(names("/api/v1/remediations?outcome=Remediated&environment=production")).containsExactly("old-storm");
  }

  @Test
  void anUnknownPhaseOrAMalformedNamespaceIsRefusedWithOneProblemListingBoth() throws Exception {
    HttpResponse<String> response = server.get("/api/v1/remediations?phase=Sleeping&namespace=Not_A_Namespace");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("errors").toString()).contains("'phase' must be one of").contains("AwaitingApproval")
        .contains("'namespace' must be a namespace name");
  }

  @Test
  void oneRemediationAnswersItsRowAndResourcesAnd404NamesTheTimelineWhenItIsGone() throws Exception {
    HttpResponse<String> response = server.get("/api/v1/remediations/crash-prod");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode dossier = JSON.readTree(response.body());
    assertThat(dossier.path("row").path("phase").asText()).isEqualTo("AwaitingApproval");
    assertThat(dossier.path("resources").get(1).path("status").path("rootCause").asText()).contains("code 1");

    HttpResponse<String> gone = server.get("/api/v1/remediations/deleted-long-ago");
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("/api/v1/remediations/deleted-long-ago/timeline");
    assertThat(server.get("/api/v1/remediations/Bad_Name").statusCode()).isEqualTo(400);
  }

  @Test
  void blocksSayWhatEachRemediationWaitsForAndLeaveOutRulesThatLifted() throws Exception {
    JsonNode blocks = JSON.readTree(server.get("/api/v1/blocks").body()).path("blocks");
    assertThat(topLevel(blocks, "remediation")).containsExactlyInAnyOrder("crash-prod", "cooldown", "killed");
    for (JsonNode b : blocks) {
      switch (b.path("remediation").asText()) {
        case "crash-prod" -> assertThat(b.path("waitsFor").asText()).isEqualTo("approval");
        case "cooldown" -> {
          assertThat(b.path("waitsFor").asText()).isEqualTo("rule");
          assertThat(b.path("until").asText()).isEqualTo("2026-01-10T12:10:00Z");
        }
        default -> assertThat(b.path("waitsFor").asText()).isEqualTo("operator");
      }
      assertThat(b.path("reason").asText()).isNotBlank();
    }
  }

  @Test
  void aRemediationAwaitingARollbackDecisionWaitsForRollbackNamingTheFailedCheckItsLastValueAndTheDeadline()
      throws Exception {
    Instant expires = NOW.plusSeconds(840);
    board.put(row("rolling", "Executing", "production", "shop-prod", "", null, null, 7).withRollback(
        new RemediationRow.PendingRollback(NOW.minusSeconds(60), expires, "restarts-stopped", 4.0,
            "Value 4.0 is not == 0.0.", "It waits for approval to roll back steps b, a.")));

    JsonNode blocks = JSON.readTree(server.get("/api/v1/blocks").body()).path("blocks");
    JsonNode rolling = null;
    for (JsonNode b : blocks) {
      if (b.path("remediation").asText().equals("rolling")) {
        rolling = b;
      }
    }

    assertThat(rolling).as(blocks.toString()).isNotNull();
    assertThat(rolling.path("waitsFor").asText()).isEqualTo("rollback");
    assertThat(rolling.path("until").asText()).isEqualTo(expires.toString());
    assertThat(rolling.path("reason").asText()).contains("check restarts-stopped (last value 4.0)")
        .contains("approve rolling its steps back").contains("reject to keep them");
    JsonNode row = JSON.readTree(server.get("/api/v1/remediations/rolling").body()).path("row");
    assertThat(row.path("rollback").path("check").asText()).isEqualTo("restarts-stopped");
    assertThat(row.path("rollback").path("lastValue").asDouble()).isEqualTo(4.0);
  }

  @Test
  void stormsListOnlyThoseOfRemediationsStillInProgress() throws Exception {
    JsonNode storms = JSON.readTree(server.get("/api/v1/storms").body()).path("storms");
    assertThat(topLevel(storms, "remediation")).containsExactly("storming");
    assertThat(storms.get(0).path("count").asLong()).isEqualTo(12);
    assertThat(storms.get(0).path("limit").asLong()).isEqualTo(10);
  }

  @Test
  void theStoreBeingUnreachableAnswers503WithRetryAfter() {
    board.unreachable = true;
    HttpResponse<String> response = server.get("/api/v1/remediations");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void everyConsoleRouteNeedsAToken() {
    for (String path : List.of("/api/v1/remediations", "/api/v1/remediations/crash-prod", "/api/v1/storms",
        "/api/v1/blocks", LiveFeed.PATH)) {
      assertThat(server.anonymousGet(path).statusCode()).as(path).isEqualTo(401);
    }
  }

  @Test
  void theLiveFeedSendsASnapshotThenOnlyTheChangedRowsAndTheRemovedNames() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    follow(lines);
    await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: snapshot"));
    assertThat(topLevel(dataAfter(lines, "event: snapshot"), "name")).hasSize(7);

    board.put(row("new-one", "Pending", "production", "shop-prod", "", null, null, 0));
    board.rows.remove("killed");

    await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: upsert") && lines.contains("event: remove"));
    assertThat(topLevel(dataAfter(lines, "event: upsert"), "name")).containsExactly("new-one");
    assertThat(dataAfter(lines, "event: remove").toString()).isEqualTo("[\"killed\"]");
    await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.startsWith(":")));

    board.unreachable = true;
    await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: unavailable"));
    board.unreachable = false;
    await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().filter("event: snapshot"::equals).count() == 2);
  }

  /**
   * A console that connects while the remediations cannot be read has no rows: once they can, it gets
   * every row, not the changes since a reading made for a console that has left meanwhile.
   */
  @Test
  void aConsoleThatJoinedWhileTheBoardWasUnreadableGetsEveryRowOnceItIsReadable() throws Exception {
    List<String> first = new CopyOnWriteArrayList<>();
    InputStream firstStream = follow(first);
    await().atMost(Duration.ofSeconds(5)).until(() -> first.contains("event: snapshot"));
    firstStream.close();
    // Long enough for a heartbeat (every 200 ms) to find the first console gone: the feed then has no console.
    await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(1500)).until(() -> true);
    board.put(row("new-one", "Pending", "production", "shop-prod", "", null, null, 0));
    board.failingReads.set(1); // the join's read fails; the next tick's succeeds

    List<String> second = new CopyOnWriteArrayList<>();
    follow(second);
    await().atMost(Duration.ofSeconds(5)).until(() -> second.stream().anyMatch(l -> l.startsWith("event: ")));
    assertThat(second.stream().filter(l -> l.startsWith("event: ")).findFirst()).as("it joined while unreadable")
        .contains("event: unavailable");

    await().atMost(Duration.ofSeconds(5)).until(() -> second.contains("event: snapshot"));
    assertThat(topLevel(dataAfter(second, "event: snapshot"), "name")).as("every row, the unchanged ones too")
        .hasSize(8);
  }

  /**
   * A console that stops reading (its socket's buffers full) holds up no other: each is written from its own outbox.
   * Before, the feed wrote to every console while holding its lock, so the second console's join waited for the first
   * one's write, until the idle timeout.
   */
  @Test
  void aConsoleThatStopsReadingHoldsUpNoOtherConsole() throws Exception {
    for (int i = 0; i < 20_000; i++) {
      board.put(row("r" + i + "-" + "x".repeat(200), "Pending", "production", "shop-prod", "", null, null, 0));
    }
    try (java.net.Socket stalled = new java.net.Socket()) {
      stalled.setReceiveBufferSize(1024);
      stalled.connect(new java.net.InetSocketAddress("localhost", server.port()));
      stalled.getOutputStream().write(("GET " + LiveFeed.PATH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
          + ApiTestServer.TOKEN + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      stalled.getOutputStream().flush();
      Thread.sleep(1000); // its snapshot (several MB) fills the socket's buffers: the write to it blocks

      List<String> lines = new CopyOnWriteArrayList<>();
      follow(lines);
      await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event: snapshot"));
      board.put(row("new-one", "Pending", "production", "shop-prod", "", null, null, 0));
      await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event: upsert"));
    }
  }

  /**
   * A stream ends after its lifetime: its access was checked when it opened, and the console opens it again, checked
   * anew. Before, a stream went on for as long as the operator ran, whatever became of its token since.
   */
  @Test
  void aStreamEndsAfterItsLifetimeSoThatItsAccessIsCheckedAgain() throws Exception {
    try (ApiTestServer shortLived = ApiTestServer.start(new LiveFeed(board, Duration.ofMillis(50), Duration.ofMillis(200),
        Duration.ofMillis(500)))) {
      List<String> lines = new CopyOnWriteArrayList<>();
      follow(shortLived, lines);
      await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("event: snapshot"));

      await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains(ENDED));
      assertThat(lines.indexOf("event: renew")).as("said before it ends").isPositive().isLessThan(lines.indexOf(ENDED));
    }
  }

  /** The line {@link #follow} adds when the stream ends. */
  private static final String ENDED = "<stream ended>";

  /** Opens the live feed and collects its lines into {@code lines} on a thread of its own; closing the stream leaves. */
  private InputStream follow(List<String> lines) throws Exception {
    return follow(server, lines);
  }

  private InputStream follow(ApiTestServer server, List<String> lines) throws Exception {
    HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + server.port() + LiveFeed.PATH))
        .header("Authorization", "Bearer " + ApiTestServer.TOKEN).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
        lines.add(ENDED);
      } catch (java.io.IOException e) {
        // the stream ends when the test closes it or the server
      }
    });
    reader.setDaemon(true);
    reader.start();
    return response.body();
  }

  @Test
  void theConsoleIsServedFromTheJarWithoutATokenAndWithAPolicyAllowingOnlyItsOwnOrigin() {
    HttpResponse<String> page = server.anonymousGet("/ui/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<main id=\"main\"").contains("/ui/js/app.js");
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
        .contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'");
    for (String module : List.of("app.js", "api.js", "dom.js", "list.js", "detail.js", "attention.js")) {
      HttpResponse<String> js = server.anonymousGet("/ui/js/" + module);
      assertThat(js.statusCode()).as(module).isEqualTo(200);
      assertThat(js.headers().firstValue("Content-Type")).as(module).get().asString().contains("javascript");
      assertThat(js.body()).as(module).doesNotContain("http://").doesNotContain("https://");
    }
    assertThat(server.anonymousGet("/ui/console.css").statusCode()).isEqualTo(200);
    HttpResponse<String> bare = server.anonymousGet("/ui");
    assertThat(bare.statusCode()).isEqualTo(200);
    assertThat(bare.body()).as("assets are addressed absolutely, so /ui works without its slash").contains("/ui/js/app.js");
  }

  @Test
  void onlyTheConsolesOwnFilesAreServedUnderUi() {
    assertThat(server.anonymousGet("/ui/missing.js").statusCode()).isEqualTo(404);
    assertThat(server.anonymousGet("/ui/js/../../openapi.json").statusCode()).isEqualTo(404);
    assertThat(server.anonymousGet("/ui/%2e%2e/openapi.json").statusCode()).isEqualTo(404);
    assertThat(server.anonymousGet("/ui/js/").statusCode()).as("no index in js/").isEqualTo(404);
    HttpResponse<String> css = server.anonymousGet("/ui/console.css");
    assertThat(css.headers().firstValue("Content-Type")).get().asString().startsWith("text/css");
    assertThat(css.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void theOpenApiDocumentDescribesEveryConsoleRoute() throws Exception {
    JsonNode paths;
    try (InputStream in = ConsoleRoutesTest.class.getResourceAsStream("/openapi.json")) {
      paths = JSON.readTree(in).path("paths");
    }
    for (String path : List.of(BoardRoutes.LIST, BoardRoutes.ONE, BoardRoutes.STORMS, BoardRoutes.BLOCKS, LiveFeed.PATH)) {
      assertThat(paths.path(path).has("get")).as("GET " + path).isTrue();
    }
  }

  private static JsonNode dataAfter(List<String> lines, String event) throws Exception {
    int i = lines.indexOf(event);
    return JSON.readTree(lines.get(i + 1).substring("data: ".length()));
  }
}
