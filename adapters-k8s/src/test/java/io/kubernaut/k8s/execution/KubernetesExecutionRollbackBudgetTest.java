package io.kubernaut.k8s.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubernaut.core.lifecycle.ExecutionConductor;
import io.kubernaut.core.safety.SafetyEnvelope;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.fakes.InMemoryActionRunner;
import io.kubernaut.k8s.fakes.InMemoryAuditTrail;
import io.kubernaut.k8s.fakes.LookupCatalog;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.safety.CachedLedger;
import io.kubernaut.k8s.safety.DisruptionLedger;
import io.kubernaut.ports.action.AccessNeed;
import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.safety.DisruptionBudget;
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rollback of an action that gave a node's capacity back (uncordon) takes it away again, so an action that
 * declares {@code ROLLBACK_DISRUPTS_NODE} has its rollback held to the disruption budget like any node action (it
 * waits for room until its deadline); one that does not declare it is rolled back whatever the budget says (a
 * rollback then gives capacity back).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesExecutionRollbackBudgetTest {

  private static final String NS = ExecutionFixtures.NS;

  KubernetesClient client;
  private final InMemoryActionRunner runner = new InMemoryActionRunner();
  private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
  private DisruptionLedger ledger;

  @AfterEach
  void stopInformers() {
    if (ledger != null) {
      ledger.informers().close();
    }
  }

  /** uncordon_node as the catalog describes it: NONE-class, its rollback declared as disrupting or not. */
  private static ActionCatalog catalog(boolean declared) {
    ActionImpact impact = new ActionImpact(DisruptionClass.NONE,
        declared ? Set.of(ActionEffect.ROLLBACK_DISRUPTS_NODE) : Set.of());
    return new LookupCatalog(name -> name.equals("uncordon_node")
        ? Optional.of(new ActionInfo(name, "1.0.0", ActionRisk.LOW, "", "builtin", true, true, List.of(),
            Set.of("Node"), List.of(AccessNeed.patchOnTargetResource()), impact))
        : Optional.empty());
  }

  private void node(String name, boolean unschedulable) {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withUnschedulable(unschedulable).endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build())
        .create();
  }

  /**
   * A rollback takes its node from its first attempt on: one still waiting for room is no node action for the others'
   * checks (two waiting rollbacks would otherwise hold each other back until both time out).
   */
  @org.junit.jupiter.api.Test
  void aRollbackCountsAsANodeActionForOthersOnceItHasMadeAnAttempt() {
    WorkflowExecution workflow = new WorkflowExecution();
    workflow.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("ar-1-workflow")
        .withNamespace(NS).withUid("uid-w").build());
    workflow.setSpec(new io.kubernaut.k8s.crd.WorkflowExecutionSpec());
    workflow.getSpec().setSteps(List.of(new Recommendation("1", "uncordon_node", new TargetRef("Node", "", "n1"),
        Map.of(), 0.9, "LOW", "", List.of())));
    KubernetesExecution undone = ExecutionFixtures.stepOne(workflow, 2);
    KubernetesExecution rollback = WorkflowExecutionSteps.rollback(workflow, undone, Duration.ofMinutes(10), 2);
    rollback.setStatus(new KubernetesExecutionStatus());

    assertThat(DisruptionLedger.record(rollback, false, catalog(true)).impact().disruption())
        .as("waiting, no start mark").isEqualTo(DisruptionClass.NONE);
    rollback.getStatus().setActionStartedAt(Instant.now().toString());
    assertThat(DisruptionLedger.record(rollback, false, catalog(true)).impact().disruption())
        .isEqualTo(DisruptionClass.NODE);
    assertThat(DisruptionLedger.record(rollback, false, catalog(false)).impact().disruption())
        .as("undeclared: the action's own class").isEqualTo(DisruptionClass.NONE);
  }

  /** The default budget with one action an hour: the undone run, started within the hour, has taken it. */
  private static PipelinePolicy oneActionAnHour() {
    PipelinePolicy policy = PipelinePolicy.defaults();
    DisruptionBudget d = DisruptionBudget.defaults();
    SafetyPolicy safety = new SafetyPolicy(policy.safety().fallback(), Map.of(), policy.safety().protectedNamespaces(),
        new DisruptionBudget(d.maxNodesUnavailable(), d.minHealthyNodes(), 1, Map.of(), 0));
    return new PipelinePolicy(policy.timeouts(), policy.retention(), false, false, policy.gates(), safety);
  }

  @ParameterizedTest(name = "rollback declared as disrupting: {0}")
  @ValueSource(booleans = {true, false})
  void aRollbackThatCordonsANodeAgainWaitsWhileTheBudgetHasNoRoom(boolean declared) {
    // Two nodes: n1, which the step uncordoned, and n2, cordoned by hand. Cordoning n1 again leaves no healthy node,
    // fewer than minHealthyNodes (51% of 2); and the hour's one action is spent: a checked rollback cannot pass.
    node("n1", false);
    node("n2", true);
    ActionCatalog catalog = catalog(declared);
    ledger = CachedLedger.start(client, NS, catalog, Clock.systemUTC());
    PrimaryRelays relays = PrimaryRelays.on(client); // its sealer seals the run's data as its controller would have
    KubernetesExecutionReconciler reconciler = new KubernetesExecutionReconciler(ledger, new ExecutionConductor(),
        new SafetyEnvelope(NS), catalog, runner, KubernetesExecutionRollbackBudgetTest::oneActionAnHour, audit,
        PipelineMetrics.none(), NS,
        relays, Clock.systemUTC());

    WorkflowExecution workflow = ExecutionFixtures.admittedWorkflow(client, Instant.now());
    workflow.getSpec().setSteps(List.of(new Recommendation("1", "uncordon_node", new TargetRef("Node", "", "n1"),
        Map.of(), 0.9, "LOW", "", List.of())));
    workflow = client.resource(workflow).update();
    workflow = ExecutionFixtures.decideRollback(client, workflow);

    KubernetesExecution undone = client.resource(ExecutionFixtures.stepOne(workflow, 2)).create();
    KubernetesExecutionStatus done = new KubernetesExecutionStatus();
    done.setPhase(ExecutionPhase.Completed);
    done.setPhaseHistory(List.of(new PhaseTransition("Completed", Instant.now().toString(), "done")));
    done.setRollbackData(Map.of("unschedulable", "true"));
    undone.setStatus(done);
    done.setRollbackDataSeal(relays.sealer().sealField(undone, "rollbackData", done.getRollbackData()));
    undone = client.resource(undone).updateStatus();
    KubernetesExecution rollback = client.resource(WorkflowExecutionSteps.rollback(workflow, undone,
        Duration.ofMinutes(10), 2)).create();
    CachedLedger.settle(ledger, NS);
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count(NS, null, null).nodes().size() == 2);

    reconciler.reconcile(rollback, null);

    KubernetesExecution after = client.resources(KubernetesExecution.class).inNamespace(NS)
        .withName(rollback.getMetadata().getName()).get();
    if (declared) {
      assertThat(runner.rolledBack).as("n1 is not cordoned again").isEmpty();
      assertThat(after.getStatus().getPhase()).as("it waits for room, until its deadline")
          .isNotIn(ExecutionPhase.Failed, ExecutionPhase.Completed);
      assertThat(after.getStatus().getMessage()).contains("waits to run").contains("minHealthyNodes")
          .contains("checked again in");
    } else {
      assertThat(runner.rolledBack).as("a rollback that gives capacity back is never held back")
          .containsExactly("uncordon_node@n1");
      assertThat(after.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    }
  }
}
