package io.kubernaut.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A WorkflowExecution deleted by hand while its first step runs, in embedded mode: its remediation
 * ends Failed ("deleted while it ran") and does not create it again, so no step runs a second time
 * and the second step never runs. The remediation's status names the workflow only as it created it
 * (Pending); before 2026-12-07 that was all the controller looked at, and it created the workflow
 * again. The investigator answers the staging OOMKilled batch with {@code hold_workload} (a test
 * plugin that stays inside its attempt until the test releases it) and then {@code
 * increase_resources}.
 */
class WorkflowDeletedEndToEndTest {

  @RegisterExtension
  static final EmbeddedOperator operator = HoldingWorkflow.operator();

  private static EmbeddedApp app;

  @BeforeAll
  static void start() {
    ActionGate.reset();
    app = operator.app();
  }

  /** Releases a held attempt before the extension stops the operator (it runs after this). */
  @AfterAll
  static void stop() {
    ActionGate.open();
  }

  private static List<KubernetesExecution> executionsOf(String remediation) {
    return app.kube.resources(KubernetesExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withLabel("kubernaut.io/remediation", remediation).list().getItems();
  }

  private static WorkflowExecution workflow(String remediation) {
    return app.kube.resources(WorkflowExecution.class).inNamespace(EmbeddedApp.NAMESPACE)
        .withName(remediation + "-workflow").get();
  }

  private static long memoryLimitBytes() {
    Deployment api = app.kube.apps().deployments().inNamespace("payments-staging").withName("payments-api").get();
    Quantity memory = api.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory");
    return Quantity.getAmountInBytes(memory).longValueExact();
  }

  @Test
  void aRunningWorkflowDeletedByHandEndsItsRemediationAndIsNotCreatedAgain() throws Exception {
    long memoryBefore = memoryLimitBytes();
    String name = app.postFixture("oomkilled-batch.json");
    await().atMost(Duration.ofSeconds(30)).until(() -> app.remediation(name),
        ar -> ar != null && ar.getStatus() != null && ar.getStatus().getPhase() == RemediationPhase.AwaitingApproval);
    assertThat(app.post("/api/v1/remediations/" + name + "/approve", "{}").statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(30)).until(() -> executionsOf(name).stream().anyMatch(k -> "1".equals(
        k.getSpec().getStep()) && k.getStatus() != null && k.getStatus().getPhase() == ExecutionPhase.Executing));
    assertThat(ActionGate.awaitHeld(Duration.ofSeconds(10))).as("hold_workload is inside its attempt").isTrue();
    String deletedUid = workflow(name).getMetadata().getUid();
    assertThat(app.remediation(name).getStatus().getChildren()).as("status names the workflow as it created it")
        .anySatisfy(c -> {
          assertThat(c.getName()).isEqualTo(name + "-workflow");
          assertThat(c.getPhase()).isEqualTo("Pending");
        });

    app.kube.resources(WorkflowExecution.class).inNamespace(EmbeddedApp.NAMESPACE).withName(name + "-workflow").delete();

    AlertRemediation ended = await().atMost(Duration.ofSeconds(30)).until(() -> app.remediation(name),
        ar -> ar.getStatus() != null && ar.getStatus().getPhase() != null && ar.getStatus().getPhase().isTerminal());
    assertThat(ended.getStatus().getPhase()).as(ended.getStatus().getMessage()).isEqualTo(RemediationPhase.Failed);
    assertThat(ended.getStatus().getMessage()).contains("was deleted while it ran").contains("not created again");

    ActionGate.open();
    // Given time to act on the released step: nothing creates the workflow again, and step 2 never starts.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      WorkflowExecution again = workflow(name);
      assertThat(again == null ? null : again.getMetadata().getUid()).as("not created again").isNull();
      assertThat(executionsOf(name)).extracting(k -> k.getSpec().getStep()).doesNotContain("2");
    });
    assertThat(deletedUid).isNotNull();
    assertThat(memoryLimitBytes()).as("increase_resources did not run").isEqualTo(memoryBefore);
  }
}
