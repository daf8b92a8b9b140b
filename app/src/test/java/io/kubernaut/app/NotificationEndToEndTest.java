package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when: embedded mode with KUBERNAUT_NOTIFY_CONFIG routing everything to a
 * generic webhook and a Slack receiver, both local; a notification posted with a password in it
 * reaches both, Slack gets Block Kit, the tracking id is there, and the password is nowhere.
 */
class NotificationEndToEndTest {

  @TempDir
  static Path dataDir;

  private static Kubernaut kubernaut;
  private static HttpServer endpoints;
  private static final List<String> SLACK = new CopyOnWriteArrayList<>();
  private static final List<String> WEBHOOK = new CopyOnWriteArrayList<>();
  private static final List<String> CONFIGMAP_HOOK = new CopyOnWriteArrayList<>();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void startOperatorWithANotificationConfig() throws Exception {
    endpoints = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoints.createContext("/slack", ex -> record(ex, SLACK));
    endpoints.createContext("/hook", ex -> record(ex, WEBHOOK));
    endpoints.createContext("/cm-hook", ex -> record(ex, CONFIGMAP_HOOK));
    endpoints.start();
    String base = "http://127.0.0.1:" + endpoints.getAddress().getPort();
    Path slackUrl = Files.writeString(dataDir.resolve("slack-url"), base + "/slack/services/T0/B0/abc\n");
    Path config = Files.writeString(dataDir.resolve("notify.yaml"), """
        route:
          receiver: everyone
        receivers:
          - name: everyone
            slackConfigs:
              - urlFrom: {file: %s}
            webhookConfigs:
              - url: %s/hook
        """.formatted(slackUrl, base));
    kubernaut = Kubernaut.start(OperatorConfig.from(Map.of(
        "KUBERNAUT_MODE", "embedded",
        "KUBERNAUT_HTTP_PORT", "0",
        "KUBERNAUT_DATA_DIR", dataDir.toString(),
        "KUBERNAUT_NOTIFY_CONFIG", config.toString())), () -> false);
  }

  private static void record(com.sun.net.httpserver.HttpExchange ex, List<String> into) throws java.io.IOException {
    into.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    ex.sendResponseHeaders(200, -1);
    ex.close();
  }

  @AfterAll
  static void stop() {
    if (kubernaut != null) {
      kubernaut.close();
    }
    if (endpoints != null) {
      endpoints.stop(0);
    }
  }

  private static HttpResponse<String> postNotify(String body, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + kubernaut.httpPort() + "/api/v1/notify"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void notificationWithAPasswordReachesSlackAndWebhookWithTrackingIdAndWithoutThePassword() throws Exception {
    HttpResponse<String> response = postNotify("""
        {"type": "FAILED", "remediation": "kubepodcrashlooping-125bbce990",
         "fingerprint": "3f1a9c0e5b7d2e4f6a8c0b1d3e5f7a9c1b3d5e7f9a1c3e5b7d9f1a3c5e7b9d1f",
         "environment": "production", "severity": "critical", "namespace": "shop-prod", "phase": "Executing",
         "title": "Rollout failed", "body": "the job logged password=hunter2 before it died",
         "details": {"reason": "connect with password=hunter2 refused"}}
        """, kubernaut.apiToken());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("deliveryId").asText()).isNotBlank();
    await().atMost(Duration.ofSeconds(10)).until(() -> !SLACK.isEmpty() && !WEBHOOK.isEmpty());

    JsonNode slack = JSON.readTree(SLACK.get(0));
    assertThat(slack.has("blocks")).isTrue();
    assertThat(slack.get("blocks").size()).isGreaterThan(1);
    assertThat(SLACK.get(0)).contains("kubepodcrashlooping-125bbce990").doesNotContain("hunter2");
    JsonNode hook = JSON.readTree(WEBHOOK.get(0));
    assertThat(hook.get("trackingId").asText()).isEqualTo("kubepodcrashlooping-125bbce990");
    assertThat(hook.get("kubectlHint").asText())
        .isEqualTo("kubectl describe ar kubepodcrashlooping-125bbce990 -n kubernaut-system");
    assertThat(WEBHOOK.get(0)).doesNotContain("hunter2").contains("[REDACTED]");
  }

  @Test
  void routesFromTheKubernautConfigMapReplaceTheFileRoutesWhenItChanges() throws Exception {
    String base = "http://127.0.0.1:" + endpoints.getAddress().getPort();
    try (var kube = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
        new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(kubernaut.apiServerUrl()).build()).build()) {
      kube.configMaps().inNamespace("kubernaut-system").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName("kubernaut-config").withNamespace("kubernaut-system").endMetadata()
          .addToData("notifications.yaml", """
              route:
                receiver: from-configmap
              receivers:
                - name: from-configmap
                  webhookConfigs:
                    - url: %s/cm-hook
              """.formatted(base))
          .build()).create();
    }
    java.util.concurrent.atomic.AtomicInteger attempt = new java.util.concurrent.atomic.AtomicInteger();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      HttpResponse<String> response = postNotify("""
          {"type": "CUSTOM", "remediation": "configmap-route-check-%d", "title": "route check"}
          """.formatted(attempt.incrementAndGet()), kubernaut.apiToken());
      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.body()).contains("from-configmap");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> !CONFIGMAP_HOOK.isEmpty());
    assertThat(CONFIGMAP_HOOK.get(0)).contains("configmap-route-check");
  }

  @Test
  void notifyWithoutATokenIsUnauthorized() throws Exception {
    assertThat(postNotify("{\"type\":\"FAILED\",\"remediation\":\"x\"}", null).statusCode()).isEqualTo(401);
  }

  @Test
  void invalidNotificationIsAProblemNamingTheField() throws Exception {
    HttpResponse<String> response = postNotify("{\"type\":\"EXPLODED\",\"remediation\":\"ar-1\"}", kubernaut.apiToken());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(response.body()).contains("'type'").contains("EXPLODED");
  }
}
