package io.kubernaut.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** One embedded operator for an end-to-end test class: start, HTTP calls with the token, a client, stop. */
final class EmbeddedApp implements AutoCloseable {

  static final String NAMESPACE = "kubernaut-system";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Kubernaut kubernaut;
  final KubernetesClient kube;

  private EmbeddedApp(Kubernaut kubernaut) {
    this.kubernaut = kubernaut;
    this.kube = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(kubernaut.apiServerUrl())
        .build()).build();
  }

  static EmbeddedApp start(Path dataDir, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("KUBERNAUT_MODE", "embedded", "KUBERNAUT_HTTP_PORT", "0",
        "KUBERNAUT_DATA_DIR", dataDir.toString()));
    env.putAll(extra);
    return new EmbeddedApp(Kubernaut.start(OperatorConfig.from(env), () -> true));
  }

  /** Calls an operator's HTTP API with its bearer token; {@code body} null sends none. */
  static HttpResponse<String> send(Kubernaut k, String method, String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + k.httpPort() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + k.apiToken())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts an Alertmanager webhook body to an operator's gateway. */
  static HttpResponse<String> postAlerts(Kubernaut k, String body) throws Exception {
    return send(k, "POST", "/api/v1/signals/prometheus", body);
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return send(kubernaut, "POST", path, body);
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(kubernaut, "GET", path, null);
  }

  /** Posts an Alertmanager fixture and returns the name of the first remediation it created. */
  String postFixture(String name) throws Exception {
    HttpResponse<String> response = post("/api/v1/signals/prometheus", fixture(name));
    JsonNode result = JSON.readTree(response.body()).path("results").get(0);
    return result.path("remediation").asText();
  }

  /** Posts an Alertmanager fixture that must create a remediation (201) and returns the first one's name. */
  String postNewFixture(String name) throws Exception {
    return postFixtureBody(fixture(name));
  }

  /** Posts an Alertmanager body that must create a remediation (201) and returns the first one's name. */
  String postFixtureBody(String body) throws Exception {
    HttpResponse<String> response = post("/api/v1/signals/prometheus", body);
    if (response.statusCode() != 201) {
      throw new AssertionError("The gateway answered " + response.statusCode() + ", not 201: " + response.body());
    }
    return JSON.readTree(response.body()).path("results").get(0).path("remediation").asText();
  }

  /** Creates ConfigMap {@code kubernaut-config} in the operator's namespace with {@code data}, as the chart would. */
  static void kubernautConfig(KubernetesClient kube, Map<String, String> data) {
    kube.configMaps().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("kubernaut-config").withNamespace(NAMESPACE).endMetadata().withData(data).build())
        .create();
  }

  /**
   * Waits until the running operator has applied this version of {@code kubernaut-config}: its Event
   * on the ConfigMap names the version (reason PolicyApplied or PolicyAppliedWithWarnings). Tests act
   * on the policy only then; the informer's delay is short but not zero.
   */
  static void awaitApplied(KubernetesClient kube, io.fabric8.kubernetes.api.model.ConfigMap written) {
    String version = "(resourceVersion " + written.getMetadata().getResourceVersion() + ")";
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
        kube.v1().events().inNamespace(written.getMetadata().getNamespace()).list().getItems().stream().anyMatch(e ->
            written.getMetadata().getName().equals(e.getInvolvedObject().getName()) && e.getReason() != null
                && e.getReason().startsWith("PolicyApplied") && e.getMessage() != null
                && e.getMessage().contains(version)));
  }

  static String fixture(String name) throws Exception {
    try (InputStream in = EmbeddedApp.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  AIAnalysis analysis(String remediation) {
    return kube.resources(AIAnalysis.class).inNamespace(NAMESPACE).withName(remediation + "-analysis").get();
  }

  AlertRemediation remediation(String name) {
    return kube.resources(AlertRemediation.class).inNamespace(NAMESPACE).withName(name).get();
  }

  @Override
  public void close() {
    kube.close();
    kubernaut.close();
  }
}
