package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15's "the kill switch during a running workflow", in embedded mode. An OpenAI-compatible
 * investigator answers the staging OOMKilled batch with two steps on payments-api: {@code 1}
 * {@code hold_workload}, a test plugin loaded from a jar in the plugins directory, which stays in
 * its attempt until the test releases it, and {@code 2} {@code increase_resources} after it. While
 * step 1 runs, the kill switch is turned on in {@code kubernaut-config}; then step 1 is released.
 * The attempt in flight finishes and is verified, step 2 is never created, the workflow fails
 * with reason KillSwitch and the remediation ends Blocked with a Warning Event.
 */
class KillSwitchEndToEndTest {

  private static final Duration HOLD_TIMEOUT = Duration.ofSeconds(30);
  /** A gate the kill switch's ConfigMap write also sets; the HTTP API shows when the new policy is in force. */
  private static final String PROBE = """
      {"action_type": "increase_resources", "target": "Deployment/payments-staging/payments-api", "confidence": 0.9}""";

  @RegisterExtension
  static final EmbeddedOperator operator = HoldingWorkflow.operator();

  private static EmbeddedApp app;

  @BeforeAll
  static void start() {
    ActionGate.reset(); // closed again after another test class in this JVM opened it
    app = operator.app();
  }

  /** Releases a held attempt before the extension stops the operator (it runs after this). */
  @AfterAll
  static void stop() {
    ActionGate.open();
  }

  private static boolean probeIsRecommendOnly() throws Exception {
    return EmbeddedApp.JSON.readTree(app.post("/api/v1/safety/analyze", PROBE).body()).path("recommendOnly").asBoolean();
  }

  private static List<KubernetesExecution> executionsOf(String remediation) {
    return app.kube.resources(KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withLabel("kubernaut.io/remediation", remediation).list().getItems();
  }

  private static KubernetesExecution step(String remediation, String id) {
    return executionsOf(remediation).stream().filter(k -> id.equals(k.getSpec().getStep())).findFirst().orElse(null);
  }

  private static long memoryLimitBytes() {
    Deployment api = app.kube.apps().deployments().inNamespace("payments-staging").withName("payments-api").get();
    Quantity memory = api.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory");
    return Quantity.getAmountInBytes(memory).longValueExact();
  }

  /**
   * The holding plugin's pool, of 8 threads (the default {@code KUBERNAUT_PLUGIN_CONCURRENCY}) and 32
   * queued calls: as many reconciles can wait on it, up to a step's deadline each, and the runtime
   * has that many threads besides the shared 50 (the built-ins' pool is not counted).
   */
  @Test
  void everyPluginCallThatCanWaitHasAReconcileThreadBesidesTheSharedOnes() {
    assertThat(app.kubernaut.operatorRuntime().reconcileThreads()).isEqualTo(50 + (8 + 32));
  }

  @Test
  void turningTheKillSwitchOnWhileAStepRunsLetsThatAttemptFinishAndStartsNoFurtherStep() throws Exception {
    JsonNode catalog = EmbeddedApp.JSON.readTree(app.get("/api/v1/actions").body()).path("actions");
    assertThat(catalog.findValuesAsText("source")).as("the pinned test plugin loaded")
        .anySatisfy(s -> assertThat(s).contains(HoldingWorkflow.PLUGIN + "/" + HoldingWorkflow.JAR));
    assertThat(probeIsRecommendOnly()).as("the probe passes the default gates").isFalse();
    long memoryBefore = memoryLimitBytes();

    String name = app.postFixture("oomkilled-batch.json");

    // hold_workload does not answer the OOMKilled family, so the remediation waits for a human.
    await().atMost(Duration.ofSeconds(30)).until(() -> app.remediation(name),
        ar -> ar != null && ar.getStatus() != null && ar.getStatus().getPhase() == RemediationPhase.AwaitingApproval);
    AIAnalysis aia = app.analysis(name);
    assertThat(aia.getStatus().getRecommendations()).extracting(Recommendation::action)
        .containsExactly("hold_workload", "increase_resources");
    assertThat(aia.getStatus().getApprovalRequired()).isTrue();
    assertThat(app.post("/api/v1/remediations/" + name + "/approve", "{}").statusCode()).isEqualTo(202);

    // Step 1's attempt has started (its start mark is written) and the action is inside execute.
    KubernetesExecution held = await().atMost(Duration.ofSeconds(30)).until(() -> step(name, "1"),
        k -> k != null && k.getStatus() != null && k.getStatus().getPhase() == ExecutionPhase.Executing
            && k.getStatus().getActionStartedAt() != null);
    assertThat(held.getSpec().getAction()).isEqualTo("hold_workload");
    assertThat(ActionGate.awaitHeld(Duration.ofSeconds(10))).as("hold_workload is inside its attempt").isTrue();

    app.kube.configMaps().inNamespace(EmbeddedApp.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("kubernaut-config").withNamespace(EmbeddedApp.NAMESPACE).endMetadata()
        .addToData("safety.yaml", "killSwitch: true\n")
        .addToData("gates.yaml", "minConfidence: 0.95\n")
        .build()).createOr(c -> c.update());
    // The policy is swapped whole: once the probe's gate is in force, so is the kill switch.
    await().atMost(Duration.ofSeconds(10)).until(KillSwitchEndToEndTest::probeIsRecommendOnly);
    assertThat(step(name, "1").getStatus().getPhase()).as("the attempt in flight is not cut off")
        .isEqualTo(ExecutionPhase.Executing);
    assertThat(step(name, "2")).isNull();

    ActionGate.open();

    AlertRemediation ar = await().atMost(Duration.ofSeconds(30)).until(() -> app.remediation(name),
        r -> r.getStatus() != null && r.getStatus().getPhase() != null && r.getStatus().getPhase().isTerminal());
    assertThat(ar.getStatus().getPhase()).as(ar.getStatus().getMessage()).isEqualTo(RemediationPhase.Blocked);
    assertThat(ar.getStatus().getMessage()).contains("KillSwitch").contains("kill switch");

    WorkflowExecution wfe = app.kube.resources(WorkflowExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withName(name + "-workflow").get();
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Failed);
    assertThat(wfe.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getReason()).isEqualTo("KillSwitch");
      assertThat(c.getMessage()).contains("kill switch").contains("steps 2 were not started");
    });

    assertThat(executionsOf(name)).as("step 2 was never created").singleElement().satisfies(kex -> {
      assertThat(kex.getSpec().getStep()).isEqualTo("1");
      assertThat(kex.getStatus().getPhase()).as(kex.getStatus().getMessage()).isEqualTo(ExecutionPhase.Completed);
      assertThat(kex.getStatus().getAttempts()).isEqualTo(1);
    });
    assertThat(memoryLimitBytes()).as("increase_resources did not run").isEqualTo(memoryBefore);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(app.kube.v1().events().inNamespace(EmbeddedApp.NAMESPACE).list().getItems())
            .filteredOn(e -> name.equals(e.getInvolvedObject().getName()))
            .anySatisfy(e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("KillSwitch");
              assertThat(e.getMessage()).contains("kill switch");
            }));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(app.get("/metrics").body())
        .as("the stop is notified as BLOCKED and counted as a safety denial")
        .containsPattern("kubernaut_safety_denials_total\\{[^}]*rule=\"KillSwitch\"[^}]*\\} 1\\.0"));
  }
}
