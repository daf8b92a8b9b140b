package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.ports.pipeline.ProcessingPhase;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the whole operator in embedded mode, in-process, and drives it through HTTP as Alertmanager would. */
class EmbeddedModeEndToEndTest {

  @TempDir
  static Path dataDir;

  private static Kubernaut kubernaut;
  private static KubernetesClient kube;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void startEmbeddedOperator() {
    kubernaut = Kubernaut.start(OperatorConfig.from(Map.of(
        "KUBERNAUT_MODE", "embedded",
        "KUBERNAUT_HTTP_PORT", "0",
        "KUBERNAUT_DATA_DIR", dataDir.toString())), () -> true);
    kube = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
        .withMasterUrl(kubernaut.apiServerUrl()).build()).build();
  }

  @AfterAll
  static void stop() {
    if (kube != null) {
      kube.close();
    }
    if (kubernaut != null) {
      kubernaut.close();
    }
  }

  private static HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + kubernaut.httpPort() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + kubernaut.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = EmbeddedModeEndToEndTest.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void autoModeWithNoClusterWritesBothTokensAndKubeconfigIntoTheDataDirectory() throws Exception {
    assertThat(Files.readString(dataDir.resolve("api-token")).trim()).isEqualTo(kubernaut.apiToken()).hasSize(48);
    assertThat(Files.readString(dataDir.resolve("ingest-token")).trim()).isEqualTo(kubernaut.ingestToken()).hasSize(48)
        .isNotEqualTo(kubernaut.apiToken());
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("ingest-token")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(dataDir.resolve("kubeconfig"))).contains(kubernaut.apiServerUrl().replaceAll("/$", ""));
  }

  @Test
  void theGeneratedIngestTokenReachesTheSignalRoutesButMayNotReadTheActionCatalog() throws Exception {
    String warning;
    try (InputStream in = EmbeddedModeEndToEndTest.class.getResourceAsStream("/fixtures/kubernetes-events/backoff-warning.json")) {
      warning = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    // A Normal event is answered 422 by the route itself, past authorization, and creates nothing.
    HttpResponse<String> posted = post("/api/v1/signals/kubernetes-event",
        warning.replace("\"Warning\"", "\"Normal\""), kubernaut.ingestToken());
    HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + kubernaut.httpPort()
        + "/api/v1/actions")).header("Authorization", "Bearer " + kubernaut.ingestToken()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(422);
    assertThat(read.statusCode()).isEqualTo(403);
    assertThat(read.body()).contains("'ingest-token' may not get context");
  }

  @Test
  void crashLoopingFixtureBecomesAnAlertRemediationWhoseProcessingChildCompletesAsProductionP1() throws Exception {
    HttpResponse<String> response = post("/api/v1/signals/prometheus", fixture("crashlooping-firing.json"), kubernaut.apiToken());

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode result = JSON.readTree(response.body()).path("results").get(0);
    assertThat(result.path("result").asText()).isEqualTo("created");
    String name = result.path("remediation").asText();

    AlertRemediation ar = kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").withName(name).get();
    assertThat(ar.getMetadata().getLabels())
        .containsEntry(KubernautLabels.ALERTNAME, "KubePodCrashLooping")
        .containsEntry(KubernautLabels.FINGERPRINT, ar.getSpec().getFingerprint().substring(0, 40))
        .containsEntry(KubernautLabels.ENVIRONMENT, "production");
    assertThat(ar.getSpec().getTarget().getKind()).isEqualTo("Deployment");
    assertThat(ar.getSpec().getTarget().getName()).isEqualTo("checkout");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      AlertProcessing ap = kube.resources(AlertProcessing.class).inNamespace("kubernaut-system").withName(name + "-processing").get();
      assertThat(ap).isNotNull();
      assertThat(ap.getStatus()).isNotNull();
      assertThat(ap.getStatus().getPhase()).isEqualTo(ProcessingPhase.Completed);
      assertThat(ap.getStatus().getEnvironment()).isEqualTo("production");
      assertThat(ap.getStatus().getPriority()).isEqualTo("P1");
      assertThat(ap.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
          .containsExactly("Enriching", "Classifying", "Routing", "Completed");
      // The Deployment's pods when it was enriched: the seeded ones, or those of a revision an earlier
      // remediation of checkout in this class rolled back to (the demo simulator replaces them).
      assertThat(ap.getStatus().getEnrichment().pods()).extracting(p -> p.name()).isNotEmpty()
          .allSatisfy(pod -> assertThat(pod).startsWith("checkout-"));
      assertThat(ap.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
        assertThat(o.getKind()).isEqualTo("AlertRemediation");
        assertThat(o.getName()).isEqualTo(name);
        assertThat(o.getController()).isTrue();
      });
      AlertRemediation current = kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").withName(name).get();
      // Past processing; where it is now depends on the other tests of this class (a cooldown may block it).
      assertThat(current.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
          .startsWith("Processing", "Analyzing");
      assertThat(current.getStatus().getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
      assertThat(current.getStatus().getEnvironment()).isEqualTo("production");
      assertThat(current.getStatus().getPriority()).isEqualTo("P1");
      assertThat(current.getStatus().getChildren()).anySatisfy(c -> {
        assertThat(c.getName()).isEqualTo(name + "-processing");
        assertThat(c.getPhase()).isEqualTo("Completed");
      });
      assertThat(current.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
          .startsWith("Processing", "Analyzing");
    });
  }

  @Test
  void postWithoutTheTokenIsRejectedWith401ProblemJson() throws Exception {
    HttpResponse<String> response = post("/api/v1/signals/prometheus", fixture("crashlooping-firing.json"), null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(401);
    assertThat(problem.path("title").asText()).isEqualTo("Unauthorized");
    assertThat(problem.path("detail").asText()).contains("Bearer");
  }

  @Test
  void readinessReportsTheDatabaseAndTheInformersAndMetricsCountSignals() throws Exception {
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(get("/readyz").statusCode()).isEqualTo(200));
    JsonNode ready = JSON.readTree(get("/readyz").body());
    assertThat(ready.path("components").path("database").path("ready").asBoolean()).isTrue();
    assertThat(ready.path("components").path("kubernetes").path("ready").asBoolean()).isTrue();
    // Kubernaut.start returns once the controllers have listed: nothing is degraded then.
    assertThat(ready.path("components").path("controllers").path("ready").asBoolean()).isTrue();
    assertThat(ready.path("components").path("controllers").path("gatesReadiness").asBoolean()).isFalse();
    assertThat(ready.path("status").asText()).isEqualTo("READY");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);

    post("/api/v1/signals/prometheus", fixture("oomkilled-batch.json"), kubernaut.apiToken());
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("kubernaut_signals_received_total{").contains("jvm_memory_used_bytes");
  }

  private static AlertRemediation remediation(String name) {
    return kube.resources(AlertRemediation.class).inNamespace("kubernaut-system").withName(name).get();
  }

  @Test
  void resolvedAlertBeforeExecutionEndsItsRemediationCompletedAutoResolved() throws Exception {
    // Production remediations wait for approval here, so the resolution surely comes before execution (without
    // it the pipeline reached Executing, or a cooldown left by an earlier test's remediation of checkout, within
    // ~100 ms of the post, sometimes before the resolution's post).
    io.fabric8.kubernetes.api.model.ConfigMap gates = kube.configMaps().inNamespace("kubernaut-system").resource(
        new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("kubernaut-config")
            .withNamespace("kubernaut-system").endMetadata()
            .addToData("gates.yaml", "productionApprovalConfidence: 1.0\n").build()).createOr(c -> c.update());
    try {
      EmbeddedApp.awaitApplied(kube, gates);
      resolvedBeforeExecution();
    } finally {
      kube.resource(gates).delete();
    }
  }

  private void resolvedBeforeExecution() throws Exception {
    String firing = fixture("crashlooping-firing.json").replace("KubePodCrashLooping", "ResolvedFlowCrashLooping");
    String resolved = fixture("crashlooping-resolved.json").replace("KubePodCrashLooping", "ResolvedFlowCrashLooping");
    String name = JSON.readTree(post("/api/v1/signals/prometheus", firing, kubernaut.apiToken()).body())
        .path("results").get(0).path("remediation").asText();
    await().ignoreExceptions().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(remediation(name)
        .getStatus().getPhase()).isEqualTo(RemediationPhase.AwaitingApproval));

    HttpResponse<String> response = post("/api/v1/signals/prometheus", resolved, kubernaut.apiToken());

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode result = JSON.readTree(response.body()).path("results").get(0);
    assertThat(result.path("result").asText()).isEqualTo("resolved");
    assertThat(result.path("remediation").asText()).isEqualTo(name);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      AlertRemediation ar = remediation(name);
      assertThat(ar.getStatus().getResolvedAt()).isNotNull();
      assertThat(ar.getStatus().getPhase()).isEqualTo(RemediationPhase.Completed);
      assertThat(ar.getStatus().getOutcome()).isEqualTo("AutoResolved");
    });
  }

  @Test
  void resolvedAlertWithoutARemediationIsAcknowledgedAndStartsNothing() throws Exception {
    String resolved = fixture("crashlooping-resolved.json").replace("KubePodCrashLooping", "NeverFiredCrashLooping");

    HttpResponse<String> response = post("/api/v1/signals/prometheus", resolved, kubernaut.apiToken());

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode result = JSON.readTree(response.body()).path("results").get(0);
    assertThat(result.path("result").asText()).isEqualTo("resolved");
    assertThat(result.has("remediation")).isFalse();
    assertThat(kube.resources(AlertRemediation.class).inNamespace("kubernaut-system")
        .withLabel(KubernautLabels.ALERTNAME, "NeverFiredCrashLooping").list().getItems()).isEmpty();
  }

  @Test
  void normalKubernetesEventIsRejectedAndAWarningEventBecomesARemediation() throws Exception {
    String warning;
    try (InputStream in = EmbeddedModeEndToEndTest.class.getResourceAsStream("/fixtures/kubernetes-events/backoff-warning.json")) {
      warning = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    HttpResponse<String> normal = post("/api/v1/signals/kubernetes-event", warning.replace("\"Warning\"", "\"Normal\""),
        kubernaut.apiToken());
    HttpResponse<String> accepted = post("/api/v1/signals/kubernetes-event", warning, kubernaut.apiToken());

    assertThat(normal.statusCode()).isEqualTo(422);
    assertThat(normal.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(accepted.statusCode()).isIn(201, 202);
    String name = JSON.readTree(accepted.body()).path("results").get(0).path("remediation").asText();
    assertThat(remediation(name).getSpec().getSource()).isEqualTo("kubernetes-event");
    assertThat(remediation(name).getSpec().getTarget().getName()).isEqualTo("checkout");
  }

  @Test
  void oomKilledBatchIsClassifiedStagingP1AsOneRemediationForTheDeployment() throws Exception {
    HttpResponse<String> response = post("/api/v1/signals/prometheus", fixture("oomkilled-batch.json"), kubernaut.apiToken());
    assertThat(response.statusCode()).isIn(201, 202);
    JsonNode results = JSON.readTree(response.body()).path("results");
    String name = results.get(0).path("remediation").asText();
    assertThat(results).allSatisfy(r -> assertThat(r.path("remediation").asText()).isEqualTo(name));
    await().ignoreExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      AlertProcessing ap = kube.resources(AlertProcessing.class).inNamespace("kubernaut-system").withName(name + "-processing").get();
      assertThat(ap.getStatus().getPhase()).isEqualTo(ProcessingPhase.Completed);
      assertThat(ap.getStatus().getEnvironment()).isEqualTo("staging");
      assertThat(ap.getStatus().getPriority()).isEqualTo("P1");
      assertThat(ap.getStatus().getEnrichment().pods()).extracting(p -> p.lastTerminationReason()).contains("OOMKilled");
    });
  }
}
