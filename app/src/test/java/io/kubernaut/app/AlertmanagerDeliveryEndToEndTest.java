package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubernaut.http.verification.harness.RealAlertmanager;
import io.kubernaut.k8s.crd.AlertRemediation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager (0.25, Debian's) delivers to the operator's gateway with the receiver config
 * the README shows: its own webhook payload, grouping, {@code send_resolved} and the ingest token,
 * and its retries when the gateway answers 503. A {@link WebhookRelay} between them records each
 * delivery and forwards it unchanged. The operator itself is configured with this Alertmanager, a
 * real Prometheus and silences on ({@link MonitoringStack}), as a deployment with the feature would be.
 */
class AlertmanagerDeliveryEndToEndTest {

  @TempDir
  static Path dataDir;

  private static MonitoringStack stack;
  private static WebhookRelay relay;
  private static RealAlertmanager alertmanager;
  private static EmbeddedApp app;

  @BeforeAll
  static void start() throws Exception {
    stack = MonitoringStack.start(dataDir, "", Map.of());
    relay = stack.relay;
    alertmanager = stack.alertmanager;
    app = stack.app;
    app.kube.configMaps().inNamespace(EmbeddedApp.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("kubernaut-config").withNamespace(EmbeddedApp.NAMESPACE).endMetadata()
        .addToData("safety.yaml", "limits:\n  monitoringWindow: 2s\n")
        // Every production remediation waits for approval, so a remediation is still active when its
        // alert's resolved delivery arrives (a resolution is recorded on an active remediation only).
        .addToData("gates.yaml", "minConfidence: 0.5\nproductionApprovalConfidence: 1.0\n").build()).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/readyz").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static Map<String, String> alert(String name, String pod) {
    return Map.of("alertname", name, "namespace", "shop-prod", "pod", pod, "container", "checkout",
        "severity", "warning", "job", "kube-state-metrics");
  }

  private static List<AlertRemediation> remediationsOf(String alertName) {
    return app.kube.resources(AlertRemediation.class).inNamespace(EmbeddedApp.NAMESPACE).list().getItems().stream()
        .filter(ar -> alertName.equals(ar.getSpec().getAlertName())).toList();
  }

  /** The deliveries whose group is {@code alertName}, with their parsed bodies. */
  private static List<JsonNode> deliveriesOf(String alertName, int answered) {
    return relay.deliveries().stream().filter(d -> d.answered() == answered).map(d -> {
      try {
        return EmbeddedApp.JSON.readTree(d.body());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).filter(body -> alertName.equals(body.path("groupLabels").path("alertname").asText())).toList();
  }

  @Test
  void alertsPostedToAlertmanagerArriveGroupedWithTheIngestTokenAndBecomeRemediations() throws Exception {
    long posted = System.nanoTime();
    alertmanager.fire(alert("RealAmCrashLooping", "checkout-1"), alert("RealAmCrashLooping", "checkout-2"));

    await().atMost(Duration.ofSeconds(30)).until(() -> remediationsOf("RealAmCrashLooping").size() == 2);
    long tookMillis = (System.nanoTime() - posted) / 1_000_000;

    // The relay records a delivery once the gateway's answer has passed back through it, which may be
    // just after the remediations (persisted before the answer) are visible.
    List<JsonNode> deliveries = await().atMost(Duration.ofSeconds(5))
        .until(() -> deliveriesOf("RealAmCrashLooping", 201), d -> !d.isEmpty());
    assertThat(deliveries).as("one grouped delivery, %d ms from the post to two remediations", tookMillis)
        .singleElement().satisfies(body -> {
          assertThat(body.path("receiver").asText()).isEqualTo("kubernaut");
          assertThat(body.path("status").asText()).isEqualTo("firing");
          assertThat(body.path("externalURL").asText()).startsWith("http://");
          assertThat(body.path("alerts")).hasSize(2);
        });
    assertThat(relay.deliveries()).allSatisfy(d -> assertThat(d.authorization()).isEqualTo("Bearer " + stack.ingestToken));
    JsonNode listed = EmbeddedApp.JSON.readTree(alertmanager.get("/api/v2/alerts?filter="
        + java.net.URLEncoder.encode("alertname=\"RealAmCrashLooping\"", java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(remediationsOf("RealAmCrashLooping")).allSatisfy(ar -> {
      assertThat(ar.getSpec().getLabels()).containsEntry("namespace", "shop-prod").containsEntry("job",
          "kube-state-metrics");
      String amFingerprint = java.util.stream.StreamSupport.stream(listed.spliterator(), false)
          .filter(a -> a.path("labels").path("pod").asText().equals(ar.getSpec().getLabels().get("pod")))
          .findFirst().orElseThrow().path("fingerprint").asText();
      assertThat(ar.getSpec().getSourceFingerprint()).as("Alertmanager's own fingerprint").isEqualTo(amFingerprint);
    });
  }

  @Test
  void aResolvedAlertIsDeliveredBecauseOfSendResolvedAndRecordedOnItsRemediation() {
    alertmanager.fire(alert("RealAmResolved", "checkout-7d9f8b6c4-x2x9q"));
    await().atMost(Duration.ofSeconds(30)).until(() -> remediationsOf("RealAmResolved").size() == 1);

    alertmanager.resolve(alert("RealAmResolved", "checkout-7d9f8b6c4-x2x9q"));

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(deliveriesOf("RealAmResolved", 202)).anySatisfy(body -> {
        assertThat(body.path("status").asText()).isEqualTo("resolved");
        assertThat(body.path("alerts").get(0).path("status").asText()).isEqualTo("resolved");
      });
      assertThat(remediationsOf("RealAmResolved")).singleElement()
          .satisfies(ar -> assertThat(ar.getStatus().getResolvedAt()).isNotNull());
    });
  }

  @Test
  void aDeploymentsRemediationIsResolvedOnlyWhenTheAlertsOfBothItsPodsHaveResolved() {
    // Two pods of checkout's ReplicaSet: one problem, one remediation (a crash loop the rules roll back, so in
    // production it awaits approval and stays active), two source alerts in one group.
    Map<String, String> first = alert("KubePodCrashLooping", "checkout-7d9f8b6c4-x2x9q");
    Map<String, String> second = alert("KubePodCrashLooping", "checkout-7d9f8b6c4-r4m2k");
    alertmanager.fire(first, second);
    AlertRemediation created = await().atMost(Duration.ofSeconds(30)).until(() -> remediationsOf("KubePodCrashLooping"),
        ars -> ars.size() == 1 && ars.get(0).getStatus() != null && ars.get(0).getStatus().getFiringAlerts() != null
            && ars.get(0).getStatus().getFiringAlerts().size() == 2).get(0);

    // Alertmanager sends the first pod's resolution once, beside the second pod's alert still firing.
    alertmanager.resolve(first);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveriesOf("KubePodCrashLooping", 202))
        .as(relay.deliveries().stream().map(d -> d.answered() + " " + d.body()).toList().toString())
        .anySatisfy(body -> assertThat(body.path("alerts").toString()).contains("\"resolved\"").contains("\"firing\"")));
    AlertRemediation partly = app.remediation(created.getMetadata().getName());
    assertThat(partly.getStatus().getResolvedAt()).as("the second pod's alert still fires").isNull();
    assertThat(partly.getStatus().getFiringAlerts()).hasSize(1);

    // Its own resolution, in a delivery of its own (the first pod's resolution is not sent again), resolves it.
    alertmanager.resolve(second);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      AlertRemediation resolved = app.remediation(created.getMetadata().getName());
      assertThat(resolved.getStatus().getResolvedAt()).isNotNull();
      assertThat(resolved.getStatus().getFiringAlerts()).isEmpty();
    });
    assertThat(remediationsOf("KubePodCrashLooping")).as("no second remediation").hasSize(1);
  }

  @Test
  void whileTheGatewayAnswers503AlertmanagerRetriesUntilTheAlertIsTakenIn() {
    relay.refuseNext(2, "RealAmRetried");

    alertmanager.fire(alert("RealAmRetried", "checkout-4"));

    // The AlertRemediation is on the API server a moment before the relay has passed the gateway's 201 back.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(remediationsOf("RealAmRetried")).hasSize(1);
      assertThat(deliveriesOf("RealAmRetried", 201)).hasSize(1);
    });
    assertThat(deliveriesOf("RealAmRetried", 503)).hasSize(2);
  }
}
