package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo cluster reacts: the embedded mode's simulator plays the controllers and the kubelet, so
 * the README's crash-looping checkout is rolled back to its good revision and ends
 * Completed/Remediated within seconds, while a restart that cannot cure payments-api's too-low
 * memory limit ends NotRemediated (and raising the limit then remediates it). The alerts are the README's files under {@code docs/examples}.
 * Each remediation tells its story in Events: one per phase change and one for the verdict.
 */
class DemoClusterEndToEndTest {

  @TempDir
  static Path dataDir;

  private static EmbeddedApp app;

  @BeforeAll
  static void start() throws Exception {
    app = EmbeddedApp.start(dataDir, Map.of());
    // Only staging's window is shortened, so the bad fix gives up quickly; production keeps the default.
    var config = app.kube.resource(new ConfigMapBuilder().withNewMetadata().withName("kubernaut-config")
        .withNamespace(EmbeddedApp.NAMESPACE).endMetadata()
        .addToData("safety.yaml", "byEnvironment:\n  staging: {monitoringWindow: 10s}\n").build()).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/readyz").statusCode() == 200);
    EmbeddedApp.awaitApplied(app.kube, config);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static String example(String name) throws Exception {
    return Files.readString(Path.of("..", "docs", "examples", name));
  }

  private static String post(String example) throws Exception {
    HttpResponse<String> response = app.post("/api/v1/signals/prometheus", example(example));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode result = EmbeddedApp.JSON.readTree(response.body()).path("results").get(0);
    return result.path("remediation").asText();
  }

  private static AlertRemediation awaitCompleted(String name, Duration within) {
    return await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> app.remediation(name),
        ar -> ar != null && ar.getStatus() != null && ar.getStatus().getPhase() != null
            && ar.getStatus().getPhase().isTerminal());
  }

  private static List<Pod> pods(String namespace, String app) {
    return DemoClusterEndToEndTest.app.kube.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
  }

  @Test
  void theCrashLoopingCheckoutIsRolledBackAndEndsCompletedRemediatedWithinSeconds() throws Exception {
    long posted = System.nanoTime();
    String name = post("crashlooping-firing.json");

    AlertRemediation ar = awaitCompleted(name, Duration.ofSeconds(60));
    Duration took = Duration.ofNanos(System.nanoTime() - posted);

    assertThat(ar.getStatus().getPhase()).as(ar.getStatus().getMessage()).isEqualTo(RemediationPhase.Completed);
    assertThat(ar.getStatus().getOutcome()).as(ar.getStatus().getMessage()).isEqualTo("Remediated");
    assertThat(took).as("from the post to Remediated").isLessThan(Duration.ofSeconds(30));
    System.out.println("Demo crash loop: posted to Completed/Remediated in " + took.toMillis() + " ms");
    List<KubernetesExecution> runs = app.kube.resources(KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withLabel("kubernaut.io/remediation", name).list().getItems();
    assertThat(runs).extracting(k -> k.getSpec().getAction()).containsExactly("rollback_deployment");
    Deployment checkout = app.kube.apps().deployments().inNamespace("shop-prod").withName("checkout").get();
    assertThat(checkout.getStatus().getAvailableReplicas()).isEqualTo(2);
    assertThat(pods("shop-prod", "checkout")).hasSize(2).allSatisfy(p -> {
      assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", "5b6d7c8f9");
      assertThat(p.getSpec().getContainers().get(0).getImage()).endsWith(":1.4.1");
      assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
    });
    assertEveryPhaseChangeHasExactlyOneEventAndTheVerdictOneMore(ar, "Remediated", "Normal");
  }

  /**
   * The AlertRemediation's Events (filtered here by involved object, as the embedded server may not
   * serve that field selector): one per entry of its phase history, with that entry's sentence, and
   * one for the monitoring verdict; nothing else, however often it was reconciled.
   */
  private static void assertEveryPhaseChangeHasExactlyOneEventAndTheVerdictOneMore(AlertRemediation ar,
      String outcome, String type) {
    String name = ar.getMetadata().getName();
    List<PhaseTransition> history = ar.getStatus().getPhaseHistory();
    List<Event> events = await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(name),
        list -> list.size() >= history.size() + 1);
    assertThat(history).extracting(PhaseTransition::getPhase).contains("Processing", "Analyzing", "Executing", "Completed");
    for (PhaseTransition t : history) {
      assertThat(events).as("events telling the move to %s", t.getPhase())
          .filteredOn(e -> t.getReason().equals(e.getMessage())).hasSize(1);
    }
    assertThat(events).filteredOn(e -> e.getMessage().startsWith("Monitoring of workflow ")).singleElement()
        .satisfies(e -> {
          assertThat(e.getReason()).isEqualTo(outcome);
          assertThat(e.getType()).isEqualTo(type);
          assertThat(e.getMessage()).endsWith(".");
        });
    assertThat(events).hasSize(history.size() + 1).allSatisfy(e -> {
      assertThat(e.getReason()).matches("[A-Z][A-Za-z]+");
      assertThat(e.getMessage()).matches("[A-Z].*[.)]");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo(ar.getMetadata().getUid());
    });
  }

  private static List<Event> eventsOf(String remediation) {
    return app.kube.v1().events().inNamespace(EmbeddedApp.NAMESPACE).list().getItems().stream()
        .filter(e -> "AlertRemediation".equals(e.getInvolvedObject().getKind())
            && remediation.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  @Test
  void aRestartThatCannotCureTooLittleMemoryEndsNotRemediatedAndRaisingTheLimitThenRemediates() throws Exception {
    String name = post("payments-notready-firing.json");

    AlertRemediation ar = awaitCompleted(name, Duration.ofSeconds(60));

    assertThat(ar.getStatus().getOutcome()).as(ar.getStatus().getMessage()).isEqualTo("NotRemediated");
    List<KubernetesExecution> runs = app.kube.resources(KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withLabel("kubernaut.io/remediation", name).list().getItems();
    assertThat(runs).extracting(k -> k.getSpec().getAction()).containsExactly("rollout_restart");
    assertEveryPhaseChangeHasExactlyOneEventAndTheVerdictOneMore(ar, "NotRemediated", "Warning");
    // The restart did replace every pod, and each new one was OOMKilled again.
    assertThat(pods("payments-staging", "payments-api")).hasSize(3).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).doesNotStartWith("payments-api-5c8d7f9b9-");
      assertThat(p.getStatus().getContainerStatuses().get(0).getLastState().getTerminated().getReason())
          .isEqualTo("OOMKilled");
      assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isFalse();
    });

    String right = post("oomkilled-batch.json");

    AlertRemediation fixed = awaitCompleted(right, Duration.ofSeconds(60));
    assertThat(fixed.getStatus().getOutcome()).as(fixed.getStatus().getMessage()).isEqualTo("Remediated");
    assertThat(pods("payments-staging", "payments-api")).hasSize(3).allSatisfy(p -> {
      assertThat(p.getSpec().getContainers().get(0).getResources().getLimits().get("memory"))
          .isEqualTo(new io.fabric8.kubernetes.api.model.Quantity("256Mi"));
      assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
    });
  }
}
