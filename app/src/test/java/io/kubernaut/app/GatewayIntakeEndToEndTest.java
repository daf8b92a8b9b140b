package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in embedded mode, through to the API server: what it persists for a delivery, and what it does not. */
class GatewayIntakeEndToEndTest {

  @TempDir
  static Path dataDir;

  private static EmbeddedApp app;

  @BeforeAll
  static void start() throws Exception {
    // A late-firing window other than the default, so the late firing's answer shows the setting reached the intake.
    app = EmbeddedApp.start(dataDir, Map.of("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS", "900"));
    // A short monitoring window, which may end before the demo cluster's new pods turn ready: the first
    // remediation may then end NotRemediated, and verified outcomes lower the action's confidence for the
    // next one. This class is about intake, not learning, so the confidence gate is set low.
    var config = app.kube.configMaps().inNamespace(EmbeddedApp.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("kubernaut-config").withNamespace(EmbeddedApp.NAMESPACE).endMetadata()
        .addToData("safety.yaml", "limits:\n  monitoringWindow: 2s\n")
        .addToData("environments.yaml", "namespaces:\n  orders: production\n")
        .addToData("gates.yaml", "minConfidence: 0.3\n").build()).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/readyz").statusCode() == 200);
    EmbeddedApp.awaitApplied(app.kube, config);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static List<AlertRemediation> remediationsOf(String alertName) {
    return app.kube.resources(AlertRemediation.class).inNamespace(EmbeddedApp.NAMESPACE).list().getItems().stream()
        .filter(ar -> alertName.equals(ar.getSpec().getAlertName())).toList();
  }

  /** Posts one Alertmanager group {@code copies} times at once, as concurrent senders (or an HA pair) would. */
  private static List<HttpResponse<String>> postConcurrently(String body, int copies) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(copies);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> posts = new ArrayList<>();
      for (int i = 0; i < copies; i++) {
        posts.add(pool.submit(() -> {
          go.await();
          return app.post("/api/v1/signals/prometheus", body);
        }));
      }
      go.countDown();
      List<HttpResponse<String>> responses = new ArrayList<>();
      for (Future<HttpResponse<String>> post : posts) {
        responses.add(post.get(60, TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Set<String> remediationsNamed(List<HttpResponse<String>> responses) throws Exception {
    Set<String> names = new TreeSet<>();
    for (HttpResponse<String> r : responses) {
      EmbeddedApp.JSON.readTree(r.body()).path("results").forEach(result -> names.add(result.path("remediation").asText()));
    }
    return names;
  }

  @Test
  void twentyConcurrentPostsOfAnAlertWhoseTargetIsInCooldownAndTheirRedeliveriesAfterTheBlockGiveOneAlertRemediation()
      throws Exception {
    // A first remediation of payments-api raises its memory limit and ends: the same action on it now cools down.
    String body = EmbeddedApp.fixture("oomkilled-batch.json");
    HttpResponse<String> first = app.post("/api/v1/signals/prometheus", body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    String firstName = EmbeddedApp.JSON.readTree(first.body()).path("results").get(0).path("remediation").asText();
    await().ignoreExceptions().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(app.remediation(firstName).getStatus().getPhase()).isEqualTo(RemediationPhase.Completed));

    // The problem fires again: 20 deliveries at once. The next remediation is blocked by the cooldown within
    // moments; every delivery, before or after that, settles on it.
    List<HttpResponse<String>> storm = postConcurrently(body, 20);

    assertThat(storm).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(201, 202));
    assertThat(storm).filteredOn(r -> r.statusCode() == 201).as(() -> "one delivery created it: "
        + storm.stream().filter(r -> r.statusCode() == 201).map(HttpResponse::body).toList()).hasSize(1);
    assertThat(remediationsNamed(storm)).containsExactly(firstName + "-2");
    String second = firstName + "-2";
    AlertRemediation blocked = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> app.remediation(second), ar -> ar.getStatus() != null
            && ar.getStatus().getPhase() == RemediationPhase.Blocked);
    assertThat(blocked.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getReason()).isEqualTo("Cooldown");
    });
    assertThat(blocked.getStatus().getBlockedUntil()).as("the cooldown's lift time, as data").isNotNull();
    assertThat(Instant.parse(blocked.getStatus().getBlockedUntil())).isAfter(Instant.now());

    // Alertmanager re-sends the group, twice (an HA pair): both are duplicates of the blocked remediation.
    List<HttpResponse<String>> twins = postConcurrently(body, 2);

    assertThat(twins).allSatisfy(r -> {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(EmbeddedApp.JSON.readTree(r.body()).path("results").get(0).path("message").asText())
          .contains("blocked").contains(blocked.getStatus().getBlockedUntil());
    });
    assertThat(remediationsNamed(twins)).containsExactly(second);
    assertThat(remediationsOf("KubeContainerOOMKilled")).extracting(ar -> ar.getMetadata().getName())
        .containsExactlyInAnyOrder(firstName, second);
    org.awaitility.Awaitility.await().ignoreExceptions().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(app.remediation(second).getStatus().getDuplicates().getCount())
            .as("every alert of the 22 deliveries but the creating one, in status within the flush interval")
            .isEqualTo(22L * 3 - 1));
  }

  @Test
  void anUnlabelledNamespaceTakesItsEnvironmentFromKubernautConfigBeforeItsName() throws Exception {
    app.kube.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName("orders").endMetadata().build()).create();
    String alert = EmbeddedApp.fixture("crashlooping-firing.json").replace("shop-prod", "orders")
        .replace("KubePodCrashLooping", "OrdersCrashLooping");

    String name = app.postFixtureBody(alert);

    // "orders" says nothing by its name (unknown); environments.yaml names it production.
    assertThat(app.remediation(name).getSpec().getEnvironment()).isEqualTo("production");
  }

  @Test
  void aWatchdogAlertIsAnswered200IgnoredWithItsReasonAndCreatesNoAlertRemediation() throws Exception {
    HttpResponse<String> response = app.post("/api/v1/signals/prometheus", EmbeddedApp.fixture("watchdog-firing.json"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = EmbeddedApp.JSON.readTree(response.body()).path("results").get(0);
    assertThat(result.path("result").asText()).isEqualTo("ignored");
    assertThat(result.path("reason").asText()).isEqualTo("IgnoredAlertName");
    assertThat(result.path("message").asText()).contains("Watchdog");
    assertThat(remediationsOf("Watchdog")).isEmpty();
    assertThat(app.get("/metrics").body())
        .contains("kubernaut_signals_ignored_total{reason=\"IgnoredAlertName\",source=\"prometheus\"}");
  }

  @Test
  void aFiringThatArrivesAfterItsOwnResolutionIsAnswered200IgnoredAndStartsNoSecondRemediation() throws Exception {
    // An Alertmanager HA pair: one peer delivered the firing and then the resolution; the other peer's copy
    // of the firing (the same alert, the same startsAt) comes after both.
    HttpResponse<String> firing = app.post("/api/v1/signals/prometheus", EmbeddedApp.fixture("crashlooping-firing.json"));
    assertThat(firing.statusCode()).as(firing.body()).isIn(201, 202);
    String name = EmbeddedApp.JSON.readTree(firing.body()).path("results").get(0).path("remediation").asText();
    HttpResponse<String> resolved = app.post("/api/v1/signals/prometheus",
        EmbeddedApp.fixture("crashlooping-resolved.json"));
    assertThat(resolved.statusCode()).as(resolved.body()).isIn(200, 202);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(app.remediation(name).getStatus().getResolvedAlerts()).hasSize(1));
    List<String> before = remediationsOf("KubePodCrashLooping").stream().map(ar -> ar.getMetadata().getName()).toList();

    HttpResponse<String> late = app.post("/api/v1/signals/prometheus", EmbeddedApp.fixture("crashlooping-firing.json"));

    assertThat(late.statusCode()).as(late.body()).isEqualTo(200);
    JsonNode result = EmbeddedApp.JSON.readTree(late.body()).path("results").get(0);
    assertThat(result.path("result").asText()).isEqualTo("ignored");
    assertThat(result.path("reason").asText()).isEqualTo("ResolvedEpisode");
    assertThat(result.path("message").asText()).contains("already reported resolved on AlertRemediation " + name)
        .contains("more than 900 s after its resolution");
    assertThat(remediationsOf("KubePodCrashLooping")).extracting(ar -> ar.getMetadata().getName())
        .containsExactlyElementsOf(before);
    assertThat(app.get("/metrics").body())
        .contains("kubernaut_signals_ignored_total{reason=\"ResolvedEpisode\",source=\"prometheus\"}");
  }

  @Test
  void aWebhookMixingWatchdogAndARealAlertCreatesTheRealOnesRemediationAndReportsWatchdogIgnored() throws Exception {
    HttpResponse<String> response = app.post("/api/v1/signals/prometheus",
        EmbeddedApp.fixture("watchdog-and-crashlooping.json"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode results = EmbeddedApp.JSON.readTree(response.body()).path("results");
    assertThat(results.get(0).path("result").asText()).isEqualTo("ignored");
    String remediation = results.get(1).path("remediation").asText();
    assertThat(remediation).startsWith("kubepodcrashlooping-");
    assertThat(app.remediation(remediation)).isNotNull();
    assertThat(remediationsOf("Watchdog")).isEmpty();
  }
}
