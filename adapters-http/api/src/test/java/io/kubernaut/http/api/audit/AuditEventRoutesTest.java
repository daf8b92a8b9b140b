package io.kubernaut.http.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

/** POST and GET /api/v1/audit/events over real HTTP, against in-memory ports. */
class AuditEventRoutesTest {

  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  static final String FP = "a".repeat(64);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InMemoryAuditQueries store = new InMemoryAuditQueries();
  private final InMemoryAuditTrail trail = new InMemoryAuditTrail(store);
  private ApiTestServer server;

  @BeforeEach
  void start() {
    server = ApiTestServer.start(new AuditEventRoutes(trail, store, ApiTestServer.bodies(),
        Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String body(String remediation, String fingerprint, String type, String occurredAt, String payload) {
    return "{\"remediation\":" + quoted(remediation) + ",\"fingerprint\":" + quoted(fingerprint) + ",\"type\":"
        + quoted(type) + ",\"occurredAt\":" + quoted(occurredAt) + ",\"namespace\":\"shop\",\"payload\":" + payload + "}";
  }

  private static String quoted(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  /** Seeds: ar-1 with 3 phase transitions in shop, ar-2 with one in other, one action of ar-1. */
  private void seed() {
    AuditEvents ar1 = new AuditEvents("ar-1", new Fingerprint(FP), new TargetRef("Deployment", "shop", "checkout"));
    AuditEvents ar2 = new AuditEvents("ar-2", new Fingerprint("b".repeat(64)), new TargetRef("Deployment", "other", "x"));
    Instant t0 = NOW.minusSeconds(600);
    store.store(ar1.phaseTransition(t0.plusSeconds(30), "AlertRemediation", "ar-1", "Processing", "Analyzing", null));
    store.store(ar1.phaseTransition(t0, "AlertRemediation", "ar-1", null, "Processing", null));
    store.store(ar2.phaseTransition(t0.plusSeconds(10), "AlertRemediation", "ar-2", null, "Processing", null));
    store.store(ar1.action(t0.plusSeconds(40), 1, "restart-pod", new TargetRef("Pod", "shop", "p"), "Succeeded", "",
        1200, Map.of(), Map.of()));
    store.store(ar1.phaseTransition(t0.plusSeconds(60), "AlertRemediation", "ar-1", "Analyzing", "Completed", null));
  }

  @Test
  void aValidEventIsAcceptedWith202UnderAnExternalKeyAndIsThenListed() throws Exception {
    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, body("ar-9", FP, "action", "2025-03-01T11:59:00+01:00",
        "{\"actionType\":\"restart-pod\",\"durationMs\":1200,\"dryRun\":false}"), "Idempotency-Key", "runner-42");

    assertThat(r.statusCode()).isEqualTo(202);
    String admin = "external:ar-9/" + writerTag("admin-token") + "/runner-42";
    assertThat(json(r).path("idempotencyKey").asText()).isEqualTo(admin);
    AuditEvent stored = trail.recorded().get(0);
    assertThat(stored.type()).isEqualTo(AuditEventType.ACTION);
    assertThat(stored.occurredAt()).isEqualTo(Instant.parse("2025-03-01T10:59:00Z"));
    assertThat(stored.payload()).containsEntry("durationMs", "1200").containsEntry("dryRun", "false")
        .containsEntry("postedBy", "admin-token");
    JsonNode listed = json(server.get(AuditEventRoutes.PATH, "remediation", "ar-9")).path("events");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("idempotencyKey").asText()).isEqualTo(admin);
    assertThat(listed.get(0).path("payload").path("actionType").asText()).isEqualTo("restart-pod");
  }

  @Test
  void aRetriedPostWithoutAKeyDerivesTheSameKeyAndIsStoredOnce() throws Exception {
    String event = body("ar-9", FP, "OTHER", "2025-03-01T11:00:00Z", "{\"note\":\"scaled by hand\"}");
    String first = json(server.post(AuditEventRoutes.PATH, event)).path("idempotencyKey").asText();
    String second = json(server.post(AuditEventRoutes.PATH, event)).path("idempotencyKey").asText();
    String other = json(server.post(AuditEventRoutes.PATH,
        body("ar-9", FP, "OTHER", "2025-03-01T11:00:00Z", "{\"note\":\"scaled back\"}"))).path("idempotencyKey").asText();

    assertThat(first).startsWith("external:ar-9/" + writerTag("admin-token") + "/other/").isEqualTo(second)
        .isNotEqualTo(other);
    assertThat(store.all()).hasSize(2);
  }

  /** One key posted for two remediations is two events: a key posted first cannot have a later post dropped as its replay. */
  @Test
  void theSameKeyForAnotherRemediationIsAnotherEvent() {
    String first = json(server.post(AuditEventRoutes.PATH, body("ar-9", FP, "OTHER", "2025-03-01T11:00:00Z",
        "{\"note\":\"a\"}"), "Idempotency-Key", "42")).path("idempotencyKey").asText();
    String second = json(server.post(AuditEventRoutes.PATH, body("ar-8", FP, "OTHER", "2025-03-01T11:00:00Z",
        "{\"note\":\"b\"}"), "Idempotency-Key", "42")).path("idempotencyKey").asText();

    assertThat(first).isNotEqualTo(second);
    assertThat(store.all()).hasSize(2);
  }

  private static String writerTag(String writer) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(writer.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 12);
  }

  @Test
  void everyMissingOrMalformedFieldIsNamedInOne400Problem() {
    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, body("AR_1", "xyz", null, "yesterday", "null"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = json(r);
    assertThat(problem.path("detail").asText()).contains("5 invalid fields");
    assertThat(problem.path("errors").toString()).contains("'remediation'", "'fingerprint'", "'type'", "'occurredAt'",
        "'payload'");
    assertThat(trail.recorded()).isEmpty();
  }

  @Test
  void theTypesThatDefineTheRemediationAndOpenRetentionAreRefusedFromExternalWriters() {
    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, body("ar-1", FP, "REMEDIATION_FINAL",
        "2025-03-01T11:00:00Z", "{}"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("detail").asText()).contains("'type'", "operator only");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PHASE_TRANSITION", "ANALYSIS", "APPROVAL", "REMEDIATION_CREATED"})
  void decisionsAreTheOperatorsAloneAndAreRefusedFromExternalWriters(String type) {
    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, body("ar-1", FP, type, "2025-03-01T11:00:00Z",
        "{\"decision\":\"approved\"}"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("detail").asText()).contains("'type' " + type, "operator only", "[ACTION, NOTIFICATION, OTHER]");
    assertThat(trail.recorded()).isEmpty();
  }

  @Test
  void aPayloadCannotClaimAnotherWriter() {
    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, body("ar-1", FP, "OTHER", "2025-03-01T11:00:00Z",
        "{\"postedBy\":\"the-operator\"}"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("detail").asText()).contains("'payload.postedBy' is reserved");
  }

  @Test
  void aNestedPayloadValueAndAFutureTimeAreRefusedNamingTheField() {
    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, body("ar-1", FP, "OTHER", "2025-03-01T12:30:00Z",
        "{\"ok\":\"yes\",\"nested\":{\"a\":1}}"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("errors").toString()).contains("'payload.nested'", "'occurredAt'", "in the future");
  }

  @Test
  void aTimeBeforeTheEpochIsRefusedNamingTheField() {
    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, body("ar-1", FP, "OTHER", "-0005-03-01T12:30:00Z",
        "{\"ok\":\"yes\"}"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("errors").toString()).contains("'occurredAt'", "before 1970-01-01T00:00:00Z");
  }

  /** The audit queue holds up to 10,000 events in memory: a payload is bounded, not only the request's body. */
  @Test
  void aPayloadOverItsLimitIsRefusedNamingItsSize() {
    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, body("ar-1", FP, "OTHER", "2025-03-01T11:00:00Z",
        "{\"note\":\"" + "x".repeat(AuditEventRequest.MAX_PAYLOAD_CHARS) + "\"}"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("detail").asText()).contains("'payload' holds 16388 characters", "at most 16384");
    assertThat(trail.recorded()).isEmpty();
  }

  @Test
  void aBodyKeyThatDiffersFromTheHeaderKeyIsRefused() {
    String event = "{\"remediation\":\"ar-1\",\"fingerprint\":\"" + FP + "\",\"type\":\"OTHER\","
        + "\"occurredAt\":\"2025-03-01T11:00:00Z\",\"payload\":{},\"idempotencyKey\":\"k1\"}";

    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, event, "Idempotency-Key", "k2");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("detail").asText()).contains("'idempotencyKey'", "Idempotency-Key");
  }

  /**
   * PostgreSQL keeps no NUL in text: a key or detail carrying one would be answered 202 and then refused by the store.
   * It is refused here, naming the field, and nothing reaches the trail.
   */
  @Test
  void aKeyOrDetailThatTheStoreCouldNotKeepIsRefusedBeforeItIsQueued() {
    int before = trail.recorded().size();
    String event = "{\"remediation\":\"ar-1\",\"fingerprint\":\"" + FP + "\",\"type\":\"OTHER\","
        + "\"occurredAt\":\"2025-03-01T11:00:00Z\",\"payload\":{},\"idempotencyKey\":\"k\\u0000x\"}";
    HttpResponse<String> key = server.post(AuditEventRoutes.PATH, event);
    assertThat(key.statusCode()).isEqualTo(400);
    assertThat(json(key).path("detail").asText()).contains("'idempotencyKey'", "control character");

    HttpResponse<String> detail = server.post(AuditEventRoutes.PATH, body("ar-1", FP, "OTHER", "2025-03-01T11:00:00Z",
        "{\"note\":\"a\\u0000b\",\"ta\\u0007b\":\"x\"}"));
    assertThat(detail.statusCode()).isEqualTo(400);
    assertThat(json(detail).path("errors").toString()).contains("'payload.note' contains a NUL", "control character");
    assertThat(trail.recorded()).hasSize(before);
  }

  @Test
  void aFullAuditQueueAnswers503WithRetryAfter() {
    trail.full();

    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, body("ar-1", FP, "OTHER", "2025-03-01T11:00:00Z", "{}"));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(json(r).path("detail").asText()).contains("queue is full", "same idempotency key");
  }

  /** Queued in memory it would be lost by a restart before the database is back: an external event has no other copy. */
  @Test
  void anEventIsNotTakenWhileTheDatabaseIsNotStoring() {
    trail.notStoring();

    HttpResponse<String> r = server.post(AuditEventRoutes.PATH, body("ar-1", FP, "OTHER", "2025-03-01T11:00:00Z", "{}"));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(json(r).path("detail").asText()).contains("not configured or not reachable", "same idempotency key");
    assertThat(trail.recorded()).as("nothing queued").isEmpty();
  }

  @Test
  void orderRecordedReachesTheStoreAndItsPagesCarryAResumeCursor() {
    seed();

    HttpResponse<String> r = server.get(AuditEventRoutes.PATH, "order", "recorded");
    assertThat(store.lastQuery.order()).isEqualTo(io.kubernaut.ports.audit.AuditEventQuery.Order.RECORDED);
    HttpResponse<String> occurred = server.get(AuditEventRoutes.PATH);
    assertThat(store.lastQuery.order()).isEqualTo(io.kubernaut.ports.audit.AuditEventQuery.Order.OCCURRED);
    HttpResponse<String> bad = server.get(AuditEventRoutes.PATH, "order", "sideways");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).path("resume").asText()).isEqualTo("cmVzdW1l");
    assertThat(json(occurred).has("resume")).as("only the order of storing resumes").isFalse();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("detail").asText()).contains("'order'");
  }

  @Test
  void filtersCombineAndEventsComeInTheStableOrder() {
    seed();

    JsonNode ar1 = json(server.get(AuditEventRoutes.PATH, "remediation", "ar-1", "type", "phase-transition"));
    JsonNode shop = json(server.get(AuditEventRoutes.PATH, "namespace", "shop"));
    JsonNode window = json(server.get(AuditEventRoutes.PATH, "since", "2025-03-01T11:50:10Z",
        "until", "2025-03-01T11:50:40Z"));

    assertThat(ar1.path("events").findValuesAsText("toPhase")).containsExactly("Processing", "Analyzing", "Completed");
    assertThat(ar1.has("next")).isFalse();
    assertThat(shop.path("count").asInt()).isEqualTo(4);
    assertThat(window.path("events").findValuesAsText("remediation")).containsExactly("ar-2", "ar-1");
  }

  @Test
  void pagesFollowTheNextCursorUntilTheLastPageWhichHasNone() {
    seed();
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();

    JsonNode page = json(server.get(AuditEventRoutes.PATH, "limit", "2"));
    while (true) {
      page.path("events").forEach(e -> seen.add(e.path("occurredAt").asText()));
      sizes.add(page.path("count").asInt());
      if (!page.has("next")) {
        break;
      }
      page = json(server.get(AuditEventRoutes.PATH, "limit", "2", "cursor", page.path("next").asText()));
    }

    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(seen).hasSize(5).isSorted();
  }

  @Test
  void badFiltersAreEachNamedIn400() {
    HttpResponse<String> r = server.get(AuditEventRoutes.PATH, "since", "last tuesday", "limit", "0", "type", "BOOM");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("errors").toString()).contains("'since'", "'limit'", "'type'");
  }

  @Test
  void aWindowThatEndsBeforeItStartsIsRefused() {
    HttpResponse<String> r = server.get(AuditEventRoutes.PATH, "since", "2025-03-01T12:00:00Z",
        "until", "2025-03-01T11:00:00Z");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("detail").asText()).contains("'since'", "'until'");
  }

  @Test
  void aCursorNotHandedOutByTheApiIsA400NamingTheCursor() {
    HttpResponse<String> r = server.get(AuditEventRoutes.PATH, "cursor", "Zm9yZWlnbg");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("detail").asText()).contains("'cursor'");
  }

  @Test
  void anUnreachableStoreAnswers503WithRetryAfter() {
    store.unavailable();

    HttpResponse<String> r = server.get(AuditEventRoutes.PATH);

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
  }

  @Test
  void theEventsNeedTheToken() {
    assertThat(server.anonymousGet(AuditEventRoutes.PATH).statusCode()).isEqualTo(401);
  }
}
