package io.kubernaut.http.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.http.api.ApiTestServer;
import io.kubernaut.ports.history.ActionEffectiveness;
import io.kubernaut.ports.history.IncidentDescription;
import io.kubernaut.ports.history.Patterns;
import io.kubernaut.ports.history.RecurringFingerprint;
import io.kubernaut.ports.history.RemediationRecord;
import io.kubernaut.ports.history.SimilarIncident;
import io.kubernaut.ports.history.SuccessRate;
import io.kubernaut.ports.history.TargetEffectiveness;
import io.kubernaut.ports.signal.Fingerprint;
import io.kubernaut.ports.signal.TargetRef;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/intelligence/effectiveness and /patterns over real HTTP. */
class IntelligenceRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final Fingerprint FP = new Fingerprint("e".repeat(64));

  private final InMemoryRemediationHistory history = new InMemoryRemediationHistory();
  private ApiTestServer server;

  @BeforeEach
  void start() {
    server = ApiTestServer.start(new IntelligenceRoutes(history, Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void effectivenessListsRatesByAlertAndActionAndByTargetOverTheLast30DaysByDefault() throws Exception {
    history.effectiveness = List.of(
        new ActionEffectiveness("KubePodCrashLooping", "restart-pod", "Pod", new SuccessRate(4, 3)),
        new ActionEffectiveness("KubeMemoryHigh", "increase-memory", "Deployment", new SuccessRate(2, 2)));
    history.byTarget = List.of(new TargetEffectiveness(new TargetRef("Deployment", "shop", "checkout"), "restart-pod",
        new SuccessRate(2, 1)));

    JsonNode e = json(server.get(IntelligenceRoutes.EFFECTIVENESS));

    assertThat(e.path("since").asText()).isEqualTo("2025-01-30T12:00:00Z");
    assertThat(history.asked.get(0).arguments()).containsExactly(Instant.parse("2025-01-30T12:00:00Z"),
        Optional.empty(), IntelligenceRoutes.DEFAULT_ROWS + 1);
    assertThat(e.path("truncated").asBoolean()).isFalse();
    JsonNode first = e.path("byAlertAndAction").get(0);
    assertThat(first.path("actionType").asText()).isEqualTo("restart-pod");
    assertThat(first.path("attempts").asInt()).isEqualTo(4);
    assertThat(first.path("rate").asDouble()).isEqualTo(0.75);
    assertThat(e.path("byTarget").get(0).path("target").path("name").asText()).isEqualTo("checkout");
    assertThat(e.path("byTarget").get(0).path("rate").asDouble()).isEqualTo(0.5);
  }

  @Test
  void anAlertNameNarrowsTheRatesAndAddsItsAllTimeRanking() throws Exception {
    history.effectiveness = List.of(
        new ActionEffectiveness("KubePodCrashLooping", "restart-pod", "Pod", new SuccessRate(4, 3)),
        new ActionEffectiveness("KubeMemoryHigh", "increase-memory", "Deployment", new SuccessRate(2, 2)));
    history.rates = Map.of("restart-pod", new SuccessRate(10, 9));

    JsonNode e = json(server.get(IntelligenceRoutes.EFFECTIVENESS, "alertname", "KubePodCrashLooping",
        "since", "2025-02-01T00:00:00Z"));

    assertThat(e.path("byAlertAndAction").findValuesAsText("alertName")).containsExactly("KubePodCrashLooping");
    assertThat(e.path("allTimeByAction").path("restart-pod").path("rate").asDouble()).isEqualTo(0.9);
  }

  @Test
  void patternsPassTheThresholdsAndListRecurringAndIneffective() throws Exception {
    history.patterns = new Patterns(
        List.of(new RecurringFingerprint(FP, "KubePodCrashLooping", 5, 2, NOW.minusSeconds(86_400), NOW)),
        List.of(new ActionEffectiveness("KubePodCrashLooping", "restart-pod", "Pod", new SuccessRate(6, 1))));

    JsonNode p = json(server.get(IntelligenceRoutes.PATTERNS, "minRemediations", "3", "minAttempts", "4",
        "ineffectiveBelow", "0.4"));

    assertThat(history.asked).singleElement().satisfies(a -> {
      assertThat(a.method()).isEqualTo("patterns");
      assertThat(a.arguments()).containsExactly(NOW.minus(IntelligenceRoutes.DEFAULT_WINDOW), 3, 4, 0.4,
          IntelligenceRoutes.DEFAULT_ROWS + 1);
    });
    assertThat(p.path("recurring").get(0).path("fingerprint").asText()).isEqualTo(FP.hex());
    assertThat(p.path("recurring").get(0).path("unsuccessful").asInt()).isEqualTo(2);
    assertThat(p.path("ineffective").get(0).path("successes").asInt()).isEqualTo(1);
    assertThat(p.path("similar")).isEmpty();
  }

  @Test
  void similarIncidentsAreSearchedFromTheAlertNameNamespaceAndText() throws Exception {
    RemediationRecord past = new RemediationRecord("ar-old", FP, "KubePodCrashLooping",
        new TargetRef("Deployment", "shop", "checkout"), "production", "critical",
        Optional.of(NOW.minusSeconds(3600)), Optional.of("Completed"), Optional.of("Remediated"), Optional.empty());
    history.similar = List.of(new SimilarIncident(past, 0.87));

    JsonNode p = json(server.get(IntelligenceRoutes.PATTERNS, "alertname", "KubePodCrashLooping", "namespace", "shop",
        "text", "checkout keeps restarting", "limit", "5"));

    IncidentDescription probe = (IncidentDescription) history.asked.get(1).arguments().get(0);
    assertThat(probe.labels()).containsEntry("alertname", "KubePodCrashLooping").containsEntry("namespace", "shop");
    assertThat(probe.annotations()).containsEntry("description", "checkout keeps restarting");
    assertThat(history.asked.get(1).arguments().subList(1, 3)).containsExactly(5, 0.3);
    assertThat(p.path("similar").get(0).path("similarity").asDouble()).isEqualTo(0.87);
    assertThat(p.path("similar").get(0).path("remediation").path("remediation").asText()).isEqualTo("ar-old");
    assertThat(p.path("similar").get(0).path("remediation").has("completedAt")).isFalse();
  }

  /** Each list is asked of the store one row longer than shown, and says when it was cut; the row count is bounded. */
  @Test
  void everyListIsAtMostRowsLongAndSaysWhenItWasCut() throws Exception {
    history.effectiveness = List.of(
        new ActionEffectiveness("A", "restart-pod", "Pod", new SuccessRate(4, 3)),
        new ActionEffectiveness("B", "restart-pod", "Pod", new SuccessRate(4, 2)),
        new ActionEffectiveness("C", "restart-pod", "Pod", new SuccessRate(4, 1)));
    history.patterns = new Patterns(List.of(new RecurringFingerprint(FP, "A", 5, 2, NOW.minusSeconds(60), NOW)),
        history.effectiveness);

    JsonNode cut = json(server.get(IntelligenceRoutes.EFFECTIVENESS, "rows", "2"));
    JsonNode whole = json(server.get(IntelligenceRoutes.EFFECTIVENESS, "rows", "3"));
    JsonNode patterns = json(server.get(IntelligenceRoutes.PATTERNS, "rows", "1"));

    assertThat(cut.path("byAlertAndAction").findValuesAsText("alertName")).containsExactly("A", "B");
    assertThat(cut.path("truncated").asBoolean()).isTrue();
    assertThat(whole.path("byAlertAndAction")).hasSize(3);
    assertThat(whole.path("truncated").asBoolean()).isFalse();
    assertThat(history.asked.get(0).arguments()).endsWith(3);
    assertThat(patterns.path("recurring")).hasSize(1);
    assertThat(patterns.path("ineffective")).hasSize(1);
    assertThat(patterns.path("truncated").asBoolean()).isTrue();
    HttpResponse<String> tooMany = server.get(IntelligenceRoutes.EFFECTIVENESS, "rows", "1001");
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("'rows'");
  }

  @Test
  void outOfRangeThresholdsAreNamedIn400AndTheStoreIsNotAsked() throws Exception {
    HttpResponse<String> r = server.get(IntelligenceRoutes.PATTERNS, "ineffectiveBelow", "1.5", "minRemediations", "one");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("errors").toString()).contains("'ineffectiveBelow'", "'minRemediations'");
    assertThat(history.asked).isEmpty();
  }

  @Test
  void aSinceOutsideTheYearsTheDatabaseHoldsIsNamedIn400AndTheStoreIsNotAsked() throws Exception {
    // Java parses the year -5 (and a year of 300,000); PostgreSQL refused it, and the refusal was a 500.
    HttpResponse<String> r = server.get(IntelligenceRoutes.EFFECTIVENESS, "since", "-0005-01-01T00:00:00Z");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("errors").toString()).contains("'since'", "years 1 to 9999");
    assertThat(history.asked).isEmpty();
  }

  @Test
  void anUnreachableStoreIsA503WithRetryAfter() {
    history.unavailable = true;

    HttpResponse<String> r = server.get(IntelligenceRoutes.EFFECTIVENESS);

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
  }
}
