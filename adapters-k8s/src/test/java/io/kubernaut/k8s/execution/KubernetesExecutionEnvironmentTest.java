package io.kubernaut.k8s.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubernaut.core.lifecycle.ExecutionConductor;
import io.kubernaut.core.safety.SafetyEnvelope;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.fakes.InMemoryActionRunner;
import io.kubernaut.k8s.fakes.InMemoryAuditTrail;
import io.kubernaut.k8s.fakes.LookupCatalog;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.safety.CachedLedger;
import io.kubernaut.k8s.safety.DisruptionLedger;
import io.kubernaut.ports.action.AccessNeed;
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
import io.kubernaut.ports.safety.NodeShare;
import io.kubernaut.ports.safety.SafetyLimits;
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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every attempt of a step is held to the safety limits of the environment its workflow was admitted under (the
 * workflow's spec, which its provenance check vouched for), whatever the execution's environment label says: the
 * label can be changed by anyone who may patch the execution, and for a node target the remediation's label
 * (classified at intake, before the node's own labels were read) can differ from the workflow's environment.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesExecutionEnvironmentTest {

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

  /** cordon_node as a node-class action. */
  private static final ActionCatalog CATALOG = new LookupCatalog(name -> name.equals("cordon_node")
      ? Optional.of(new ActionInfo(name, "1.0.0", ActionRisk.MEDIUM, "", "builtin", true, true, List.of(),
          Set.of("Node"), List.of(AccessNeed.patchOnTargetResource()), new ActionImpact(DisruptionClass.NODE, Set.of())))
      : Optional.empty());

  /** One node disrupted at a time in production, three in development; a budget with room for both. */
  private static PipelinePolicy policy() {
    PipelinePolicy defaults = PipelinePolicy.defaults();
    SafetyLimits d = SafetyLimits.defaults();
    SafetyLimits development = new SafetyLimits(d.maxReplicas(), d.maxScaleFactor(), 3, d.cooldown(),
        d.failureThreshold(), d.failureBlock(), d.oscillationWindow(), d.maxRestartsInWindow(), d.monitoringWindow(),
        d.maxAttempts());
    SafetyPolicy safety = new SafetyPolicy(d, Map.of("production", d, "development", development),
        defaults.safety().protectedNamespaces(), new DisruptionBudget(new NodeShare(5, false), new NodeShare(1, false),
            120, Map.of(), 0));
    return new PipelinePolicy(defaults.timeouts(), defaults.retention(), false, false, defaults.gates(), safety);
  }

  @ParameterizedTest(name = "workflow admitted under {0}, execution labelled {1}")
  @CsvSource({"production, development, false", "development, production, true", "production, , false"})
  void anAttemptIsCheckedAgainstTheLimitsOfTheEnvironmentItsWorkflowWasAdmittedUnder(String admittedUnder,
      String label, boolean runs) {
    for (String node : List.of("n1", "n2", "n3", "n4", "n5")) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().withNewSpec().endSpec()
          .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build())
          .create();
    }
    // Another remediation's node step, under way on n2: with it, cordoning n1 disrupts two nodes at once.
    client.resource(ExecutionFixtures.stepOne(admittedNodeWorkflow("ar-2", "n2", "development"), 2)).create();
    WorkflowExecution workflow = admittedNodeWorkflow("ar-1", "n1", admittedUnder);
    KubernetesExecution kex = ExecutionFixtures.stepOne(workflow, 2);
    if (label == null) {
      kex.getMetadata().getLabels().remove(KubernautLabels.ENVIRONMENT);
    } else {
      kex.getMetadata().getLabels().put(KubernautLabels.ENVIRONMENT, label); // as a patch by hand would leave it
    }
    kex = client.resource(kex).create();
    ledger = CachedLedger.start(client, NS, CATALOG, Clock.systemUTC());
    KubernetesExecutionReconciler reconciler = new KubernetesExecutionReconciler(ledger, new ExecutionConductor(),
        new SafetyEnvelope(NS), CATALOG, runner, KubernetesExecutionEnvironmentTest::policy, audit,
        PipelineMetrics.none(), NS, PrimaryRelays.on(client), Clock.systemUTC());
    CachedLedger.settle(ledger, NS);
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count(NS, null, null).nodes().size() == 5
        && ledger.count(NS, null, null).executions().size() == 2);

    reconciler.reconcile(kex, null);

    KubernetesExecution after = client.resource(kex).get();
    if (runs) {
      assertThat(runner.executed).as("three nodes at once in development: two is within").singleElement()
          .satisfies(r -> assertThat(r.target().name()).isEqualTo("n1"));
    } else {
      assertThat(runner.executed).as("n1 is not cordoned: one node at a time in production").isEmpty();
      assertThat(after.getStatus().getMessage()).contains("would disrupt 2 nodes at once")
          .contains("limit of 1 for production");
      assertThat(after.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready")
          && c.getReason().equals("BlastRadius"));
      assertThat(after.getStatus().getPhase()).isNotEqualTo(ExecutionPhase.Completed);
    }
  }

  /**
   * Creates remediation {@code remediation} and its workflow with one step, cordon_node on {@code node}, admitted
   * (in Executing, the step named) under {@code environment}; both labelled production, as intake labels a node's.
   */
  private WorkflowExecution admittedNodeWorkflow(String remediation, String node, String environment) {
    return ExecutionFixtures.admittedWorkflow(client, Instant.now(), remediation, new Recommendation("1", "cordon_node",
        new TargetRef("Node", "", node), Map.of(), 0.9, "MEDIUM", "", List.of()), environment,
        Map.of(KubernautLabels.ENVIRONMENT, "production"));
  }
}
