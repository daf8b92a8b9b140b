package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central controller's lifecycle rules, driven through the running embedded operator with a
 * short-fused {@code kubernaut-config}: cancellation, timeouts that stop active children, and
 * retention that deletes only after the audit store confirmed the final record.
 */
class PipelineLifecycleTest {

  private static final String NS = "kubernaut-system";

  @TempDir
  static Path dataDir;

  private static HeldLlm slowLlm;
  private static EmbeddedApp app;
  private static KubernetesClient kube;

  @BeforeAll
  static void startWithShortTimeoutsAndRetention() throws Exception {
    // An LLM that never answers in time keeps each AIAnalysis active, so the timeout has a child to stop.
    slowLlm = new HeldLlm(Duration.ofSeconds(25));
    app = EmbeddedApp.start(dataDir, slowLlm.settings());
    kube = app.kube;
    EmbeddedApp.awaitApplied(kube, kube.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("kubernaut-config").withNamespace(NS).endMetadata()
        .addToData("timeouts.yaml", "overall: 8s\nphases:\n  processing: 1h\n  analysis: 1h\n  workflow: 1h\n")
        .addToData("retention", "4s")
        .build()).create());
  }

  @AfterAll
  static void stop() {
    if (slowLlm != null) {
      slowLlm.release();
    }
    if (app != null) {
      app.close();
    }
    if (slowLlm != null) {
      slowLlm.close();
    }
  }

  private static String post(String fixture) throws Exception {
    return app.postNewFixture(fixture);
  }

  private static AlertRemediation ar(String name) {
    return kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).get();
  }

  private static List<HasMetadata> children(String name) {
    List<HasMetadata> all = new java.util.ArrayList<>();
    all.addAll(kube.resources(AlertProcessing.class).inNamespace(NS).withLabel(KubernautLabels.REMEDIATION, name).list().getItems());
    all.addAll(kube.resources(AIAnalysis.class).inNamespace(NS).withLabel(KubernautLabels.REMEDIATION, name).list().getItems());
    all.addAll(kube.resources(WorkflowExecution.class).inNamespace(NS).withLabel(KubernautLabels.REMEDIATION, name).list().getItems());
    return all;
  }

  private static String phaseOf(HasMetadata child) {
    var status = ((io.fabric8.kubernetes.client.CustomResource<?, ?>) child).getStatus();
    var history = ((io.kubernaut.k8s.crd.StatusSpine) status).getPhaseHistory();
    return history.get(history.size() - 1).getPhase();
  }

  @Test
  void overallTimeoutEndsTimedOutNamingThePhaseStopsActiveChildrenAndRetentionDeletesAfterTheAudit() throws Exception {
    String name = post("crashlooping-firing.json");

    await().ignoreExceptions().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      AlertRemediation ar = ar(name);
      assertThat(ar.getStatus().getPhase()).isEqualTo(RemediationPhase.TimedOut);
      assertThat(ar.getStatus().getFailurePhase()).isNotBlank();
      assertThat(ar.getStatus().getMessage()).contains("timed out in " + ar.getStatus().getFailurePhase());
      assertThat(children(name)).isNotEmpty().allSatisfy(child ->
          assertThat(phaseOf(child)).isIn("Completed", "Failed"));
    });
    assertThat(children(name)).filteredOn(c -> phaseOf(c).equals("Failed")).isNotEmpty().allSatisfy(child ->
        assertThat(((io.kubernaut.k8s.crd.StatusSpine) ((io.fabric8.kubernetes.client.CustomResource<?, ?>) child).getStatus())
            .getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ParentTimedOut")));

    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(ar(name)).isNull();
      assertThat(children(name)).isEmpty();
    });
  }

  @Test
  void cancelAnnotationCancelsTheRemediationWhichRetentionDeletesOnceTheAuditConfirms() throws Exception {
    String name = post("oomkilled-batch.json");
    await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> ar(name).getStatus() != null);

    // As kubectl annotate does: a merge patch without a resourceVersion, so the operator's own
    // concurrent status writes cannot make it fail with a 409 (an edit did, under load).
    kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"kubernaut.io/cancel\":\"true\"}}}");

    await().ignoreExceptions().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      AlertRemediation ar = ar(name);
      assertThat(ar).isNotNull();
      assertThat(ar.getStatus().getPhase()).isEqualTo(RemediationPhase.Cancelled);
      assertThat(ar.getStatus().getOutcome()).isEqualTo("Cancelled");
      assertThat(ar.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getType()).isEqualTo("AuditPersisted"));
    });
    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> ar(name) == null);
  }

  /**
   * A problem that comes back after retention deleted its remediation gets a name of its own: the
   * audit records are keyed by the name, so the old one's would have dropped the new one's as replays.
   */
  @Test
  void aProblemThatComesBackAfterRetentionGetsANewNameAndItsOwnAuditRecords() throws Exception {
    String first = post("crashlooping-firing.json");
    await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> ar(first).getStatus().getPhase().isTerminal());
    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> ar(first) == null);

    String second = post("crashlooping-firing.json");

    assertThat(second).as("the name retention freed is not given again").isNotEqualTo(first).startsWith(first + "-");
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      var events = EmbeddedApp.JSON.readTree(app.get("/api/v1/audit/events?type=REMEDIATION_CREATED&remediation="
          + second).body()).path("events");
      assertThat(events).as("the new remediation's own creation record").hasSize(1);
    });
    // Ends it, as the other tests of this class leave theirs: they post the same alert.
    await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> ar(second) == null);
  }

  @Test
  void deletingARemediationStopsItsPipelineByDeletingItsChildren() throws Exception {
    String name = post("crashlooping-firing.json");
    await().ignoreExceptions().atMost(Duration.ofSeconds(15)).until(() -> !children(name).isEmpty());

    kube.resources(AlertRemediation.class).inNamespace(NS).withName(name).delete();

    await().ignoreExceptions().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(ar(name)).isNull();
      assertThat(children(name)).isEmpty();
    });
  }
}
