package io.kubernaut.k8s.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.fakes.Resources;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.Duplicates;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded API server answers requests shaped exactly as kubectl 1.32 sends them (headers, query
 * strings and bodies taken from {@code kubectl -v=8}): Tables, server-side dry runs on every write,
 * the scale subresource, and the Events field selectors of {@code kubectl describe}.
 */
class EmbeddedApiServerKubectlTest {

  private static final String TABLE_ACCEPT =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  private static final String NS = "kubectl-test";
  private static final String DEPLOY = "/apis/apps/v1/namespaces/" + NS + "/deployments";
  private static final String ARS = "/apis/kubernaut.io/v1alpha1/namespaces/" + NS + "/alertremediations";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedApiServer server;
  private static KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    server = new EmbeddedApiServer(Files.createTempDirectory("embedded-kubectl"), "kubernaut-system", 0).start();
    client = server.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void freshDeployment() {
    client.apps().deployments().inNamespace(NS).withName("web").delete();
    client.apps().deployments().inNamespace(NS).withName("web").waitUntilCondition(d -> d == null, 5,
        java.util.concurrent.TimeUnit.SECONDS);
    client.apps().deployments().inNamespace(NS).resource(web()).create();
  }

  // ---- Tables ----

  @Test
  void kubectlGetArReceivesATableWithThePrinterColumnsInOrderAndTheirValues() throws Exception {
    remediation("ar-table", RemediationPhase.Analyzing, "production", "P0", 3);

    JsonNode table = json(send("GET", ARS + "?limit=500", Map.of("Accept", TABLE_ACCEPT), null));

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    List<String> names = new ArrayList<>();
    List<Integer> priorities = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> {
      names.add(c.path("name").asText());
      priorities.add(c.path("priority").asInt());
    });
    assertThat(names).containsExactly("Name", "Phase", "Environment", "Priority", "Alert", "Target", "Outcome", "Age",
        "Duplicates", "Blocked Until", "Message");
    assertThat(priorities).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
    JsonNode row = rowNamed(table, "ar-table");
    assertThat(row.path("cells").get(0).asText()).isEqualTo("ar-table");
    assertThat(row.path("cells").get(1).asText()).isEqualTo("Analyzing");
    assertThat(row.path("cells").get(2).asText()).isEqualTo("production");
    assertThat(row.path("cells").get(3).asText()).isEqualTo("P0");
    assertThat(row.path("cells").get(4).asText()).isEqualTo("KubePodCrashLooping");
    assertThat(row.path("cells").get(5).asText()).isEqualTo("web");
    assertThat(row.path("cells").get(6).isNull()).as("no outcome yet").isTrue();
    assertThat(row.path("cells").get(7).asText()).as("age").matches("\\d+s");
    assertThat(row.path("cells").get(8).asInt()).isEqualTo(3);
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("metadata").path("namespace").asText()).isEqualTo(NS);
  }

  @Test
  void aBuiltInKindIsATableOfNameAndAgeAndOneObjectIsATableOfOneRow() throws Exception {
    JsonNode table = json(send("GET", DEPLOY + "/web", Map.of("Accept", TABLE_ACCEPT), null));

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions").get(0).path("name").asText()).isEqualTo("Name");
    assertThat(table.path("columnDefinitions").get(1).path("name").asText()).isEqualTo("Age");
    assertThat(table.path("rows")).hasSize(1);
    assertThat(table.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("web");
  }

  @Test
  void withoutTheTableAcceptHeaderAListStaysAListAndSaysItIsJson() throws Exception {
    HttpResponse<String> response = send("GET", DEPLOY, Map.of("Accept", "application/json"), null);

    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(response).path("items")).hasSize(1);
  }

  @Test
  void discoveryPutsEveryKubernautKindInTheKubernautCategoryForKubectlGetKubernaut() throws Exception {
    JsonNode resources = json(send("GET", "/apis/kubernaut.io/v1alpha1", Map.of(), null)).path("resources");

    List<String> inCategory = new ArrayList<>();
    resources.forEach(r -> {
      if (r.path("categories").toString().contains("\"kubernaut\"")) {
        inCategory.add(r.path("name").asText());
      }
    });
    assertThat(inCategory).containsExactlyInAnyOrder("alertremediations", "alertprocessings", "aianalyses",
        "workflowexecutions", "kubernetesexecutions");
  }

  // ---- dryRun=All on every write ----

  @Test
  void aDryRunCreateAnswersTheObjectAndStoresNothing() throws Exception {
    String body = JSON.writeValueAsString(new DeploymentBuilder(web()).editMetadata().withName("web-dry").endMetadata().build());

    HttpResponse<String> response = send("POST", DEPLOY + "?dryRun=All&fieldManager=kubectl-create&fieldValidation=Strict",
        Map.of("Content-Type", "application/json"), body);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(json(response).path("metadata").path("name").asText()).isEqualTo("web-dry");
    assertThat(client.apps().deployments().inNamespace(NS).withName("web-dry").get()).isNull();
  }

  @Test
  void aDryRunReplaceAnswersTheNewObjectAndChangesNothing() throws Exception {
    Deployment stored = client.apps().deployments().inNamespace(NS).withName("web").get();
    stored.getSpec().setReplicas(4);

    HttpResponse<String> response = send("PUT", DEPLOY + "/web?dryRun=All&fieldManager=kubectl-replace",
        Map.of("Content-Type", "application/json"), JSON.writeValueAsString(stored));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("spec").path("replicas").asInt()).isEqualTo(4);
    assertUnchanged();
  }

  @Test
  void aDryRunMergePatchAnswersThePatchedObjectAndChangesNothing() throws Exception {
    HttpResponse<String> response = send("PATCH", DEPLOY + "/web?dryRun=All&fieldManager=kubectl-patch",
        Map.of("Content-Type", "application/merge-patch+json"), "{\"spec\":{\"replicas\":8}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("spec").path("replicas").asInt()).isEqualTo(8);
    assertUnchanged();
  }

  @Test
  void aDryRunStrategicPatchMergesContainersByNameInItsAnswerAndChangesNothing() throws Exception {
    HttpResponse<String> response = send("PATCH", DEPLOY + "/web?dryRun=All&fieldManager=kubectl-set",
        Map.of("Content-Type", "application/strategic-merge-patch+json"),
        "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"web\"}],"
            + "\"containers\":[{\"image\":\"registry.example/web:2\",\"name\":\"web\"}]}}}}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode containers = json(response).path("spec").path("template").path("spec").path("containers");
    assertThat(containers).hasSize(1);
    assertThat(containers.get(0).path("image").asText()).isEqualTo("registry.example/web:2");
    assertThat(containers.get(0).path("resources").path("limits").path("memory").asText()).isEqualTo("256Mi");
    assertUnchanged();
  }

  @Test
  void aDryRunJsonPatchAnswersThePatchedObjectAndChangesNothing() throws Exception {
    HttpResponse<String> response = send("PATCH", DEPLOY + "/web?dryRun=All&fieldManager=kubectl-patch",
        Map.of("Content-Type", "application/json-patch+json"), "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":9}]");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("spec").path("replicas").asInt()).isEqualTo(9);
    assertUnchanged();
  }

  @Test
  void aDryRunDeleteWithDeleteOptionsInTheBodyKeepsTheObject() throws Exception {
    HttpResponse<String> response = send("DELETE", DEPLOY + "/web", Map.of("Content-Type", "application/json"),
        "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Background\",\"dryRun\":[\"All\"]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertUnchanged();
  }

  @Test
  void aDryRunStatusPatchChangesNoStatus() throws Exception {
    remediation("ar-status", RemediationPhase.Analyzing, "production", "P1", 0);

    HttpResponse<String> response = send("PATCH", ARS + "/ar-status/status?dryRun=All&fieldManager=kubectl-patch",
        Map.of("Content-Type", "application/merge-patch+json"), "{\"status\":{\"phase\":\"Completed\"}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("status").path("phase").asText()).isEqualTo("Completed");
    assertThat(client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-status").get().getStatus().getPhase())
        .isEqualTo(RemediationPhase.Analyzing);
  }

  @Test
  void aStatusMergePatchWithKubectlsFieldManagerQueryReachesTheStatus() throws Exception {
    remediation("ar-status-real", RemediationPhase.Analyzing, "production", "P1", 0);

    send("PATCH", ARS + "/ar-status-real/status?fieldManager=kubectl-patch",
        Map.of("Content-Type", "application/merge-patch+json"), "{\"status\":{\"phase\":\"Executing\"}}");

    assertThat(client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-status-real").get().getStatus()
        .getPhase()).isEqualTo(RemediationPhase.Executing);
  }

  // ---- scale ----

  @Test
  void kubectlScaleWithServerDryRunAnswersAScaleAndChangesNothing() throws Exception {
    HttpResponse<String> response = send("PATCH", DEPLOY + "/web/scale?dryRun=All",
        Map.of("Content-Type", "application/merge-patch+json"), "{\"spec\":{\"replicas\":7}}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode scale = json(response);
    assertThat(scale.path("kind").asText()).isEqualTo("Scale");
    assertThat(scale.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
    assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(7);
    assertUnchanged();
  }

  @Test
  void kubectlScaleChangesTheReplicasAndTheScaleSubresourceReadsThem() throws Exception {
    send("PATCH", DEPLOY + "/web/scale", Map.of("Content-Type", "application/merge-patch+json"), "{\"spec\":{\"replicas\":7}}");

    assertThat(client.apps().deployments().inNamespace(NS).withName("web").get().getSpec().getReplicas()).isEqualTo(7);
    JsonNode scale = json(send("GET", DEPLOY + "/web/scale", Map.of(), null));
    assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(7);
    assertThat(scale.path("status").path("selector").asText()).isEqualTo("app=web");
  }

  @Test
  void aScaleToANegativeCountIsRefusedWith422() throws Exception {
    HttpResponse<String> response = send("PATCH", DEPLOY + "/web/scale", Map.of("Content-Type", "application/merge-patch+json"),
        "{\"spec\":{\"replicas\":-1}}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertUnchanged();
  }

  @Test
  void discoveryListsTheScaleSubresourceOfDeployments() throws Exception {
    assertThat(send("GET", "/apis/apps/v1", Map.of(), null).body()).contains("\"deployments/scale\"");
  }

  // ---- Events for kubectl describe ----

  @Test
  void kubectlDescribesEventsSelectorReturnsOnlyTheEventsOfThatObject() throws Exception {
    event("web.1", "Deployment", "web", "uid-web");
    event("web.2", "Deployment", "web-other", "uid-other");
    event("web.3", "Pod", "web", "uid-pod");
    String selector = "involvedObject.name=web,involvedObject.namespace=" + NS
        + ",involvedObject.kind=Deployment,involvedObject.uid=uid-web";

    JsonNode list = json(send("GET", "/api/v1/namespaces/" + NS + "/events?fieldSelector="
        + URLEncoder.encode(selector, StandardCharsets.UTF_8) + "&limit=500", Map.of("Accept", "application/json"), null));

    assertThat(list.path("kind").asText()).isEqualTo("EventList");
    assertThat(list.path("items")).hasSize(1);
    assertThat(list.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("web.1");
    JsonNode notPods = json(send("GET", "/api/v1/namespaces/" + NS + "/events?fieldSelector="
        + URLEncoder.encode("involvedObject.kind!=Pod", StandardCharsets.UTF_8), Map.of(), null));
    assertThat(notPods.path("items")).extracting(i -> i.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder("web.1", "web.2");
  }

  // ---- helpers ----

  private void assertUnchanged() {
    Deployment now = client.apps().deployments().inNamespace(NS).withName("web").get();
    assertThat(now).as("the dry run deleted nothing").isNotNull();
    assertThat(now.getSpec().getReplicas()).isEqualTo(2);
    assertThat(now.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/web:1");
    assertThat(now.getMetadata().getGeneration()).isEqualTo(1L);
  }

  private static Deployment web() {
    return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
        .addNewContainer().withName("web").withImage("registry.example/web:1").withNewResources()
        .addToLimits("memory", new Quantity("256Mi")).endResources().endContainer().endSpec().endTemplate()
        .endSpec().build();
  }

  private static void remediation(String name, RemediationPhase phase, String environment, String priority, int duplicates) {
    AlertRemediation ar = Resources.remediation(NS, name, new ObjectRef("Deployment", NS, "web"));
    AlertRemediation created = client.resources(AlertRemediation.class).inNamespace(NS).resource(ar).create();
    AlertRemediationStatus status = new AlertRemediationStatus();
    status.setPhase(phase);
    status.setEnvironment(environment);
    status.setPriority(priority);
    if (duplicates > 0) {
      Duplicates d = new Duplicates();
      d.setCount((long) duplicates);
      status.setDuplicates(d);
    }
    created.setStatus(status);
    client.resources(AlertRemediation.class).inNamespace(NS).resource(created).updateStatus();
  }

  private static void event(String name, String kind, String objectName, String uid) {
    client.v1().events().inNamespace(NS).resource(new EventBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewInvolvedObject().withKind(kind).withName(objectName).withNamespace(NS).withUid(uid).endInvolvedObject()
        .withReason("Test").withMessage("A test event.").withType("Normal").build()).createOr(e -> e.update());
  }

  private static JsonNode rowNamed(JsonNode table, String name) {
    for (JsonNode row : table.path("rows")) {
      if (row.path("cells").get(0).asText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("No row " + name + " in " + table);
  }

  private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    b.header("User-Agent", "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07");
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
