package io.kubernaut.http.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.ports.audit.AuditEvents;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/remediations/{name}/timeline over real HTTP, from the audit store alone. */
class TimelineRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2025-03-01T11:00:00Z");

  private final InMemoryAuditQueries store = new InMemoryAuditQueries();
  private ApiTestServer server;

  @BeforeEach
  void start() {
    server = ApiTestServer.start(new TimelineRoutes(store));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private void seedRemediation() {
    TargetRef target = new TargetRef("Deployment", "shop", "checkout");
    AuditEvents ar = new AuditEvents("ar-1", new Fingerprint("c".repeat(64)), target);
    store.store(ar.finalRecord(T0.plusSeconds(90), "Completed", "Remediated", "WorkflowSucceeded"));
    store.store(ar.action(T0.plusSeconds(60), 1, "restart-pod", new TargetRef("Pod", "shop", "checkout-1"), "Succeeded",
        "Pod deleted", 800, Map.of("gracePeriod", "30"), Map.of()));
    store.store(ar.created(T0, "KubePodCrashLooping", "production", "critical", Map.of("alertname", "KubePodCrashLooping"),
        Map.of()));
    store.store(ar.phaseTransition(T0, "AlertRemediation", "ar-1", null, "Processing", null));
    store.store(ar.analysis(T0.plusSeconds(30), "ar-1-analysis", "rules", "crash loop", 0.9, false,
        List.of(new AuditEvents.Ranked("restart-pod", 0.9)), List.of(new AuditEvents.Dropped("drain-node", "policy"))));
    store.store(ar.phaseTransition(T0.plusSeconds(20), "AlertRemediation", "ar-1", "Processing", "Analyzing", null));
    store.store(ar.phaseTransition(T0.plusSeconds(90), "AlertRemediation", "ar-1", "Analyzing", "Completed", "Done"));
  }

  @Test
  void phasesActionsAndDecisionsComeInTheOrderTheyHappened() throws Exception {
    seedRemediation();

    HttpResponse<String> r = server.get("/api/v1/remediations/ar-1/timeline");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode t = json(r);
    assertThat(t.path("remediation").path("alertName").asText()).isEqualTo("KubePodCrashLooping");
    assertThat(t.path("remediation").path("target").path("name").asText()).isEqualTo("checkout");
    assertThat(t.path("remediation").path("outcome").asText()).isEqualTo("Remediated");
    assertThat(t.path("phases").findValuesAsText("to")).containsExactly("Processing", "Analyzing", "Completed");
    assertThat(t.path("phases").get(0).has("from")).isFalse();
    JsonNode action = t.path("actions").get(0);
    assertThat(action.path("actionType").asText()).isEqualTo("restart-pod");
    assertThat(action.path("target").path("name").asText()).isEqualTo("checkout-1");
    assertThat(action.path("parameters").path("gracePeriod").asText()).isEqualTo("30");
    assertThat(t.path("decisions").findValuesAsText("kind")).containsExactly("analysis", "final");
    assertThat(t.path("decisions").get(0).path("details").path("dropped.1.reason").asText()).isEqualTo("policy");
    assertThat(t.path("events")).hasSize(7);
  }

  @Test
  void anUnknownRemediationIsA404Problem() throws Exception {
    HttpResponse<String> r = server.get("/api/v1/remediations/ar-unknown/timeline");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(json(r).path("detail").asText()).contains("no event of remediation 'ar-unknown'");
  }

  @Test
  void aNameThatCannotBeAnAlertRemediationIsA400() {
    assertThat(server.get("/api/v1/remediations/Not_A_Name/timeline").statusCode()).isEqualTo(400);
  }

  @Test
  void anUnreachableStoreIsA503NotA404() {
    store.unavailable();

    HttpResponse<String> r = server.get("/api/v1/remediations/ar-1/timeline");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
  }
}
