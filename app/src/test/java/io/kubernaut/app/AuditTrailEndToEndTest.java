package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when of the audit issue: a remediation run in embedded mode can be read back through
 * {@code /api/v1/audit/events} and its timeline, also after the operator restarted on the same
 * data directory (the embedded PostgreSQL keeps its files there; the embedded API server does not).
 */
class AuditTrailEndToEndTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dataDir;

  private Kubernaut start() {
    return Kubernaut.start(OperatorConfig.from(Map.of(
        "KUBERNAUT_MODE", "embedded",
        "KUBERNAUT_HTTP_PORT", "0",
        "KUBERNAUT_DATA_DIR", dataDir.toString())), () -> true);
  }

  private static HttpResponse<String> send(Kubernaut k, HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.header("Authorization", "Bearer " + k.apiToken()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(Kubernaut k, String path) throws Exception {
    return send(k, HttpRequest.newBuilder(URI.create("http://localhost:" + k.httpPort() + path)).GET());
  }

  private static HttpResponse<String> postFixture(Kubernaut k, String fixture) throws Exception {
    String body;
    try (InputStream in = AuditTrailEndToEndTest.class.getResourceAsStream("/fixtures/alertmanager/" + fixture)) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return send(k, HttpRequest.newBuilder(URI.create("http://localhost:" + k.httpPort() + "/api/v1/signals/prometheus"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  /** Every event of the remediation, following the next cursor with small pages. */
  private static List<JsonNode> allEvents(Kubernaut k, String remediation) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    String query = "/api/v1/audit/events?limit=3&remediation=" + remediation;
    JsonNode page = json(get(k, query));
    while (true) {
      page.path("events").forEach(events::add);
      if (!page.has("next")) {
        return events;
      }
      page = json(get(k, query + "&cursor=" + page.path("next").asText()));
    }
  }

  private static List<String> remediationPhases(List<JsonNode> events) {
    return events.stream().filter(e -> e.path("type").asText().equals("PHASE_TRANSITION"))
        .filter(e -> e.path("payload").path("resourceKind").asText().equals("AlertRemediation"))
        .map(e -> e.path("payload").path("toPhase").asText()).toList();
  }

  @Test
  void anAutoResolvedRemediationIsReadableThroughTheAuditApiAlsoAfterARestartOnTheSameDataDirectory() throws Exception {
    String name;
    List<JsonNode> before;
    JsonNode timelineBefore;
    try (Kubernaut first = start();
        KubernetesClient kube = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(first.apiServerUrl()).build()).build()) {
      // Every production analysis needs approval, so the remediation waits before execution for the resolution.
      EmbeddedApp.awaitApplied(kube, kube.configMaps().inNamespace("kubernaut-system").resource(
          new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName("kubernaut-config").withNamespace("kubernaut-system").endMetadata()
          .addToData("gates.yaml", "minConfidence: 0.5\nproductionApprovalConfidence: 1.0\n").build()).create());
      HttpResponse<String> created = postFixture(first, "crashlooping-firing.json");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      name = json(created).path("results").get(0).path("remediation").asText();
      await().atMost(Duration.ofSeconds(15)).until(() -> phaseOf(kube, name) == RemediationPhase.AwaitingApproval);

      assertThat(postFixture(first, "crashlooping-resolved.json").statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        AlertRemediation ar = kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").withName(name).get();
        assertThat(ar.getStatus().getPhase()).isEqualTo(RemediationPhase.Completed);
        assertThat(ar.getStatus().getOutcome()).isEqualTo("AutoResolved");
      });
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
          assertThat(allEvents(first, name)).anySatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("REMEDIATION_FINAL")));

      before = allEvents(first, name);
      assertThat(remediationPhases(before)).containsExactly("Processing", "Analyzing", "AwaitingApproval", "Completed");
      assertThat(before.stream().map(e -> e.path("occurredAt").asText()).toList()).isSorted();
      assertThat(before.get(0).path("type").asText()).isEqualTo("REMEDIATION_CREATED");
      HttpResponse<String> timeline = get(first, "/api/v1/remediations/" + name + "/timeline");
      assertThat(timeline.statusCode()).as(timeline.body()).isEqualTo(200);
      timelineBefore = json(timeline);
      assertThat(timelineBefore.path("remediation").path("alertName").asText()).isEqualTo("KubePodCrashLooping");
      assertThat(timelineBefore.path("remediation").path("outcome").asText()).isEqualTo("AutoResolved");
      assertThat(timelineBefore.path("decisions").findValuesAsText("kind")).containsExactly("analysis", "final");
      assertThat(get(first, "/metrics").body()).contains("kubernaut_audit_events_written_total", "kubernaut_audit_backlog");
    }

    try (Kubernaut second = start()) {
      assertThat(second.database().health().ready()).isTrue();
      List<JsonNode> after = allEvents(second, name);
      assertThat(after).isEqualTo(before);
      HttpResponse<String> timeline = get(second, "/api/v1/remediations/" + name + "/timeline");
      assertThat(timeline.statusCode()).isEqualTo(200);
      assertThat(json(timeline)).isEqualTo(timelineBefore);
      assertThat(get(second, "/api/v1/remediations/" + name + "-unknown/timeline").statusCode()).isEqualTo(404);

      HttpResponse<String> context = get(second, "/api/v1/context?namespace=shop-prod&kind=Deployment&name=checkout");
      assertThat(context.statusCode()).as(context.body()).isEqualTo(200);
      assertThat(json(context).path("kubernetes").path("pods").findValuesAsText("name")).contains("checkout-7d9f8b6c4-x2x9q");
      assertThat(json(context).path("history").findValuesAsText("remediation")).containsExactly(name);
      assertThat(get(second, "/api/v1/intelligence/patterns?alertname=KubePodCrashLooping&namespace=shop-prod")
          .statusCode()).isEqualTo(200);
    }
  }

  /**
   * The operator's own ACTION record of a remediation verified Remediated is a success in the
   * history the rule engine ranks by: it was recorded in the key's lower-case word, which the
   * history never counted, so every success of the operator read as a failure.
   */
  @Test
  void aRemediatedRemediationCountsAsASuccessInTheEffectivenessOfItsAction() throws Exception {
    try (Kubernaut k = start();
        KubernetesClient kube = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(k.apiServerUrl()).build()).build()) {
      HttpResponse<String> created = postFixture(k, "oomkilled-batch.json");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String name = json(created).path("results").get(0).path("remediation").asText();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        AlertRemediation ar = kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").withName(name).get();
        assertThat(ar.getStatus().getOutcome()).isEqualTo("Remediated");
      });
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
          assertThat(allEvents(k, name)).anySatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("REMEDIATION_FINAL")));
      List<JsonNode> actions = allEvents(k, name).stream().filter(e -> e.path("type").asText().equals("ACTION")).toList();
      assertThat(actions).extracting(e -> e.path("payload").path("outcome").asText()).contains("Succeeded");
      String action = actions.get(actions.size() - 1).path("payload").path("actionType").asText();

      JsonNode effectiveness = json(get(k, "/api/v1/intelligence/effectiveness?alertname=KubeContainerOOMKilled"));

      // The batch's other alerts may have ended too, each another attempt; this one's success is among them.
      assertThat(effectiveness.path("byAlertAndAction")).as(effectiveness.toString()).anySatisfy(rate -> {
        assertThat(rate.path("actionType").asText()).isEqualTo(action);
        assertThat(rate.path("successes").asInt()).isPositive();
      });
    }
  }

  private static RemediationPhase phaseOf(KubernetesClient kube, String name) {
    AlertRemediation ar = kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").withName(name).get();
    return ar == null || ar.getStatus() == null ? null : ar.getStatus().getPhase();
  }
}
