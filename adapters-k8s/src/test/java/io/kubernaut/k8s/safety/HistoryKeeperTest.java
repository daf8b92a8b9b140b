package io.kubernaut.k8s.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubernaut.core.safety.SafetyEnvelope;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the safety rules keep counting of executions deleted with their remediation, against the CRUD
 * mock API server, through the ledger the operator counts with.
 */
@EnableKubernetesMockClient(crud = true)
class HistoryKeeperTest {

  private static final String NS = "kubernaut-system";
  private static final String FINGERPRINT = "f".repeat(64);
  private static final Duration HORIZON = Duration.ofHours(4);
  /** drain_node is a node-class action, anything else a workload-class one. */
  private static final ActionCatalog CATALOG = new io.kubernaut.k8s.fakes.LookupCatalog(name -> Optional.of(
      new ActionInfo(name, "1", io.kubernaut.ports.action.ActionRisk.HIGH, "", "test", false, false, List.of(),
          Set.of(), List.of(), new ActionImpact(name.equals("drain_node") ? DisruptionClass.NODE
              : DisruptionClass.WORKLOAD, Set.of()))));

  KubernetesClient client;
  private final io.kubernaut.k8s.fakes.MovableClock clock = new io.kubernaut.k8s.fakes.MovableClock(
      Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final List<SafetyInformers> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(SafetyInformers::close);
  }

  private DisruptionLedger ledger() {
    DisruptionLedger ledger = CachedLedger.start(client, NS, CATALOG, clock);
    started.add(ledger.informers());
    return ledger;
  }

  /** An execution of {@code remediation}'s workflow, in {@code phase}, that ended {@code endedAgo} before now. */
  private KubernetesExecution execution(String remediation, String step, String action, ObjectRef target,
      ExecutionPhase phase, Duration endedAgo) {
    return execution(remediation, step, action, target, phase, endedAgo, spec -> { });
  }

  /** As above, with {@code spec} changed before the create (dry run, rollback). */
  private KubernetesExecution execution(String remediation, String step, String action, ObjectRef target,
      ExecutionPhase phase, Duration endedAgo, java.util.function.Consumer<KubernetesExecutionSpec> change) {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(new ObjectMetaBuilder().withName(remediation + "-workflow-" + step).withNamespace(NS)
        .withLabels(Map.of(KubernautLabels.REMEDIATION, remediation, KubernautLabels.FINGERPRINT, FINGERPRINT)).build());
    KubernetesExecutionSpec spec = new KubernetesExecutionSpec();
    spec.setRemediationRef(new RemediationRef(remediation));
    spec.setWorkflow(remediation + "-workflow");
    spec.setStep(step);
    spec.setAction(action);
    spec.setTarget(target);
    change.accept(spec);
    kex.setSpec(spec);
    KubernetesExecution created = client.resource(kex).create();
    if (phase != null) {
      KubernetesExecutionStatus status = new KubernetesExecutionStatus();
      status.setPhase(phase);
      if (phase.isTerminal()) {
        status.setCompletionTime(clock.instant().minus(endedAgo).toString());
      } else if (endedAgo != null) {
        status.setActionStartedAt(clock.instant().minus(endedAgo).toString()); // under way: the call was made then
      }
      created.setStatus(status);
      created = client.resource(created).updateStatus();
    }
    return created;
  }

  private static ObjectRef deployment(String name) {
    return new ObjectRef("Deployment", "shop", name);
  }

  /** Keeps {@code remediation}'s executions as the remediation controller does: read fresh, by its label. */
  private int keep(DisruptionLedger ledger, String remediation) {
    return ledger.history().keep(NS, remediation, client.resources(KubernetesExecution.class).inNamespace(NS)
        .withLabel(KubernautLabels.REMEDIATION, remediation).list().getItems(), false, HORIZON);
  }

  private void deleteExecutionsOf(String remediation, DisruptionLedger... ledgers) {
    client.resources(KubernetesExecution.class).inNamespace(NS).withLabel(KubernautLabels.REMEDIATION, remediation)
        .delete();
    for (DisruptionLedger ledger : ledgers) {
      CachedLedger.settle(ledger, NS);
    }
  }

  private SafetyVerdict check(DisruptionLedger ledger, String remediation, String action, TargetRef target) {
    return new SafetyEnvelope(NS).check(new SafetyRequest(remediation, FINGERPRINT, "production", action,
        CATALOG.impactOf(action, target.kind()), target, Map.of(), null, ledger.count(NS, null, null).executions(),
        ledger.count(NS, null, null).nodes(), SafetyPolicy.standard(), false, clock.instant()));
  }

  /**
   * A step's kept record is written as before rollbacks were kept (an older replica, whose reader fails on a field it
   * does not know, would skip it and drop it from its next write); a kept rollback says so; a record without the
   * field, or with fields of a later version, reads.
   */
  @Test
  void aStepsRecordIsWrittenAsBeforeRollbacksWereKeptAndRecordsOfOtherVersionsRead() {
    Instant at = Instant.parse("2026-12-02T10:00:00Z");
    HistoryKeeper.Kept step = new HistoryKeeper.Kept("uid-1", "ar-1-workflow-1", "ar-1 (deleted)", "fp", "drain_node",
        "Node", "", "n1", Map.of(), Map.of(), ExecutionRecord.State.SUCCEEDED, at, at, false, at.plusSeconds(3600), false);
    HistoryKeeper.Kept rollback = new HistoryKeeper.Kept("uid-2", "ar-1-workflow-1-rollback", "ar-1 (deleted)", "fp",
        "uncordon_node", "Node", "", "n1", Map.of(), Map.of(), ExecutionRecord.State.SUCCEEDED, at, at, false,
        at.plusSeconds(3600), true);
    String stepJson = io.fabric8.kubernetes.client.utils.Serialization.asJson(step);

    assertThat(stepJson).doesNotContain("\"rollback\"");
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(rollback)).contains("\"rollback\":true");
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
        io.fabric8.kubernetes.client.utils.Serialization.asJson(rollback), HistoryKeeper.Kept.class)).isEqualTo(rollback);
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.unmarshal("{\"laterField\":[1]," + stepJson.substring(1),
        HistoryKeeper.Kept.class)).isEqualTo(step);
  }

  @Test
  void aDeletedRemediationsExecutionStillCoolsItsTargetDownForTheNextRemediationOfTheSameName() {
    DisruptionLedger ledger = ledger();
    execution("ar-1", "a", "restart_deployment", deployment("web"), ExecutionPhase.Completed, Duration.ofMinutes(1));
    CachedLedger.settle(ledger, NS);

    assertThat(keep(ledger, "ar-1")).isEqualTo(1);
    deleteExecutionsOf("ar-1", ledger);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledger.count(NS, null, null).executions())
        .singleElement().satisfies(e -> {
          assertThat(e.name()).isEqualTo("ar-1-workflow-a");
          assertThat(e.remediation()).isEqualTo("ar-1 (deleted)");
          assertThat(e.state()).isEqualTo(ExecutionRecord.State.SUCCEEDED);
          assertThat(e.completedAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(1)));
          assertThat(e.fingerprint()).isEqualTo(FINGERPRINT);
        }));
    // The next remediation of the problem gets the same name once the first is gone.
    SafetyVerdict verdict = check(ledger, "ar-1", "restart_deployment", new TargetRef("Deployment", "shop", "web"));
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.reason()).isEqualTo(ConditionReason.Cooldown);
    assertThat(check(ledger, "ar-1", "restart_deployment", new TargetRef("Deployment", "shop", "api")).allowed())
        .as("another target").isTrue();

    clock.advance(Duration.ofMinutes(5));
    assertThat(check(ledger, "ar-1", "restart_deployment", new TargetRef("Deployment", "shop", "web")).allowed())
        .as("after the cooldown").isTrue();
    clock.advance(HORIZON);
    assertThat(ledger.count(NS, null, null).executions()).as("past the horizon it counts no more").isEmpty();
  }

  @Test
  void onlyWhatCanStillChangeAVerdictIsKeptAnActionUnderWayAsInterruptedNow() {
    DisruptionLedger ledger = ledger();
    execution("ar-1", "a", "restart_deployment", deployment("web"), ExecutionPhase.Executing, Duration.ofSeconds(5));
    execution("ar-1", "checked", "restart_deployment", deployment("cache"), ExecutionPhase.Validating, null);
    execution("ar-1", "turned-away", "restart_deployment", deployment("queue"), ExecutionPhase.Executing, null);
    execution("ar-1", "old", "restart_deployment", deployment("db"), ExecutionPhase.Completed, HORIZON.plusMinutes(1));
    execution("ar-1", "dry", "restart_deployment", deployment("api"), ExecutionPhase.Completed, Duration.ZERO,
        spec -> spec.setDryRun(true));
    execution("ar-1", "a-rollback", "rollback_deployment", deployment("web"), ExecutionPhase.Executing, null,
        spec -> {
          spec.setMode(KubernetesExecutionSpec.MODE_ROLLBACK);
          spec.setRollbackOf("ar-1-workflow-a");
        });
    execution("ar-2", "a", "restart_deployment", deployment("web"), ExecutionPhase.Completed, Duration.ZERO);
    CachedLedger.settle(ledger, NS);

    assertThat(keep(ledger, "ar-1")).as("the one whose action was called only").isEqualTo(1);
    deleteExecutionsOf("ar-1", ledger);

    Map<String, String> data = client.configMaps().inNamespace(NS).withName(HistoryKeeper.NAME).get().getData();
    assertThat(data.keySet()).singleElement().satisfies(key -> assertThat(key).startsWith("ar-1-workflow-a."));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledger.count(NS, null, null).executions())
        .filteredOn(e -> e.remediation().equals("ar-1 (deleted)")).singleElement().satisfies(e -> {
          assertThat(e.state()).as("it may have taken effect").isEqualTo(ExecutionRecord.State.INTERRUPTED);
          assertThat(e.completedAt()).isEqualTo(clock.instant());
        }));
    assertThat(keep(ledger, "ar-3")).as("a remediation without executions").isZero();
  }

  @Test
  void anActionInterruptedByItsRemediationsDeletionHoldsItsTargetUntilItsStepsDeadline() {
    DisruptionLedger ledger = ledger();
    KubernetesExecution running = execution("ar-1", "a", "restart_deployment", deployment("web"), ExecutionPhase.Executing,
        Duration.ofMinutes(2), spec -> spec.setTimeout("10m"));
    running.getStatus().setStartTime(clock.instant().minus(Duration.ofMinutes(2)).toString());
    client.resource(running).updateStatus();
    CachedLedger.settle(ledger, NS);
    Instant deadline = clock.instant().plus(Duration.ofMinutes(8));

    assertThat(keep(ledger, "ar-1")).isEqualTo(1);
    deleteExecutionsOf("ar-1", ledger);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledger.count(NS, null, null).executions())
        .singleElement().satisfies(e -> {
          assertThat(e.state()).isEqualTo(ExecutionRecord.State.INTERRUPTED);
          assertThat(e.completedAt()).as("its call may run until its step's deadline").isEqualTo(deadline);
        }));
    TargetRef web = new TargetRef("Deployment", "shop", "web");
    SafetyVerdict busy = check(ledger, "ar-2", "rollout_restart", web);
    assertThat(busy.reason()).as("another action on its target, while it may still run").isEqualTo(ConditionReason.TargetBusy);
    assertThat(busy.until()).isEqualTo(deadline);

    clock.advance(Duration.ofMinutes(8));
    assertThat(check(ledger, "ar-2", "rollout_restart", web).allowed()).as("past the deadline").isTrue();
    assertThat(check(ledger, "ar-2", "restart_deployment", web).reason()).as("its cooldown runs from the deadline")
        .isEqualTo(ConditionReason.Cooldown);
  }

  @Test
  void aDeletedRemediationsDrainCountsAgainstTheNodeBudgetUntilItsHorizon() {
    for (int i = 1; i <= 5; i++) {
      client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-" + i).endMetadata().withNewSpec()
          .withUnschedulable(i == 1).endSpec().withNewStatus().addNewCondition().withType("Ready").withStatus("True")
          .endCondition().endStatus().build()).create();
    }
    DisruptionLedger ledger = ledger();
    execution("ar-1", "a", "drain_node", new ObjectRef("Node", "", "worker-1"), ExecutionPhase.Completed,
        Duration.ofMinutes(1));
    CachedLedger.settle(ledger, NS);
    assertThat(keep(ledger, "ar-1")).isEqualTo(1);
    deleteExecutionsOf("ar-1", ledger);
    await().atMost(Duration.ofSeconds(10)).until(() -> ledger.count(NS, null, null).nodes().size() == 5
        && ledger.count(NS, null, null).executions().size() == 1);

    SafetyVerdict second = check(ledger, "ar-2", "drain_node", new TargetRef("Node", "", "worker-2"));
    assertThat(second.allowed()).as(second.message()).isFalse();
    assertThat(second.reason()).isEqualTo(ConditionReason.DisruptionBudget);
    assertThat(second.message()).contains("worker-1").contains("maxNodesUnavailable");

    clock.advance(HORIZON);
    assertThat(ledger.count(NS, null, null).executions()).as("past its horizon").isEmpty();
    SafetyVerdict later = check(ledger, "ar-2", "drain_node", new TargetRef("Node", "", "worker-2"));
    assertThat(later.allowed()).as(later.message()).isTrue();
  }

  @Test
  void aRecordKeepsWhetherItsWorkflowFailedVerification() {
    DisruptionLedger ledger = ledger();
    execution("ar-1", "a", "restart_deployment", deployment("web"), ExecutionPhase.Completed, Duration.ZERO);
    CachedLedger.settle(ledger, NS);

    assertThat(ledger.history().keep(NS, "ar-1", client.resources(KubernetesExecution.class).inNamespace(NS).list()
        .getItems(), true, HORIZON)).isEqualTo(1);
    deleteExecutionsOf("ar-1", ledger);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ledger.count(NS, null, null).executions())
        .singleElement().satisfies(e -> assertThat(e.failedVerification()).isTrue()));
  }

  @Test
  void aSecondReadKnowingLessChangesNothingKeptAndWritesNothing() {
    DisruptionLedger ledger = ledger();
    KubernetesExecution failed = execution("ar-1", "a", "restart_deployment", deployment("web"), ExecutionPhase.Failed,
        Duration.ofMinutes(1));
    KubernetesExecution underWay = execution("ar-1", "b", "restart_deployment", deployment("api"),
        ExecutionPhase.Executing, Duration.ofSeconds(5));
    HistoryKeeper keeper = ledger.history();
    assertThat(keeper.keep(NS, "ar-1", List.of(failed, underWay), true, HORIZON)).isEqualTo(2);
    String version = client.configMaps().inNamespace(NS).withName(HistoryKeeper.NAME).get().getMetadata()
        .getResourceVersion();
    Map<String, String> first = client.configMaps().inNamespace(NS).withName(HistoryKeeper.NAME).get().getData();

    // Read again a minute later: the workflow that failed verification is gone, the rollback that undid the failed
    // one too (so it reads Completed), and the action is still under way.
    clock.advance(Duration.ofMinutes(1));
    failed.getStatus().setPhase(ExecutionPhase.Completed);
    assertThat(keeper.keep(NS, "ar-1", List.of(failed, underWay), false, HORIZON)).isEqualTo(2);

    var history = client.configMaps().inNamespace(NS).withName(HistoryKeeper.NAME).get();
    assertThat(history.getMetadata().getResourceVersion()).as("nothing written").isEqualTo(version);
    assertThat(history.getData()).isEqualTo(first);
    assertThat(first.values()).allSatisfy(json -> assertThat(json).contains("\"failedVerification\":true"))
        .anySatisfy(json -> assertThat(json).contains("\"state\":\"FAILED\""))
        .anySatisfy(json -> assertThat(json).contains("\"state\":\"INTERRUPTED\""));
  }

  @Test
  void twoReplicasKeepingAtOnceKeepBothRemediationsRecords() throws Exception {
    DisruptionLedger one = ledger();
    DisruptionLedger two = ledger();
    for (int i = 1; i <= 6; i++) {
      execution("ar-" + i, "a", "restart_deployment", deployment("web-" + i), ExecutionPhase.Completed, Duration.ZERO);
    }
    CachedLedger.settle(one, NS);
    CachedLedger.settle(two, NS);

    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<CompletableFuture<Integer>> kept = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        DisruptionLedger replica = i % 2 == 0 ? one : two;
        String remediation = "ar-" + i;
        kept.add(CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return keep(replica, remediation);
        }, pool));
      }
      go.countDown();
      for (CompletableFuture<Integer> k : kept) {
        assertThat(k.get()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(client.configMaps().inNamespace(NS).withName(HistoryKeeper.NAME).get().getData()).hasSize(6);
  }
}
