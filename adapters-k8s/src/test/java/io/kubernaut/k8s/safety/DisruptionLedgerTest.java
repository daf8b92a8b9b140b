package io.kubernaut.k8s.safety;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class DisruptionLedgerTest {

  private static final String NS = "kubernaut-system";
  private static final ActionCatalog CATALOG = new io.kubernaut.k8s.fakes.LookupCatalog(name -> Optional.of(
      new ActionInfo(name, "1", io.kubernaut.ports.action.ActionRisk.HIGH, "", "test", false, false, List.of(),
          Set.of("Node"), List.of(), new ActionImpact(DisruptionClass.NODE, Set.of()))));

  KubernetesClient client;
  KubernetesMockServer server;
  private final SafetyEnvelope envelope = new SafetyEnvelope(NS);

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

  @Test
  void twoWorkflowsAdmittedAtTheSameMomentNeverBothTakeTheLastNodeSlot() throws Exception {
    // Two ledgers, as on two replicas: nothing is shared but the API server.
    exactlyOneOfTwoConcurrentAdmissions("ar-", replica -> new DisruptionLedger(client, CATALOG, Clock.systemUTC()));
  }

  /** Five rounds of two workflows admitted at the same moment for the last node slot, each by its replica's ledger. */
  private void exactlyOneOfTwoConcurrentAdmissions(String prefix, java.util.function.IntFunction<DisruptionLedger> replica)
      throws Exception {
    for (int round = 0; round < 5; round++) {
      client.configMaps().inNamespace(NS).withName(DisruptionLedger.NAME).delete();
      String a = prefix + "a" + round + "-workflow";
      String b = prefix + "b" + round + "-workflow";
      workflow(a);
      workflow(b);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<Optional<SafetyVerdict>>> answers = new ArrayList<>();
      String[][] jobs = {{a, "worker-1"}, {b, "worker-2"}};
      for (int i = 0; i < 2; i++) {
        DisruptionLedger ledger = replica.apply(i);
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
      assertThat(client.configMaps().inNamespace(NS).withName(DisruptionLedger.NAME).get().getData()).hasSize(1);
      for (String wfe : List.of(a, b)) {
        replica.apply(0).release(NS, wfe);
      }
    }
  }

  @Test
  void aReservationCountsUntilItsExecutionExistsAndIsReleasedWhenItsWorkflowEnds() {
    workflow("ar-1-workflow");
    workflow("ar-2-workflow");
    DisruptionLedger ledger = new DisruptionLedger(client, CATALOG, Clock.systemUTC());

    assertThat(admitDrain(ledger, "ar-1-workflow", "worker-1")).isEmpty();
    assertThat(ledger.count(NS, null, null).executions()).singleElement()
        .satisfies(e -> assertThat(e.target().name()).isEqualTo("worker-1"));
    assertThat(ledger.count(NS, null, "ar-1-workflow").executions()).as("its own workflow is not blocked by it").isEmpty();
    assertThat(admitDrain(ledger, "ar-2-workflow", "worker-2")).hasValueSatisfying(v ->
        assertThat(v.message()).contains("2 nodes at once"));
    assertThat(admitDrain(ledger, "ar-1-workflow", "worker-1")).as("re-admitting the same workflow").isEmpty();

    ledger.release(NS, "ar-1-workflow");

    assertThat(ledger.count(NS, null, null).executions()).isEmpty();
    assertThat(admitDrain(ledger, "ar-2-workflow", "worker-2")).isEmpty();
  }

  @Test
  void theReservationsOfAWorkflowThatIsGoneArePrunedAtTheNextAdmission() {
    workflow("ar-1-workflow");
    workflow("ar-2-workflow");
    DisruptionLedger ledger = new DisruptionLedger(client, CATALOG, Clock.systemUTC());
    assertThat(admitDrain(ledger, "ar-1-workflow", "worker-1")).isEmpty();

    client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").delete();

    assertThat(admitDrain(ledger, "ar-2-workflow", "worker-2")).isEmpty();
    assertThat(client.configMaps().inNamespace(NS).withName(DisruptionLedger.NAME).get().getData())
        .containsOnlyKeys("ar-2-workflow-a");
  }

  @Test
  void controlPlaneNodesAreNeitherCountedNorHealthyCapacity() {
    DisruptionLedger ledger = new DisruptionLedger(client, CATALOG, Clock.systemUTC());

    assertThat(ledger.nodes()).extracting(n -> n.name()).containsExactly("worker-1", "worker-2", "worker-3", "worker-4");
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

  @Test
  void anExecutionCarriesWhetherItsWorkflowFailedVerificationAndARunningWorkflowCountsAsNot() {
    ranDrain("ar-1-workflow", "RolledBack");
    ranDrain("ar-2-workflow", "NotRemediated");
    ranDrain("ar-3-workflow", "Remediated");
    ranDrain("ar-4-workflow", null);
    DisruptionLedger ledger = new DisruptionLedger(client, CATALOG, Clock.systemUTC());
    Map<String, Boolean> failed = new java.util.TreeMap<>();
    ledger.count(NS, null, null).executions().forEach(e -> failed.put(e.remediation(), e.failedVerification()));
    assertThat(failed).containsExactly(Map.entry("ar-1", true), Map.entry("ar-2", true), Map.entry("ar-3", false),
        Map.entry("ar-4", false));
  }

  @Test
  void twoReplicasReadingFromTheirOwnCachesNeverBothTakeTheLastNodeSlot() throws Exception {
    List<SafetyInformers> caches = List.of(new SafetyInformers(client, NS), new SafetyInformers(client, NS));
    caches.forEach(SafetyInformers::start);
    try {
      // Each replica's ledger reads its own caches, which may both be behind the other's admission.
      exactlyOneOfTwoConcurrentAdmissions("ar-c",
          replica -> new DisruptionLedger(caches.get(replica), CATALOG, Clock.systemUTC()));
    } finally {
      caches.forEach(SafetyInformers::close);
    }
  }

  @Test
  void countingAndAdmittingFromTheCachesListsNothingHoweverManyExecutionsExist() throws Exception {
    for (int i = 0; i < 40; i++) {
      ranDrain("ar-old" + i + "-workflow", "Remediated");
    }
    workflow("ar-new-workflow");
    try (SafetyInformers caches = new SafetyInformers(client, NS)) {
      caches.start();
      DisruptionLedger ledger = new DisruptionLedger(caches, CATALOG, Clock.systemUTC());
      while (server.takeRequest(50, TimeUnit.MILLISECONDS) != null) {
        // the informers' start-up lists and the seeding
      }

      for (int i = 0; i < 10; i++) {
        assertThat(ledger.count(NS, null, null).executions()).hasSizeGreaterThanOrEqualTo(40);
      }
      admitDrain(ledger, "ar-new-workflow", "worker-2");
      ledger.release(NS, "ar-new-workflow");

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
      assertThat(lists).as("LISTs during 10 counts, an admission and a release over 40 executions").isEmpty();
    }
  }
}
