package io.kubernaut.k8s.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernaut.core.safety.SafetyEnvelope;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class DisruptionLedgerTest {

  private static final String NS = "kubernaut-system";
  /** drain_node is a node-class action, anything else a workload-class one. */
  private static final ActionCatalog CATALOG = new io.kubernaut.k8s.fakes.LookupCatalog(name -> Optional.of(
      new ActionInfo(name, "1", io.kubernaut.ports.action.ActionRisk.HIGH, "", "test", false, false, List.of(),
          Set.of(), List.of(), new ActionImpact(name.equals("drain_node") ? DisruptionClass.NODE
              : DisruptionClass.WORKLOAD, Set.of()))));

  KubernetesClient client;
  KubernetesMockServer server;
  private final SafetyEnvelope envelope = new SafetyEnvelope(NS);
  private final List<SafetyInformers> started = new ArrayList<>();

  /** A replica's ledger: its own safety informers, started on what the API server holds now. */
  private DisruptionLedger ledger() {
    DisruptionLedger ledger = CachedLedger.start(client, NS, CATALOG, Clock.systemUTC());
    started.add(ledger.informers());
    return ledger;
  }

  @Test
  void aCallPastItsDeadlineHoldsItsTargetForANewWorkflowButNotForItsOwnExecutionsAttempts() {
    SafetyInformers informers = new SafetyInformers(client, NS);
    informers.start();
    started.add(informers);
    TargetRef web = new TargetRef("Deployment", "shop", "web");
    java.util.List<io.kubernaut.ports.action.RunawayCall> runaway = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(
        new io.kubernaut.ports.action.RunawayCall("exec-7", "restart_pod", web, Instant.parse("2026-12-06T12:00:00Z"))));
    DisruptionLedger ledger = new DisruptionLedger(informers, CATALOG, Clock.systemUTC(), () -> List.copyOf(runaway));

    DisruptionLedger.Counted forAWorkflow = ledger.count(NS, null, "ar-2-workflow");
    SafetyVerdict busy = envelope.check(new SafetyRequest("ar-2", "f".repeat(64), "production", "rollout_restart",
        CATALOG.impactOf("rollout_restart", "Deployment"), web, Map.of(), null, forAWorkflow.executions(),
        forAWorkflow.nodes(), SafetyPolicy.standard(), false, Instant.now()));

    assertThat(busy.reason()).isEqualTo(io.kubernaut.ports.remediation.ConditionReason.TargetBusy);
    assertThat(busy.message()).contains("exec-7 (restart_pod)").contains("a call that ran past its deadline");
    assertThat(ledger.count(NS, "ar-1-workflow-a", null).executions()).as("an execution's own attempts").isEmpty();
    runaway.clear(); // the call ended
    assertThat(ledger.count(NS, null, "ar-2-workflow").executions()).isEmpty();
  }

  @AfterEach
  void stop() {
    started.forEach(SafetyInformers::close);
  }

  @BeforeEach
  void seed() {
    for (int i = 1; i <= 4; i++) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-" + i).endMetadata()
          .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
    }
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cp-1")
        .addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata().build()).create();
  }

  private void workflow(String name) {
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    WorkflowExecutionSpec spec = new WorkflowExecutionSpec();
    spec.setRemediationRef(new RemediationRef(name.replace("-workflow", "")));
    wfe.setSpec(spec);
    client.resource(wfe).create();
  }

  /** Admits a drain of {@code node} for workflow {@code wfe}; returns the denial, if any. */
  private Optional<SafetyVerdict> admitDrain(DisruptionLedger ledger, String wfe, String node) {
    TargetRef target = new TargetRef("Node", "", node);
    String remediation = wfe.replace("-workflow", "");
    return ledger.admit(NS, wfe, List.of(DisruptionLedger.Reservation.of(wfe + "-a", wfe, remediation, "f".repeat(64),
        "drain_node", target, Map.of(), Instant.now())), counted -> {
          SafetyVerdict v = envelope.check(new SafetyRequest(remediation, "f".repeat(64), "production", "drain_node",
              CATALOG.impactOf("drain_node", "Node"), target, Map.of(), null, counted.executions(), counted.nodes(),
              SafetyPolicy.standard(), false, Instant.now()));
          return v.allowed() ? Optional.empty() : Optional.of(v);
        });
  }

  /** Admits a step of workload-class {@code action} on Deployment shop/{@code name}, by a check that always allows. */
  private Optional<SafetyVerdict> admitAllowed(DisruptionLedger ledger, String wfe, String name) {
    return ledger.admit(NS, wfe, List.of(DisruptionLedger.Reservation.of(wfe + "-a", wfe, wfe.replace("-workflow", ""),
        "f".repeat(64), "restart_deployment", new TargetRef("Deployment", "shop", name), Map.of(), Instant.now())),
        counted -> Optional.empty());
  }

  /** Ends workflow {@code name} (Completed) and waits until each of {@code ledgers}' caches sees it ended. */
  private void end(String name, DisruptionLedger... ledgers) {
    WorkflowExecution wfe = client.resources(WorkflowExecution.class).inNamespace(NS).withName(name).get();
    wfe.setStatus(new io.kubernaut.k8s.crd.WorkflowExecutionStatus());
    wfe.getStatus().setPhase(io.kubernaut.ports.pipeline.WorkflowPhase.Completed);
    client.resource(wfe).updateStatus();
    for (DisruptionLedger ledger : ledgers) {
      await().atMost(Duration.ofSeconds(10)).until(() -> ledger.informers().ended(NS, name));
    }
  }

  /** The ledger ConfigMap's data as the API server holds it: one entry per reserved execution. */
  private Map<String, String> ledgerData() {
    return client.configMaps().inNamespace(NS).withName(DisruptionLedger.NAME).get().getData();
  }

  /** Drains the mock API server's request log; the writes (create, update, patch) of ConfigMaps in it. */
  private List<String> ledgerWrites() throws InterruptedException {
    List<String> writes = new ArrayList<>();
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      if (Set.of("POST", "PUT", "PATCH").contains(r.getMethod()) && r.getPath().contains("/configmaps")) {
        writes.add(r.getMethod() + " " + r.getPath());
      }
    }
    return writes;
  }

  /**
   * Admits {@code first} alone while the {@code rest} queue up behind its write (its check waits
   * until they all wait), so the rest are decided and written as one batch; the answers in order.
   */
  private List<Optional<SafetyVerdict>> firstThenTheRestAsOneBatch(DisruptionLedger ledger,
      java.util.concurrent.Callable<Optional<SafetyVerdict>> first, List<java.util.concurrent.Callable<Optional<SafetyVerdict>>> rest,
      CountDownLatch firstDeciding, CountDownLatch restQueued) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(rest.size() + 1);
    try {
      Future<Optional<SafetyVerdict>> firstAnswer = pool.submit(first);
      assertThat(firstDeciding.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<Optional<SafetyVerdict>>> answers = new ArrayList<>();
      rest.forEach(job -> answers.add(pool.submit(job)));
      await().atMost(Duration.ofSeconds(10)).until(() -> ledger.waiting(NS) == rest.size());
      restQueued.countDown();
      List<Optional<SafetyVerdict>> results = new ArrayList<>();
      results.add(firstAnswer.get(30, TimeUnit.SECONDS));
      for (Future<Optional<SafetyVerdict>> f : answers) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A first admission whose check holds its batch open until {@code restQueued}. */
  private java.util.concurrent.Callable<Optional<SafetyVerdict>> holding(DisruptionLedger ledger, String wfe,
      CountDownLatch deciding, CountDownLatch restQueued) {
    return () -> ledger.admit(NS, wfe, List.of(DisruptionLedger.Reservation.of(wfe + "-a", wfe, "ar-first",
        "f".repeat(64), "restart_deployment", new TargetRef("Deployment", "shop", "first"), Map.of(), Instant.now())),
        counted -> {
          deciding.countDown();
          try {
            restQueued.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.<SafetyVerdict>empty();
        });
  }

  @Test
  void manyAdmissionsAtOnceInOneReplicaAreWrittenInOneWritePerBatch() throws Exception {
    List<String> workflows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      workflows.add("ar-" + i + "-workflow");
      workflow(workflows.get(i));
    }
    workflow("ar-first-workflow");
    DisruptionLedger ledger = ledger();
    ledgerWrites();
    CountDownLatch deciding = new CountDownLatch(1);
    CountDownLatch restQueued = new CountDownLatch(1);
    List<java.util.concurrent.Callable<Optional<SafetyVerdict>>> rest = new ArrayList<>();
    workflows.forEach(w -> rest.add(() -> admitAllowed(ledger, w, w)));

    List<Optional<SafetyVerdict>> answers = firstThenTheRestAsOneBatch(ledger,
        holding(ledger, "ar-first-workflow", deciding, restQueued), rest, deciding, restQueued);

    assertThat(answers).hasSize(41).allSatisfy(a -> assertThat(a).isEmpty());
    assertThat(ledgerData()).hasSize(41);
    assertThat(ledgerWrites()).as("41 admissions: the first one's write (the ledger's create), one write for the 40")
        .containsExactly("POST /api/v1/namespaces/" + NS + "/configmaps",
            "PUT /api/v1/namespaces/" + NS + "/configmaps/" + DisruptionLedger.NAME);
  }

  @Test
  void aRefusalInABatchDoesNotHoldUpTheOthersAndTheBatchKeepsTheBudget() throws Exception {
    for (String w : List.of("ar-first-workflow", "ar-d1-workflow", "ar-d2-workflow", "ar-d3-workflow", "ar-d4-workflow",
        "ar-w1-workflow", "ar-w2-workflow", "ar-w3-workflow")) {
      workflow(w);
    }
    DisruptionLedger ledger = ledger();
    ledgerWrites();
    CountDownLatch deciding = new CountDownLatch(1);
    CountDownLatch restQueued = new CountDownLatch(1);
    List<java.util.concurrent.Callable<Optional<SafetyVerdict>>> rest = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      String w = "ar-d" + i + "-workflow";
      String node = "worker-" + i;
      rest.add(() -> admitDrain(ledger, w, node));
      if (i < 4) {
        String workload = "ar-w" + i + "-workflow";
        rest.add(() -> admitAllowed(ledger, workload, workload));
      }
    }

    List<Optional<SafetyVerdict>> answers = firstThenTheRestAsOneBatch(ledger,
        holding(ledger, "ar-first-workflow", deciding, restQueued), rest, deciding, restQueued);

    List<Optional<SafetyVerdict>> drains = List.of(answers.get(1), answers.get(3), answers.get(5), answers.get(7));
    List<Optional<SafetyVerdict>> workloads = List.of(answers.get(0), answers.get(2), answers.get(4), answers.get(6));
    assertThat(workloads).as("the first admission and the workload steps").allSatisfy(a -> assertThat(a).isEmpty());
    assertThat(drains.stream().filter(Optional::isEmpty).count()).as("one node slot, four drains in one batch")
        .isEqualTo(1);
    assertThat(drains.stream().flatMap(Optional::stream)).hasSize(3)
        .allSatisfy(v -> assertThat(v.message()).contains("2 nodes at once"));
    assertThat(ledgerData()).hasSize(5);
    assertThat(ledgerWrites()).as("the first admission's write (the create), one write for the batch").hasSize(2);
  }

  @Test
  void twoReplicasReadingFromTheirOwnCachesNeverBothTakeTheLastNodeSlot() throws Exception {
    // Two ledgers, as on two replicas: each with its own caches, which may both be behind the other's admission.
    List<DisruptionLedger> replicas = List.of(ledger(), ledger());
    for (int round = 0; round < 5; round++) {
      String a = "ar-a" + round + "-workflow";
      String b = "ar-b" + round + "-workflow";
      workflow(a);
      workflow(b);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<Optional<SafetyVerdict>>> answers = new ArrayList<>();
      String[][] jobs = {{a, "worker-1"}, {b, "worker-2"}};
      for (int i = 0; i < 2; i++) {
        DisruptionLedger ledger = replicas.get(i);
        String[] job = jobs[i];
        answers.add(pool.submit(() -> {
          start.await();
          return admitDrain(ledger, job[0], job[1]);
        }));
      }
      start.countDown();
      List<Optional<SafetyVerdict>> results = new ArrayList<>();
      for (Future<Optional<SafetyVerdict>> f : answers) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      pool.shutdown();

      assertThat(results.stream().filter(Optional::isEmpty).count()).as("round " + round + ": exactly one admitted")
          .isEqualTo(1);
      SafetyVerdict denied = results.stream().flatMap(Optional::stream).findFirst().orElseThrow();
      assertThat(denied.message()).contains("nodes at once");
      assertThat(ledgerData())
          .as("round " + round + ": the last round's reservation was pruned by this round's write").hasSize(1);
      // The round's workflows end: their reservations count no more, without a write.
      end(a, replicas.toArray(DisruptionLedger[]::new));
      end(b, replicas.toArray(DisruptionLedger[]::new));
    }
  }

  @Test
  void aReservationCountsUntilItsWorkflowEndsWhichWritesNothing() throws Exception {
    workflow("ar-1-workflow");
    workflow("ar-2-workflow");
    DisruptionLedger ledger = ledger();

    assertThat(admitDrain(ledger, "ar-1-workflow", "worker-1")).isEmpty();
    assertThat(ledger.count(NS, null, null).executions()).singleElement()
        .satisfies(e -> assertThat(e.target().name()).isEqualTo("worker-1"));
    assertThat(ledger.count(NS, null, "ar-1-workflow").executions()).as("its own workflow is not blocked by it").isEmpty();
    assertThat(admitDrain(ledger, "ar-2-workflow", "worker-2")).hasValueSatisfying(v ->
        assertThat(v.message()).contains("2 nodes at once"));
    assertThat(admitDrain(ledger, "ar-1-workflow", "worker-1")).as("re-admitting the same workflow").isEmpty();
    ledgerWrites();

    end("ar-1-workflow", ledger);

    assertThat(ledger.count(NS, null, null).executions()).as("an ended workflow's reservation").isEmpty();
    assertThat(ledgerWrites()).as("a workflow's end writes nothing to the ledger").isEmpty();
    assertThat(ledgerData())
        .containsOnlyKeys("ar-1-workflow-a");
    assertThat(admitDrain(ledger, "ar-2-workflow", "worker-2")).isEmpty();
    assertThat(ledgerData())
        .as("pruned by the next admission's write").containsOnlyKeys("ar-2-workflow-a");
  }

  @Test
  void aRemediationBeingDeletedHasItsWorkflowsReservationsDroppedSoTheyHoldNoTargetBusy() {
    workflow("ar-1-workflow");
    workflow("ar-2-workflow");
    DisruptionLedger ledger = ledger();
    assertThat(admitAllowed(ledger, "ar-1-workflow", "api")).isEmpty();
    assertThat(admitAllowed(ledger, "ar-2-workflow", "web")).isEmpty();
    client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.informers().workflow(NS, "ar-1-workflow") == null);
    assertThat(ledger.count(NS, null, null).executions()).as("a gone workflow's reservation counts until pruned")
        .extracting(ExecutionRecord::name).containsExactlyInAnyOrder("ar-1-workflow-a", "ar-2-workflow-a");

    ledger.forget(NS, "ar-1", "ar-1-workflow", false, List.of(), Duration.ofHours(4));

    assertThat(ledgerData()).containsOnlyKeys("ar-2-workflow-a");
    assertThat(ledger.count(NS, null, null).executions()).extracting(ExecutionRecord::name)
        .containsExactly("ar-2-workflow-a");
  }

  @Test
  void aReservationOlderThanAnyCachesLagWhoseWorkflowTheApiServerNoLongerHoldsCountsNoMore() {
    workflow("ar-2-workflow");
    Instant old = Instant.now().minus(DisruptionLedger.SEEN_BY_ALL).minusSeconds(5);
    // ar-1's admission finished after its remediation (and workflow) were deleted; ar-2's workflow still runs.
    client.configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
        .withName(DisruptionLedger.NAME).withNamespace(NS).endMetadata()
        .addToData("ar-1-workflow-a", io.fabric8.kubernetes.client.utils.Serialization.asJson(DisruptionLedger.Reservation.of(
            "ar-1-workflow-a", "ar-1-workflow", "ar-1", "f".repeat(64), "restart_deployment",
            new TargetRef("Deployment", "shop", "api"), Map.of(), old)))
        .addToData("ar-2-workflow-a", io.fabric8.kubernetes.client.utils.Serialization.asJson(DisruptionLedger.Reservation.of(
            "ar-2-workflow-a", "ar-2-workflow", "ar-2", "f".repeat(64), "restart_deployment",
            new TargetRef("Deployment", "shop", "web"), Map.of(), old)))
        .build()).create();
    DisruptionLedger ledger = ledger();
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.informers().workflow(NS, "ar-2-workflow") != null);

    assertThat(ledger.count(NS, null, null).executions()).extracting(ExecutionRecord::name)
        .containsExactly("ar-2-workflow-a");
  }

  @Test
  void aReservationCountsNoMoreOnceItsExecutionExistsAndIsPrunedOnceEveryReplicaCanHaveSeenIt() {
    workflow("ar-2-workflow");
    workflow("ar-3-workflow");
    DisruptionLedger ledger = ledger();
    ranDrain("ar-1-workflow", null);
    CachedLedger.settle(ledger, NS);
    assertThat(admitAllowed(ledger, "ar-1-workflow", "api")).isEmpty();
    // ar-1-workflow-a now exists as an execution: it is counted as such, once, not as a reservation too.
    assertThat(ledger.count(NS, null, null).executions()).singleElement()
        .satisfies(e -> assertThat(e.action()).isEqualTo("drain_node"));

    assertThat(admitAllowed(ledger, "ar-2-workflow", "web")).isEmpty();

    assertThat(ledgerData()).as("kept: another replica's cache may not show the execution yet, and then counts "
        + "the reservation").containsOnlyKeys("ar-1-workflow-a", "ar-2-workflow-a");
    assertThat(ledger.count(NS, null, null).executions()).as("still counted once").hasSize(2);

    DisruptionLedger later = CachedLedger.start(client, NS, CATALOG,
        Clock.offset(Clock.systemUTC(), DisruptionLedger.SEEN_BY_ALL.plusSeconds(1)));
    started.add(later.informers());
    CachedLedger.settle(later, NS);
    assertThat(admitAllowed(later, "ar-3-workflow", "db")).isEmpty();

    assertThat(ledgerData()).containsOnlyKeys("ar-2-workflow-a", "ar-3-workflow-a");
  }

  @Test
  void theReservationsOfAWorkflowThatIsGoneArePrunedAtTheNextAdmission() {
    workflow("ar-1-workflow");
    workflow("ar-2-workflow");
    DisruptionLedger ledger = ledger();
    assertThat(admitDrain(ledger, "ar-1-workflow", "worker-1")).isEmpty();

    client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.informers().workflow(NS, "ar-1-workflow") == null);

    assertThat(admitDrain(ledger, "ar-2-workflow", "worker-2")).isEmpty();
    assertThat(ledgerData())
        .containsOnlyKeys("ar-2-workflow-a");
  }

  @Test
  void aLedgerDeletedByHandIsCreatedAgainAtTheNextAdmission() {
    workflow("ar-1-workflow");
    workflow("ar-2-workflow");
    DisruptionLedger ledger = ledger();
    assertThat(admitAllowed(ledger, "ar-1-workflow", "api")).isEmpty();

    client.configMaps().inNamespace(NS).withName(DisruptionLedger.NAME).delete();

    assertThat(admitAllowed(ledger, "ar-2-workflow", "web")).isEmpty();
    assertThat(ledgerData())
        .containsOnlyKeys("ar-2-workflow-a");
  }

  @Test
  void anAdmissionThatWouldOverfillTheLedgerIsRetriedLaterAndWritesNothing() throws Exception {
    workflow("ar-big-workflow");
    workflow("ar-1-workflow");
    DisruptionLedger ledger = ledger();
    ledgerWrites();
    Map<String, String> huge = Map.of("note", "x".repeat(LedgerStore.MAX_BYTES));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.admit(NS, "ar-big-workflow",
        List.of(DisruptionLedger.Reservation.of("ar-big-workflow-a", "ar-big-workflow", "ar-big", "f".repeat(64),
            "restart_deployment", new TargetRef("Deployment", "shop", "api"), huge, Instant.now())),
        counted -> Optional.<SafetyVerdict>empty()))
        .isInstanceOf(io.kubernaut.ports.failure.RetryableException.class).hasMessageContaining("admission is retried");
    assertThat(ledgerWrites()).isEmpty();

    assertThat(admitAllowed(ledger, "ar-1-workflow", "web")).isEmpty();
    assertThat(ledgerData()).containsOnlyKeys("ar-1-workflow-a");
  }

  @Test
  void controlPlaneNodesAreNeitherCountedNorHealthyCapacity() {
    DisruptionLedger ledger = ledger();

    assertThat(ledger.nodes()).extracting(n -> n.name()).containsExactlyInAnyOrder("worker-1", "worker-2", "worker-3",
        "worker-4");
    assertThat(Collections.frequency(ledger.nodes().stream().map(n -> n.healthy()).toList(), true)).isEqualTo(4);
  }

  /** A workflow with {@code outcome} (null while it runs) and one ended execution of drain_node on worker-1. */
  private void ranDrain(String wfeName, String outcome) {
    workflow(wfeName);
    WorkflowExecution wfe = client.resources(WorkflowExecution.class).inNamespace(NS).withName(wfeName).get();
    wfe.setStatus(new io.kubernaut.k8s.crd.WorkflowExecutionStatus());
    wfe.getStatus().setOutcome(outcome);
    client.resource(wfe).updateStatus();
    io.kubernaut.k8s.crd.KubernetesExecution kex = new io.kubernaut.k8s.crd.KubernetesExecution();
    kex.setMetadata(new ObjectMetaBuilder().withName(wfeName + "-a").withNamespace(NS).build());
    io.kubernaut.k8s.crd.KubernetesExecutionSpec spec = new io.kubernaut.k8s.crd.KubernetesExecutionSpec();
    spec.setRemediationRef(new RemediationRef(wfeName.replace("-workflow", "")));
    spec.setWorkflow(wfeName);
    spec.setStep("a");
    spec.setAction("drain_node");
    spec.setTarget(new io.kubernaut.k8s.crd.ObjectRef("Node", "", "worker-1"));
    kex.setSpec(spec);
    client.resource(kex).create();
  }

  /**
   * A rollback's call that ran past its deadline, its execution gone (deleted with its remediation), counts as what it
   * does: re-cordoning a node when its action declares that its rollback disrupts the node. It counted with the
   * action's own impact (an uncordon gives capacity back), so the budget had room it did not have.
   */
  @Test
  void aRollbacksCallPastItsDeadlineWhoseExecutionIsGoneCountsAsTheRollback() {
    SafetyInformers informers = new SafetyInformers(client, NS);
    informers.start();
    started.add(informers);
    ActionCatalog uncordon = new io.kubernaut.k8s.fakes.LookupCatalog(name -> Optional.of(new ActionInfo(name, "1",
        io.kubernaut.ports.action.ActionRisk.LOW, "", "test", true, true, List.of(), Set.of("Node"), List.of(),
        new ActionImpact(DisruptionClass.NONE, Set.of(io.kubernaut.ports.action.ActionEffect.ROLLBACK_DISRUPTS_NODE)))));
    DisruptionLedger ledger = new DisruptionLedger(informers, uncordon, Clock.systemUTC(), () -> List.of(
        new io.kubernaut.ports.action.RunawayCall("gone-1", "uncordon_node", new TargetRef("Node", "", "worker-1"),
            Instant.now(), true),
        new io.kubernaut.ports.action.RunawayCall("gone-2", "uncordon_node", new TargetRef("Node", "", "worker-2"),
            Instant.now())));

    List<ExecutionRecord> counted = ledger.count(NS, null, null).executions();

    assertThat(counted).filteredOn(e -> e.name().equals("gone-1")).singleElement().satisfies(e -> {
      assertThat(e.impact().disruption()).as("re-cordoning worker-1").isEqualTo(DisruptionClass.NODE);
      assertThat(e.rollback()).isTrue();
      assertThat(e.state()).isEqualTo(ExecutionRecord.State.ACTIVE);
    });
    assertThat(counted).filteredOn(e -> e.name().equals("gone-2")).singleElement().satisfies(e -> {
      assertThat(e.impact().disruption()).as("the uncordon itself").isEqualTo(DisruptionClass.NONE);
      assertThat(e.rollback()).isFalse();
    });
  }

  @Test
  void aCallPastItsDeadlineMakesItsTimedOutExecutionRunningAgainNotASecondOne() {
    ranDrain("ar-9-workflow", "NotRemediated");
    io.kubernaut.k8s.crd.KubernetesExecution kex = client.resources(io.kubernaut.k8s.crd.KubernetesExecution.class)
        .inNamespace(NS).withName("ar-9-workflow-a").get();
    kex.setStatus(new io.kubernaut.k8s.crd.KubernetesExecutionStatus());
    kex.getStatus().setPhase(io.kubernaut.ports.pipeline.ExecutionPhase.Failed);
    kex.getStatus().setCompletionTime(Instant.now().toString());
    client.resource(kex).updateStatus();
    SafetyInformers informers = new SafetyInformers(client, NS);
    informers.start();
    started.add(informers);
    DisruptionLedger ledger = new DisruptionLedger(informers, CATALOG, Clock.systemUTC(), () -> List.of(
        new io.kubernaut.ports.action.RunawayCall(kex.getMetadata().getUid(), "drain_node",
            new TargetRef("Node", "", "worker-1"), Instant.now())));
    CachedLedger.settle(ledger, NS);

    assertThat(ledger.count(NS, null, null).executions()).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("ar-9-workflow-a");
      assertThat(e.remediation()).isEqualTo("ar-9");
      assertThat(e.state()).as("its call still runs").isEqualTo(ExecutionRecord.State.ACTIVE);
    });
  }

  @Test
  void anExecutionCarriesWhetherItsWorkflowFailedVerificationAndARunningWorkflowCountsAsNot() {
    ranDrain("ar-1-workflow", "RolledBack");
    ranDrain("ar-2-workflow", "NotRemediated");
    ranDrain("ar-3-workflow", "Remediated");
    ranDrain("ar-4-workflow", null);
    DisruptionLedger ledger = ledger();
    Map<String, Boolean> failed = new java.util.TreeMap<>();
    ledger.count(NS, null, null).executions().forEach(e -> failed.put(e.remediation(), e.failedVerification()));
    assertThat(failed).containsExactly(Map.entry("ar-1", true), Map.entry("ar-2", true), Map.entry("ar-3", false),
        Map.entry("ar-4", false));
  }

  @Test
  void countingAndAdmittingFromTheCachesListsNothingHoweverManyExecutionsExist() throws Exception {
    for (int i = 0; i < 40; i++) {
      ranDrain("ar-old" + i + "-workflow", "Remediated");
    }
    workflow("ar-new-workflow");
    DisruptionLedger ledger = ledger();
    while (server.takeRequest(50, TimeUnit.MILLISECONDS) != null) {
      // the informers' start-up lists and the seeding
    }

    for (int i = 0; i < 10; i++) {
      assertThat(ledger.count(NS, null, null).executions()).hasSizeGreaterThanOrEqualTo(40);
    }
    admitDrain(ledger, "ar-new-workflow", "worker-2");
    end("ar-new-workflow", ledger);
    admitAllowed(ledger, "ar-old1-workflow", "api");

    List<String> lists = new ArrayList<>();
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      String path = r.getPath().contains("?") ? r.getPath().substring(0, r.getPath().indexOf('?')) : r.getPath();
      boolean collection = Set.of("kubernetesexecutions", "workflowexecutions", "nodes", "configmaps")
          .contains(path.substring(path.lastIndexOf('/') + 1));
      if ("GET".equals(r.getMethod()) && collection && !r.getPath().contains("watch=true")) {
        lists.add(r.getPath());
      }
    }
    assertThat(lists).as("LISTs during 10 counts, two admissions and a workflow's end over 40 executions").isEmpty();
  }
}
