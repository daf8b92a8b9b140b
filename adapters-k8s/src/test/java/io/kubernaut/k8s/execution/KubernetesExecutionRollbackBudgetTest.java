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
import io.kubernaut.ports.safety.ExecutionRecord;
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

  /** Ledgers of other replicas (each its own caches), closed after each test. */
  private final List<DisruptionLedger> others = new java.util.ArrayList<>();

  @AfterEach
  void stopInformers() {
    if (ledger != null) {
      ledger.informers().close();
    }
    others.forEach(o -> o.informers().close());
  }

  /** Starts this replica's ledger and another replica's, and answers the other's. */
  private DisruptionLedger twoReplicas(ActionCatalog catalog) {
    ledger = CachedLedger.start(client, NS, catalog, Clock.systemUTC());
    DisruptionLedger other = CachedLedger.start(client, NS, catalog, Clock.systemUTC());
    others.add(other);
    return other;
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
    workflow.getSpec().setRemediationRef(new io.kubernaut.k8s.crd.RemediationRef("ar-1"));
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

    KubernetesExecution rollback = rollbackOf("ar-1", "n1", relays);
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
      assertThat(after.getStatus().getConditions()).as("Ready says why it waits")
          .anyMatch(c -> c.getType().equals("Ready") && c.getReason().equals("DisruptionBudget")
              && c.getMessage().contains("waits to run"));
    } else {
      assertThat(runner.rolledBack).as("a rollback that gives capacity back is never held back")
          .containsExactly("uncordon_node@n1");
      assertThat(after.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    }
  }

  /**
   * Two replicas (each its own ledger and caches) check two rollbacks that cordon a node again at the same moment: the
   * checks meet (a barrier in the envelope) on counts that show neither rollback, and the budget (one node unavailable
   * by Kubernaut, the default) has room for one. The ledger's write, guarded by the version read, lets one pass; the
   * other is checked again on the ledger the first wrote, which holds the first's node, and waits. Without the hold
   * both pass and two nodes are cordoned.
   */
  @org.junit.jupiter.api.Test
  void twoRollbacksThatCordonANodeCheckedAtOnceOnTwoReplicasDoNotBothRun() throws Exception {
    node("n1", false);
    node("n2", false);
    node("n3", false);
    ActionCatalog catalog = catalog(true);
    DisruptionLedger other = twoReplicas(catalog);
    PrimaryRelays relays = PrimaryRelays.on(client);
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
    SafetyEnvelope envelope = new SafetyEnvelope(NS);
    java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    io.kubernaut.ports.in.CheckSafety meeting = request -> {
      if (checks.incrementAndGet() <= 2) {
        try {
          together.await(5, java.util.concurrent.TimeUnit.SECONDS); // both counted before either decides
        } catch (Exception alone) {
          // the other never came: the test's first assertion says so
        }
      }
      return envelope.checkBudget(request);
    };
    InMemoryActionRunner otherRunner = new InMemoryActionRunner();
    // The rollback that passes stays under way (its call made, not ended) until the other has been decided.
    java.util.concurrent.CountDownLatch underWay = new java.util.concurrent.CountDownLatch(1);
    runner.rollbackGate = underWay;
    otherRunner.rollbackGate = underWay;
    java.util.function.IntSupplier cordoned = () -> runner.rolledBack.size() + otherRunner.rolledBack.size();
    KubernetesExecutionReconciler first = new KubernetesExecutionReconciler(ledger, new ExecutionConductor(), meeting,
        catalog, runner, PipelinePolicy::defaults, audit, PipelineMetrics.none(), NS, relays, Clock.systemUTC());
    KubernetesExecutionReconciler second = new KubernetesExecutionReconciler(other, new ExecutionConductor(), meeting,
        catalog, otherRunner, PipelinePolicy::defaults, audit, PipelineMetrics.none(), NS, relays, Clock.systemUTC());
    KubernetesExecution one = rollbackOf("ar-1", "n1", relays);
    KubernetesExecution two = rollbackOf("ar-2", "n2", relays);
    for (DisruptionLedger each : List.of(ledger, other)) {
      CachedLedger.settle(each, NS);
      await().atMost(Duration.ofSeconds(10)).until(() -> each.count(NS, null, null).nodes().size() == 3
          && each.count(NS, null, null).executions().size() == 4);
    }

    java.util.concurrent.ExecutorService replicas = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = replicas.submit(() -> first.reconcile(one, null));
      var b = replicas.submit(() -> second.reconcile(two, null));
      await().atMost(Duration.ofSeconds(20)).until(() -> cordoned.getAsInt() == 2
          || cordoned.getAsInt() == 1 && (a.isDone() || b.isDone()));
      assertThat(cordoned.getAsInt()).as("one node cordoned again, not two").isEqualTo(1);
      underWay.countDown();
      a.get(30, java.util.concurrent.TimeUnit.SECONDS);
      b.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      underWay.countDown();
      replicas.shutdownNow();
    }

    assertThat(together.isBroken()).as("the first checks met, so neither saw the other's hold").isFalse();
    assertThat(checks.get()).as("the second checked again on the ledger the first wrote").isGreaterThanOrEqualTo(3);
    KubernetesExecution waiting = client.resources(KubernetesExecution.class).inNamespace(NS)
        .withName((runner.rolledBack.isEmpty() ? one : two).getMetadata().getName()).get();
    assertThat(waiting.getStatus().getPhase()).isNotIn(ExecutionPhase.Failed, ExecutionPhase.Completed);
    assertThat(waiting.getStatus().getMessage()).contains("waits to run").contains("checked again in");
  }

  /**
   * A rollback that cordoned a node again still counts once it ended, and once its remediation is deleted (the
   * history keeps it): the node is one Kubernaut made unavailable, so with the default budget (one such node) the
   * next rollback that would cordon another waits. Before, an ended rollback counted no more, and the node it
   * cordoned read as cordoned by hand.
   */
  @org.junit.jupiter.api.Test
  void aNodeARollbackCordonedAgainCountsAsKubernautsAfterTheRollbackEndedAndItsRemediationIsDeleted() {
    PrimaryRelays relays = PrimaryRelays.on(client);
    KubernetesExecutionReconciler reconciler = onFiveNodes(relays);
    KubernetesExecution first = rollbackOf("ar-1", "n1", relays);
    CachedLedger.settle(ledger, NS);
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count(NS, null, null).nodes().size() == 5);
    reconciler.reconcile(first, null);
    assertThat(runner.rolledBack).containsExactly("uncordon_node@n1");
    client.nodes().withName("n1").edit(n -> {
      n.getSpec().setUnschedulable(true); // what the rollback did
      return n;
    });
    KubernetesExecution second = rollbackOf("ar-2", "n2", relays);
    CachedLedger.settle(ledger, NS);
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count(NS, null, null).nodes().stream()
        .anyMatch(n -> n.name().equals("n1") && n.disrupted()));

    reconciler.reconcile(second, null);
    assertThat(runner.rolledBack).as("n2 is not cordoned").containsExactly("uncordon_node@n1");
    assertThat(message(second)).contains("waits to run").contains("maxNodesUnavailable").contains("n1");

    // ar-1 deleted (retention): its executions go, the history keeps the rollback.
    List<KubernetesExecution> ar1 = client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()
        .stream().filter(k -> k.getSpec().getRemediationRef().getName().equals("ar-1")).toList();
    ledger.forget(NS, "ar-1", "ar-1-workflow", true, ar1, Duration.ofHours(24));
    ar1.forEach(k -> client.resource(k).delete());
    CachedLedger.settle(ledger, NS);
    assertThat(client.configMaps().inNamespace(NS).withName(io.kubernaut.k8s.safety.HistoryKeeper.NAME).get()
        .getData().values()).anyMatch(json -> json.contains("\"rollback\":true"));

    reconciler.reconcile(client.resource(second).get(), null);
    assertThat(runner.rolledBack).containsExactly("uncordon_node@n1");
    assertThat(message(second)).contains("waits to run").contains("maxNodesUnavailable").contains("n1");
  }

  private String message(KubernetesExecution kex) {
    return client.resource(kex).get().getStatus().getMessage();
  }

  /**
   * A rollback that passed its check holds its node in the ledger before its start mark exists, for every replica's
   * count; the hold goes with the ledger's next write once the mark is older than every cache's lag.
   */
  @org.junit.jupiter.api.Test
  void aRollbackThatPassedItsCheckHoldsItsNodeUntilItsStartMarkCountsEverywhere() {
    node("n1", false);
    ActionCatalog catalog = catalog(true);
    DisruptionLedger other = twoReplicas(catalog);
    PrimaryRelays relays = PrimaryRelays.on(client);
    KubernetesExecution rollback = rollbackOf("ar-1", "n1", relays);
    String name = rollback.getMetadata().getName();
    for (DisruptionLedger each : List.of(ledger, other)) {
      CachedLedger.settle(each, NS);
      assertThat(disruption(each, name)).as("no hold, no mark: not a node action yet").isEqualTo(DisruptionClass.NONE);
    }

    assertThat(ledger.admitRollback(NS, DisruptionLedger.Reservation.ofRollback(
        DisruptionLedger.record(rollback, false, catalog), "ar-1-workflow", Instant.now()), counted -> Optional.empty()))
        .isEmpty();

    for (DisruptionLedger each : List.of(ledger, other)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> disruption(each, name) == DisruptionClass.NODE);
    }
    assertThat(other.admit(NS, "ar-1-workflow", List.of(), counted -> Optional.empty())).isEmpty();
    assertThat(ledgerHolds(name)).as("its workflow's admission replaces its step reservations, not the hold").isTrue();
    // Marked a moment ago and ended: another replica's cache may not show the mark yet, so the hold stays.
    writeStatus(name, Instant.now(), ExecutionPhase.Completed);
    CachedLedger.settle(other, NS);
    assertThat(other.admit(NS, "ar-8-workflow", List.of(), counted -> Optional.empty())).isEmpty();
    assertThat(ledgerHolds(name)).as("a fresh mark: the hold stays, ended or not").isTrue();
    // Its workflow ends as its last rollback ends: the hold still goes by its rollback's mark alone.
    WorkflowExecution workflow = client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();
    workflow.getStatus().setPhase(io.kubernaut.ports.pipeline.WorkflowPhase.RolledBack);
    workflow.getStatus().setPhaseHistory(List.of(new PhaseTransition("RolledBack", Instant.now().toString(), "test")));
    client.resource(workflow).updateStatus();
    await().atMost(Duration.ofSeconds(10)).until(() -> other.informers().workflow(NS, "ar-1-workflow").getStatus()
        .getPhase() == io.kubernaut.ports.pipeline.WorkflowPhase.RolledBack);
    assertThat(other.admit(NS, "ar-7-workflow", List.of(), counted -> Optional.empty())).isEmpty();
    assertThat(ledgerHolds(name)).as("its workflow ended a moment after the mark: the hold stays").isTrue();
    // Its mark, written two minutes ago (longer than any cache's lag): the next write of the ledger drops the hold.
    writeStatus(name, Instant.now().minus(Duration.ofMinutes(2)), ExecutionPhase.Completed);
    CachedLedger.settle(other, NS);
    assertThat(other.admit(NS, "ar-9-workflow", List.of(), counted -> Optional.empty())).isEmpty();
    assertThat(ledgerHolds(name)).as("the hold pruned: the mark counts the rollback now").isFalse();
    assertThat(disruption(other, name)).as("ended, it counts as a finished node action").isEqualTo(DisruptionClass.NODE);
  }

  /**
   * A rollback that passed its check and made no attempt (its plugin was busy) keeps its hold as written when it is
   * checked again and passes (no ledger write per retry); denied at a later check, it waits again and its hold goes in
   * that check's write, so two such rollbacks never hold each other back.
   */
  @org.junit.jupiter.api.Test
  void aRollbackDeniedAfterItPassedOnceWithoutAnAttemptLetsItsHoldGo() {
    ActionCatalog catalog = catalog(true);
    KubernetesExecution rollback = rollbackOfN1(catalog);
    DisruptionLedger.Reservation hold = DisruptionLedger.Reservation.ofRollback(
        DisruptionLedger.record(rollback, false, catalog), "ar-1-workflow", Instant.now());
    assertThat(ledger.admitRollback(NS, hold, counted -> Optional.empty())).isEmpty();
    assertThat(ledgerHolds(hold.execution())).isTrue();
    String version = client.configMaps().inNamespace(NS).withName(DisruptionLedger.NAME).get().getMetadata()
        .getResourceVersion();
    DisruptionLedger.Reservation again = DisruptionLedger.Reservation.ofRollback(
        DisruptionLedger.record(rollback, false, catalog), "ar-1-workflow", Instant.now().plusSeconds(5));
    assertThat(ledger.admitRollback(NS, again, counted -> Optional.empty())).isEmpty();
    assertThat(client.configMaps().inNamespace(NS).withName(DisruptionLedger.NAME).get().getMetadata()
        .getResourceVersion()).as("checked again while held: the hold stays as written, no write").isEqualTo(version);

    assertThat(ledger.admitRollback(NS, hold, counted -> Optional.of("no room"))).contains("no room");

    assertThat(ledgerHolds(hold.execution())).isFalse();
  }

  /**
   * The steps its workflow reserved but will not run now (it rolls back) do not count against a rollback: a later
   * step that would cordon n3, still reserved, left no room for re-cordoning n1 (one node unavailable by Kubernaut),
   * and the rollback waited until its deadline.
   */
  @org.junit.jupiter.api.Test
  void aRollbackIsNotHeldBackByTheStepsItsWorkflowWillNoLongerRun() {
    PrimaryRelays relays = PrimaryRelays.on(client);
    KubernetesExecutionReconciler reconciler = onFiveNodes(relays);
    KubernetesExecution rollback = rollbackOf("ar-1", "n1", relays);
    // Step 3 of the same workflow, a node action (the catalog does not know it: assumed from its Node target).
    assertThat(ledger.admit(NS, "ar-1-workflow", List.of(DisruptionLedger.Reservation.of("ar-1-workflow-3",
        "ar-1-workflow", "ar-1", "f".repeat(64), "cordon_node", new TargetRef("Node", "", "n3"), Map.of(),
        Instant.now())), counted -> Optional.empty())).isEmpty();
    CachedLedger.settle(ledger, NS);
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count(NS, null, null).nodes().size() == 5);

    reconciler.reconcile(rollback, null);

    assertThat(runner.rolledBack).containsExactly("uncordon_node@n1");
    assertThat(client.resource(rollback).get().getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
  }

  /**
   * A ledger that cannot take the rollback's hold (full: another workflow's reservations fill it) cannot decide the
   * check: the rollback waits as it would for a denial, with a reason and a recheck, so its deadline still applies.
   * Before, the ledger's retryable failure escaped the reconcile.
   */
  @org.junit.jupiter.api.Test
  void aRollbackWhoseCheckTheLedgerCannotDecideWaitsAsForADenial() {
    PrimaryRelays relays = PrimaryRelays.on(client);
    KubernetesExecutionReconciler reconciler = onFiveNodes(relays);
    KubernetesExecution rollback = rollbackOf("ar-1", "n1", relays);
    // ar-9's workflow is running and its six steps are reserved, not created: 540 KB, over what the ledger may hold.
    ExecutionFixtures.admittedWorkflow(client, Instant.now(), "ar-9");
    Map<String, String> full = new java.util.TreeMap<>();
    for (int i = 0; i < 6; i++) {
      full.put("ar-9-workflow-" + i, io.fabric8.kubernetes.client.utils.Serialization.asJson(
          new DisruptionLedger.Reservation("ar-9-workflow-" + i, "ar-9-workflow", "ar-9", "9".repeat(64),
              "uncordon_node", "Node", "", "spare-" + i, Map.of("note", "x".repeat(90_000)), Instant.now(), false)));
    }
    client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName(DisruptionLedger.NAME).withNamespace(NS).endMetadata().withData(full).build())
        .create();
    CachedLedger.settle(ledger, NS);
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count(NS, null, null).nodes().size() == 5
        && ledger.count(NS, null, null).executions().stream().anyMatch(e -> e.name().equals("ar-9-workflow-5")));

    reconciler.reconcile(rollback, null);

    assertThat(runner.rolledBack).as("n1 is not cordoned again").isEmpty();
    KubernetesExecution after = client.resource(rollback).get();
    assertThat(after.getStatus().getPhase()).isNotIn(ExecutionPhase.Failed, ExecutionPhase.Completed);
    assertThat(after.getStatus().getMessage()).contains("could not be checked").contains("too many to add")
        .contains("checked again in");
    assertThat(after.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready")
        && c.getReason().equals("DisruptionBudget") && c.getMessage().contains("could not be checked"));
    assertThat(ledgerHolds(rollback.getMetadata().getName())).as("nothing held").isFalse();
  }

  /**
   * Five nodes (minHealthyNodes, 51%, leaves room for two cordoned), this replica's ledger over uncordon_node with its
   * rollback declared, and an execution controller on the default policy.
   */
  private KubernetesExecutionReconciler onFiveNodes(PrimaryRelays relays) {
    for (int i = 1; i <= 5; i++) {
      node("n" + i, false);
    }
    ActionCatalog catalog = catalog(true);
    ledger = CachedLedger.start(client, NS, catalog, Clock.systemUTC());
    return new KubernetesExecutionReconciler(ledger, new ExecutionConductor(), new SafetyEnvelope(NS), catalog, runner,
        PipelinePolicy::defaults, audit, PipelineMetrics.none(), NS, relays, Clock.systemUTC());
  }

  /**
   * A rollback is counted without its workflow's steps not created yet, but with the holds of its workflow's other
   * rollbacks, whose executions this replica's cache may not show yet.
   */
  @org.junit.jupiter.api.Test
  void aRollbackCountsTheHoldsOfItsWorkflowsOtherRollbacks() {
    ActionCatalog catalog = catalog(true);
    KubernetesExecution first = rollbackOfN1(catalog);
    ExecutionRecord record = DisruptionLedger.record(first, false, catalog);
    // Step 2's rollback, passed on another replica a moment ago; this cache does not show its execution yet.
    ExecutionRecord second = new ExecutionRecord("ar-1-workflow-2-rollback", "ar-1", record.fingerprint(),
        "uncordon_node", record.impact(), new TargetRef("Node", "", "n2"), Map.of(), Map.of(),
        ExecutionRecord.State.ACTIVE, Instant.now(), null);
    assertThat(ledger.admitRollback(NS, DisruptionLedger.Reservation.ofRollback(second, "ar-1-workflow", Instant.now()),
        counted -> Optional.empty())).isEmpty();
    assertThat(ledger.admit(NS, "ar-1-workflow", List.of(DisruptionLedger.Reservation.of("ar-1-workflow-3",
        "ar-1-workflow", "ar-1", "f".repeat(64), "cordon_node", new TargetRef("Node", "", "n3"), Map.of(),
        Instant.now())), counted -> Optional.empty())).isEmpty();

    List<ExecutionRecord> counted = ledger.count(NS, first.getMetadata().getName(), "ar-1-workflow").executions();

    assertThat(counted).filteredOn(e -> e.name().equals("ar-1-workflow-2-rollback")).singleElement()
        .satisfies(e -> assertThat(e.impact().disruption()).isEqualTo(DisruptionClass.NODE));
    assertThat(counted).as("step 3 will not run now").noneMatch(e -> e.name().equals("ar-1-workflow-3"));
  }

  /** Node n1, this replica's ledger over {@code catalog}, and ar-1's rollback of uncordoning n1, in the cache. */
  private KubernetesExecution rollbackOfN1(ActionCatalog catalog) {
    node("n1", false);
    ledger = CachedLedger.start(client, NS, catalog, Clock.systemUTC());
    KubernetesExecution rollback = rollbackOf("ar-1", "n1", PrimaryRelays.on(client));
    CachedLedger.settle(ledger, NS);
    return rollback;
  }

  private boolean ledgerHolds(String execution) {
    Map<String, String> data = client.configMaps().inNamespace(NS).withName(DisruptionLedger.NAME).get().getData();
    return data != null && data.containsKey(execution);
  }

  /** Writes execution {@code name}'s start mark at {@code marked} and its phase. */
  private void writeStatus(String name, Instant marked, ExecutionPhase phase) {
    KubernetesExecution k = client.resources(KubernetesExecution.class).inNamespace(NS).withName(name).get();
    k.setStatus(k.getStatus() == null ? new KubernetesExecutionStatus() : k.getStatus());
    k.getStatus().setActionStartedAt(marked.toString());
    k.getStatus().setPhase(phase);
    k.getStatus().setPhaseHistory(List.of(new PhaseTransition(phase.name(), marked.toString(), "test")));
    k.getStatus().setCompletionTime(marked.toString());
    client.resource(k).updateStatus();
  }

  /** The disruption class {@code ledger} counts execution {@code name} with, for another execution's check. */
  private static DisruptionClass disruption(DisruptionLedger ledger, String name) {
    return ledger.count(NS, "someone-else", null).executions().stream().filter(e -> e.name().equals(name))
        .map(e -> e.impact().disruption()).findFirst().orElseThrow();
  }

  /**
   * Remediation {@code remediation}'s workflow, whose step 1 uncordoned {@code node} and completed (its rollback data
   * sealed as its controller seals it), and the rollback of that step its workflow decided, created.
   */
  private KubernetesExecution rollbackOf(String remediation, String node, PrimaryRelays relays) {
    WorkflowExecution workflow = ExecutionFixtures.admittedWorkflow(client, Instant.now(), remediation);
    workflow.getSpec().setSteps(List.of(new Recommendation("1", "uncordon_node", new TargetRef("Node", "", node),
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
    return client.resource(WorkflowExecutionSteps.rollback(workflow, undone, Duration.ofMinutes(10), 2)).create();
  }
}
