package io.kubernaut.k8s.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationSpec;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.core.lifecycle.ExecutionConductor;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.signal.TargetRef;
import io.kubernaut.k8s.fakes.InMemoryActionRunner;
import io.kubernaut.k8s.fakes.InMemoryAuditTrail;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.core.safety.SafetyEnvelope;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.kubernaut.k8s.safety.CachedLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesExecutionReconcilerTest {

  static final String NS = "kubernaut-system";

  KubernetesClient client;
  io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;
  private final InMemoryActionRunner runner = new InMemoryActionRunner();
  private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
  private KubernetesExecutionReconciler reconciler;
  /** A catalog that knows no action: each execution's impact is assumed from its target's kind. */
  private static final ActionCatalog CATALOG = new io.kubernaut.k8s.fakes.LookupCatalog(name -> java.util.Optional.empty());
  private PipelinePolicy policy = PipelinePolicy.defaults();

  private io.kubernaut.k8s.safety.DisruptionLedger ledger;
  private io.kubernaut.k8s.runtime.PrimaryRelays relays;

  @org.junit.jupiter.api.AfterEach
  void stopInformers() {
    ledger.informers().close();
  }

  @BeforeEach
  void setUp() {
    ledger = CachedLedger.start(client, NS, CATALOG, Clock.systemUTC());
    relays = io.kubernaut.k8s.runtime.PrimaryRelays.on(client);
    reconciler = new KubernetesExecutionReconciler(ledger, new ExecutionConductor(), new SafetyEnvelope(NS),
        CATALOG, runner, () -> policy, audit, PipelineMetrics.none(), NS,
        relays, Clock.systemUTC());
    workflow = ExecutionFixtures.admittedWorkflow(client, Instant.now());
  }

  private WorkflowExecution workflow;

  private KubernetesExecution create(KubernetesExecutionStatus status) {
    KubernetesExecution kex = ExecutionFixtures.stepOne(workflow, 2);
    kex.getMetadata().setUid("uid-1");
    KubernetesExecution created = client.resource(kex).create();
    if (status != null) {
      created.setStatus(status);
      created = client.resource(created).updateStatus();
    }
    return created;
  }

  private KubernetesExecution reconcileAndRead(KubernetesExecution kex) {
    reconciler.reconcile(kex, null);
    return client.resources(KubernetesExecution.class).inNamespace(NS).withName(kex.getMetadata().getName()).get();
  }

  private static KubernetesExecutionStatus startedBeforeARestart() {
    KubernetesExecutionStatus s = new KubernetesExecutionStatus();
    String before = Instant.now().minusSeconds(30).toString();
    s.setPhase(ExecutionPhase.Executing);
    s.setExecutionId("exec-1");
    s.setAttempts(1);
    s.setStartTime(before);
    s.setActionStartedAt(before);
    s.setPhaseHistory(List.of(new PhaseTransition("Validating", before, "v"), new PhaseTransition("Executing", before, "e")));
    return s;
  }

  @Test
  void aRestartAfterTheActionTookEffectLetsVerifyDecideAndNeverExecutesAgain() {
    runner.effectInPlace = true;
    KubernetesExecution kex = reconcileAndRead(create(startedBeforeARestart()));

    assertThat(runner.executed).isEmpty();
    assertThat(runner.verified).singleElement().satisfies(r -> {
      assertThat(r.executionId()).isEqualTo("exec-1");
      assertThat(r.observedTarget()).as("after a restart the verification reads the target itself").isNull();
    });
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(kex.getStatus().getAttempts()).isEqualTo(1);
    assertThat(kex.getStatus().getMessage()).contains("already in effect").contains("not run again");
    assertThat(kex.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase).endsWith("Completed");

    reconcileAndRead(kex);
    assertThat(runner.executed).as("a completed execution is never redone").isEmpty();
  }

  @Test
  void theEchoOfTheWriteThatEndedItIsNotReconciledButAnyOtherWriteIs() {
    runner.effectInPlace = true;
    KubernetesExecution created = create(startedBeforeARestart());
    KubernetesExecution started = client.resources(KubernetesExecution.class).inNamespace(NS)
        .withName(created.getMetadata().getName()).get();
    KubernetesExecution ended = reconcileAndRead(created);
    assertThat(ended.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);

    assertThat(reconciler.triggers(ended, started)).as("its own write, which ended it").isFalse();
    assertThat(reconciler.triggers(ended, started)).as("an echo is expected once").isTrue();
    assertThat(reconciler.triggers(started, ended)).as("anyone else's write").isTrue();
  }

  @Test
  void theVerificationRightAfterTheCallIsHandedTheObjectTheCallsWriteLeft() {
    Object written = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("api")
        .withNamespace("shop").addToAnnotations("written-marker", "7f3a9c").endMetadata().withNewSpec().withReplicas(2)
        .endSpec().build();
    runner.executeOutcomes.add(new ActionOutcome(ActionStatus.SUCCEEDED, "Scaled.", Map.of("previousReplicas", "3"),
        Map.of(), written));

    KubernetesExecution kex = reconcileAndRead(create(null));

    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(runner.verified).singleElement().satisfies(r -> assertThat(r.observedTarget())
        .as("the API server's answer to the call's write, so the verification need not read the target")
        .isSameAs(written));
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(kex)).as("never stored").doesNotContain("7f3a9c");
    assertThat(audit.events).as("nor audited").isNotEmpty().allSatisfy(e -> assertThat(e.toString()).doesNotContain("7f3a9c"));
  }

  @Test
  void aSkippedCallsObjectIsNotHandedToTheVerification() {
    Object written = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("api")
        .withNamespace("shop").endMetadata().build();
    runner.executeOutcomes.add(new ActionOutcome(ActionStatus.SKIPPED, "Nothing to do.", Map.of(), Map.of(), written));

    reconcileAndRead(create(null));

    assertThat(runner.verified).singleElement().satisfies(r -> assertThat(r.observedTarget())
        .as("only a successful execution's write stands for the target").isNull());
  }

  @Test
  void aCallThatReportsNoResultingTargetLeavesTheVerificationToReadTheTargetItself() {
    runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.SUCCEEDED, "Scaled."));

    KubernetesExecution kex = reconcileAndRead(create(null));

    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(runner.verified).singleElement().satisfies(r -> assertThat(r.observedTarget()).isNull());
  }

  @Test
  void aRestartBeforeTheActionTookEffectRunsItOnceMoreAsTheNextAttemptWithTheSameExecutionId() {
    KubernetesExecution kex = reconcileAndRead(create(startedBeforeARestart()));

    assertThat(runner.executed).singleElement().satisfies(r -> {
      assertThat(r.executionId()).isEqualTo("exec-1");
      assertThat(r.attempt()).isEqualTo(2);
    });
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    // SPI 1.5: every call says when the execution began (its creation, by the API server's clock, before attempt 1),
    // for restart_pod to tell its pod's replacement from a pod attempt 1 never reached
    Instant began = java.time.OffsetDateTime.parse(kex.getMetadata().getCreationTimestamp()).toInstant();
    assertThat(runner.verified).isNotEmpty().allSatisfy(r -> assertThat(r.executionStartedAt()).isEqualTo(began));
    assertThat(runner.executed.get(0).executionStartedAt()).isEqualTo(began);
  }

  @Test
  void theStartIsOnTheApiServerBeforeTheActionIsCalledAndTheRollbackDataAfter() {
    runner.onExecute = request -> {
      KubernetesExecution seen = client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-1").get();
      assertThat(seen.getStatus().getActionStartedAt()).isNotNull();
      assertThat(seen.getStatus().getExecutionId()).isEqualTo(seen.getMetadata().getUid()).isEqualTo(request.executionId());
      assertThat(seen.getStatus().getAttempts()).isEqualTo(1);
    };
    KubernetesExecution kex = reconcileAndRead(create(null));

    assertThat(runner.executed).hasSize(1);
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(kex.getStatus().getRollbackData()).containsEntry("previousReplicas", "3");
    assertThat(kex.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Validating", "Executing", "Verifying", "Completed");
    assertThat(audit.events).singleElement().satisfies(e -> {
      assertThat(e.idempotencyKey()).isEqualTo("ar-1/action/1/succeeded");
      assertThat(e.payload()).containsValue("scale_deployment");
    });
  }

  @Test
  void whatAnActionReportsGoesToItsAuditEventAndStatusKeepsOnlyWhereItIs() {
    String log = "connecting with token=[REDACTED]\nready\n";
    runner.executeOutcomes.add(new ActionOutcome(ActionStatus.SUCCEEDED, "Collected 3 diagnostics.", Map.of(),
        Map.of("logs.app", log, "events", "Warning BackOff: Back-off restarting failed container", "phase", "Running")));

    KubernetesExecution kex = reconcileAndRead(create(null));

    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(audit.events).singleElement().satisfies(e -> assertThat(e.payload())
        .containsEntry("detail.logs.app", log).containsEntry("detail.phase", "Running")
        .containsEntry("detail.events", "Warning BackOff: Back-off restarting failed container"));
    int characters = log.length() + "Warning BackOff: Back-off restarting failed container".length() + "Running".length();
    assertThat(kex.getStatus().getDetails()).containsExactly(Map.entry("auditEvent", "ar-1/action/1/succeeded"),
        Map.entry("entries", "3"), Map.entry("characters", Integer.toString(characters)));
    assertThat(Serialization.asJson(kex.getStatus())).doesNotContain("connecting").doesNotContain("BackOff");
  }

  @Test
  void aRetryableFailureIsVerifiedAndRetriedUntilTheAttemptsRunOut() {
    runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.TIMED_OUT, "Hung."));
    runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.FAILED_RETRYABLE, "Busy."));
    KubernetesExecution kex = reconcileAndRead(create(null));
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Executing);
    assertThat(kex.getStatus().getAttempts()).isEqualTo(1);

    kex = reconcileAndRead(kex);
    assertThat(runner.verified).as("verified before the retry").hasSize(1);
    assertThat(runner.executed).hasSize(2);
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(kex.getStatus().getMessage()).contains("attempt 2 of 2");
    assertThat(audit.events).extracting(e -> e.idempotencyKey())
        .containsExactly("ar-1/action/1/timed_out", "ar-1/action/1/failed_retryable-attempt-2");
  }

  @Test
  void callsTheActionHostDidNotStartTakeTheirMarkBackAndSpendNoAttempt() {
    for (int i = 0; i < 3; i++) { // more turn-aways than the two attempts the step may make
      runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.NOT_STARTED,
          "The execute of scale_deployment on Deployment/shop/api was not started: all 8 threads are busy."));
    }
    List<KubernetesExecution> marks = new java.util.ArrayList<>();
    runner.onExecute = request -> marks.add(client.resources(KubernetesExecution.class).inNamespace(NS)
        .withName("ar-1-workflow-1").get());
    KubernetesExecution kex = create(null);
    for (int i = 0; i < 3; i++) {
      kex = reconcileAndRead(kex);
      assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Executing);
      assertThat(java.util.Objects.requireNonNullElse(kex.getStatus().getAttempts(), 0))
          .as("no attempt counted after turn-away %d", i + 1).isZero();
      assertThat(kex.getStatus().getActionStartedAt()).as("the start mark is taken back").isNull();
      assertThat(kex.getStatus().getMessage()).contains("was not started").contains("Attempt 1 counts as no attempt");
    }
    assertThat(marks).as("each call was marked on the API server before it was made").hasSize(3)
        .allSatisfy(m -> assertThat(m.getStatus().getActionStartedAt()).isNotNull());
    assertThat(runner.verified).as("nothing ran, so there is nothing to verify").isEmpty();
    assertThat(audit.events).as("nothing ran, so no attempt is audited").isEmpty();

    kex = reconcileAndRead(kex);
    assertThat(runner.executed).hasSize(4);
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(kex.getStatus().getAttempts()).isEqualTo(1);
    assertThat(audit.events).extracting(e -> e.idempotencyKey()).containsExactly("ar-1/action/1/succeeded");
  }

  @Test
  void aCallThePluginHasNoRoomForIsNotMadeAndWritesNoMarkNorTheSameMessageAgain() {
    runner.noRoomFor.add("scale_deployment");

    KubernetesExecution kex = reconcileAndRead(create(null));
    assertThat(runner.executed).as("a call that would not start is not made").isEmpty();
    assertThat(kex.getStatus().getActionStartedAt()).as("nor is a start mark written for it").isNull();
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Executing);
    assertThat(kex.getStatus().getMessage()).contains("every thread of its plugin is busy")
        .contains("Attempt 1 counts as no attempt");
    String written = kex.getMetadata().getResourceVersion();
    kex = reconcileAndRead(kex); // tried again, the plugin still full
    assertThat(kex.getMetadata().getResourceVersion()).as("turned away again: nothing new to write").isEqualTo(written);

    runner.noRoomFor.clear();
    kex = reconcileAndRead(kex);
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(runner.executed).hasSize(1);
    assertThat(kex.getStatus().getAttempts()).isEqualTo(1);
  }

  @Test
  void aStoppingReplicaStartsNoCallAndLeavesTheStepForTheReplicaThatReconcilesNext() {
    reconciler.refuseNewCalls(); // a stop began, or the Lease was lost

    KubernetesExecution kex = reconcileAndRead(create(null));
    assertThat(runner.executed).as("no call starts once the replica is stopping").isEmpty();
    assertThat(kex.getStatus().getActionStartedAt()).as("nor is a start mark written for it").isNull();
    assertThat(java.util.Objects.requireNonNullElse(kex.getStatus().getAttempts(), 0)).isZero();
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Executing);
    assertThat(kex.getStatus().getMessage()).contains("this replica is stopping")
        .contains("Attempt 1 counts as no attempt");
    assertThat(audit.events).as("nothing ran, so no attempt is audited").isEmpty();
  }

  @Test
  void aRetryTheActionHostDidNotStartLeavesTheFailedAttemptsMarkForTheNextVerification() {
    runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.FAILED_RETRYABLE, "Busy."));
    runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.NOT_STARTED, "The execute was not started: all 8 threads are busy."));
    KubernetesExecution kex = reconcileAndRead(create(null));
    String firstMark = kex.getStatus().getActionStartedAt();
    assertThat(kex.getStatus().getAttempts()).isEqualTo(1);
    assertThat(firstMark).isNotNull();

    kex = reconcileAndRead(kex);
    assertThat(runner.executed).hasSize(2);
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Executing);
    assertThat(kex.getStatus().getAttempts()).as("the turned-away retry is no attempt").isEqualTo(1);
    assertThat(kex.getStatus().getActionStartedAt()).as("the first attempt's mark is back").isEqualTo(firstMark);
    assertThat(kex.getStatus().getMessage()).contains("Attempt 2 counts as no attempt");

    kex = reconcileAndRead(kex);
    assertThat(runner.verified).as("verified before each retry").hasSize(3);
    assertThat(runner.executed).hasSize(3);
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(kex.getStatus().getAttempts()).as("the last of its two attempts succeeded").isEqualTo(2);
    assertThat(audit.events).extracting(e -> e.idempotencyKey())
        .containsExactly("ar-1/action/1/failed_retryable", "ar-1/action/1/succeeded-attempt-2");
  }

  @Test
  void statusKeepsEachAuditedAttemptSoThatItsActionEventIsReprojectedUnderTheLiveKey() {
    runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.TIMED_OUT, "Hung."));
    runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.FAILED_RETRYABLE, "Busy."));
    KubernetesExecution kex = reconcileAndRead(reconcileAndRead(create(null)));
    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get();

    var projected = KubernetesExecutionAudit.projection(ar, kex);

    assertThat(kex.getStatus().getAttemptOutcomes()).extracting(o -> o.getAttempt() + " " + o.getOutcome())
        .containsExactly("1 TIMED_OUT", "2 FAILED_RETRYABLE");
    assertThat(projected).extracting(e -> e.idempotencyKey())
        .containsExactlyElementsOf(audit.events.stream().map(e -> e.idempotencyKey()).toList());
    assertThat(projected).extracting(e -> e.payload().get("message")).containsExactly("Hung.", "Busy.");
    assertThat(projected.get(1).occurredAt()).isEqualTo(audit.events.get(1).occurredAt());
  }

  @Test
  void aPermanentFailureFailsTheStepAtOnce() {
    runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.FAILED_PERMANENT, "The plugin threw."));
    KubernetesExecution kex = reconcileAndRead(create(null));
    assertThat(runner.executed).hasSize(1);
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(kex.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ActionFailed"));
  }

  private KubernetesExecution createRollback(KubernetesExecutionStatus status) {
    return createRollback(status, Map.of("previousReplicas", "3"));
  }

  /** The rollback of step 1's completed run, which recorded previousReplicas=3, restoring {@code data}. */
  private KubernetesExecution createRollback(KubernetesExecutionStatus status, Map<String, String> data) {
    return createRollback(status, data, false);
  }

  /** As above; with {@code aSecondLater}, the rollback is created in a later second than the run it undoes. */
  private KubernetesExecution createRollback(KubernetesExecutionStatus status, Map<String, String> data,
      boolean aSecondLater) {
    KubernetesExecutionStatus done = new KubernetesExecutionStatus();
    done.setPhase(ExecutionPhase.Completed);
    done.setPhaseHistory(List.of(new PhaseTransition("Completed", Instant.now().toString(), "done")));
    KubernetesExecution undone = create(done);
    // What the run's controller records: its rollback data, sealed as this reconciler's (bound to the run's uid).
    undone.getStatus().setRollbackData(Map.of("previousReplicas", "3"));
    undone.getStatus().setRollbackDataSeal(relays.sealer().sealField(undone, "rollbackData",
        undone.getStatus().getRollbackData()));
    undone = client.resource(undone).updateStatus();
    if (aSecondLater) {
      Instant undoneCreated = java.time.OffsetDateTime.parse(undone.getMetadata().getCreationTimestamp()).toInstant();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).pollInterval(java.time.Duration.ofMillis(20))
          .until(() -> Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).isAfter(undoneCreated));
    }
    workflow = ExecutionFixtures.decideRollback(client, workflow);
    KubernetesExecution kex = ExecutionFixtures.stepOne(workflow, 2);
    kex.setMetadata(Children.ownedBy(workflow, "ar-1-workflow-1-rollback"));
    kex.getMetadata().setUid("uid-2");
    KubernetesExecutionSpec spec = kex.getSpec();
    spec.setMode(KubernetesExecutionSpec.MODE_ROLLBACK);
    spec.setRollbackOf("ar-1-workflow-1");
    spec.setRollbackData(data);
    KubernetesExecution created = client.resource(kex).create();
    if (status != null) {
      created.setStatus(status);
      created = client.resource(created).updateStatus();
    }
    return created;
  }

  @Test
  void aRollbackExecutionIsMarkedThenCallsTheRollbackWithTheRecordedDataAndIsAuditedOnce() {
    runner.effectInPlace = true;
    runner.onExecute = request -> {
      throw new AssertionError("a rollback never executes the action");
    };
    KubernetesExecution kex = reconcileAndRead(createRollback(null));

    assertThat(runner.rolledBack).containsExactly("scale_deployment@api");
    assertThat(runner.rollbackDataSeen).containsExactly(Map.of("previousReplicas", "3"));
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(kex.getStatus().getAttempts()).isEqualTo(1);
    assertThat(kex.getStatus().getActionStartedAt()).isNotNull();
    assertThat(kex.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("RolledBack"));
    assertThat(audit.events).singleElement().satisfies(e -> assertThat(e.idempotencyKey())
        .isEqualTo("ar-1/action/1/rollback-succeeded"));

    reconcileAndRead(kex);
    assertThat(runner.rolledBack).as("an ended rollback is never redone").hasSize(1);
  }

  /**
   * The effect a rollback looks for is the undone step's, which the actions mark with that step's
   * execution id: verified under the rollback's own id, an action that checks its mark (increase_resources,
   * rollback_deployment) always answered "not in effect", so an interrupted rollback was taken as done.
   */
  @Test
  void aRollbackVerifiesTheUndoneStepsEffectUnderThatStepsExecutionId() {
    runner.effectInPlace = true;
    reconcileAndRead(createRollback(startedBeforeARestart()));
    String undone = KubernetesExecutionRequests.executionId(client.resources(KubernetesExecution.class).inNamespace(NS)
        .withName("ar-1-workflow-1").get());

    assertThat(runner.verified).isNotEmpty().allSatisfy(r -> assertThat(r.executionId()).isEqualTo(undone)
        .isNotEqualTo("exec-1"));
  }

  /**
   * And it began when that step began: a StatefulSet's pod the undone restart_pod replaced was created after
   * the undone run, before the rollback; with the rollback's own start the replacement would look untouched.
   */
  @Test
  void aRollbackVerifiesTheUndoneStepsEffectFromWhenThatStepBegan() {
    runner.effectInPlace = true;
    KubernetesExecution rollback = createRollback(startedBeforeARestart(), Map.of("previousReplicas", "3"), true);
    KubernetesExecution undone = client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-1")
        .get();
    reconcileAndRead(rollback);

    Instant undoneBegan = java.time.OffsetDateTime.parse(undone.getMetadata().getCreationTimestamp()).toInstant();
    assertThat(undoneBegan).isBefore(java.time.OffsetDateTime.parse(rollback.getMetadata().getCreationTimestamp())
        .toInstant());
    assertThat(runner.verified).isNotEmpty().allSatisfy(r -> assertThat(r.executionStartedAt()).isEqualTo(undoneBegan));
  }

  @Test
  void aRollbackInterruptedAfterItsStartMarkIsNotCalledAgainWhenTheEffectIsAlreadyGone() {
    runner.effectInPlace = false;
    KubernetesExecution kex = reconcileAndRead(createRollback(startedBeforeARestart()));

    assertThat(runner.rolledBack).isEmpty();
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(audit.events).singleElement().satisfies(e -> assertThat(e.idempotencyKey())
        .isEqualTo("ar-1/action/1/rollback-verified-after-restart"));
  }

  @Test
  void aRollbackInterruptedBeforeItTookEffectIsCalledOnceMoreAsTheNextAttempt() {
    runner.effectInPlace = true;
    KubernetesExecution kex = reconcileAndRead(createRollback(startedBeforeARestart()));

    assertThat(runner.rolledBack).hasSize(1);
    assertThat(kex.getStatus().getAttempts()).isEqualTo(2);
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
  }

  @Test
  void theKillSwitchStopsAnExecutionBeforeItsFirstAttempt() {
    policy = new PipelinePolicy(policy.timeouts(), policy.retention(), false, true, policy.gates(), policy.safety());
    KubernetesExecution kex = reconcileAndRead(create(null));

    assertThat(runner.executed).isEmpty();
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(kex.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("KillSwitch"));
    assertThat(kex.getStatus().getMessage()).contains("kill switch");
  }

  @Test
  void aBudgetSpentSinceAdmissionStopsTheRetryAndCountsEveryOtherExecutionButNotItself() {
    var d = io.kubernaut.ports.safety.DisruptionBudget.defaults();
    var oneAnHour = new io.kubernaut.ports.safety.SafetyPolicy(policy.safety().fallback(), Map.of(),
        policy.safety().protectedNamespaces(), new io.kubernaut.ports.safety.DisruptionBudget(d.maxNodesUnavailable(),
            d.minHealthyNodes(), 1, Map.of(), 0));
    policy = new PipelinePolicy(policy.timeouts(), policy.retention(), false, false, policy.gates(), oneAnHour);
    runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.FAILED_RETRYABLE, "Busy."));
    KubernetesExecution kex = reconcileAndRead(create(null));
    assertThat(runner.executed).as("alone within the hour, the first attempt runs").hasSize(1);

    KubernetesExecution other = handMade("scale_deployment", new ObjectRef("Deployment", "web", "front"), false);
    CachedLedger.settle(ledger, NS);
    kex = reconcileAndRead(kex);

    assertThat(runner.executed).as("the retry was refused").hasSize(1);
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(kex.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("DisruptionBudget"));
    assertThat(kex.getStatus().getMessage()).contains("maxActionsPerHour 1").contains("Earlier attempts may have taken effect");
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("DisruptionBudget"));
    assertThat(other).isNotNull();
  }

  private KubernetesExecution handMade(String action, ObjectRef target, boolean owned) {
    return handMade("hand-made", "ar-1", action, target, owned);
  }

  private KubernetesExecution handMade(String name, String remediation, String action, ObjectRef target, boolean owned) {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(owned ? Children.ownedBy(workflow, name) : new ObjectMetaBuilder().withName(name)
        .withNamespace(NS).build());
    KubernetesExecutionSpec spec = new KubernetesExecutionSpec();
    spec.setRemediationRef(new RemediationRef(remediation));
    spec.setWorkflow(remediation + "-workflow");
    spec.setStep("1");
    spec.setAction(action);
    spec.setTarget(target);
    kex.setSpec(spec);
    return client.resource(kex).create();
  }

  @Test
  void aHandMadeExecutionWithoutAWorkflowIsRejectedWithAWarningEventAndNothingRuns() {
    KubernetesExecution kex = reconcileAndRead(handMade("delete_pod", new ObjectRef("Pod", "kube-system", "coredns-1"), false));

    assertThat(runner.executed).isEmpty();
    assertThat(runner.dryRuns).isEmpty();
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(kex.getStatus().getAttempts()).isNull();
    assertThat(kex.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    assertThat(kex.getStatus().getMessage()).contains("no WorkflowExecution owns it").contains("Nothing was run.");
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("Rejected");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("hand-made");
    });
  }

  @Test
  void aHandMadeExecutionNamingNoRemediationThatExistsIsRejectedAndItsRefusalIsAuditedUnderAnIdOfItsOwn() {
    KubernetesExecution kex = reconcileAndRead(handMade("orphan", "no-such-remediation", "delete_pod",
        new ObjectRef("Pod", "kube-system", "coredns-1"), false));

    assertThat(runner.executed).isEmpty();
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(kex.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    String id = Children.unownedId("KubernetesExecution", NS, "orphan");
    assertThat(id).matches("unowned-kubernetesexecution-[0-9a-f]{12}");
    assertThat(audit.events).as("the refusal is in the audit trail though no remediation exists to key it by")
        .singleElement().satisfies(e -> {
          assertThat(e.type()).isEqualTo(io.kubernaut.ports.audit.AuditEventType.BLOCK);
          assertThat(e.remediationId()).isEqualTo(id);
          assertThat(e.idempotencyKey()).isEqualTo(id + "/refusal/KubernetesExecution/orphan");
          assertThat(e.payload()).containsEntry("rule", "Rejected").containsEntry("resourceName", "orphan")
              .containsKey("createdBy");
        });
  }

  @Test
  void aRefusalWhoseRemediationCannotBeReadFailsTheReconcileAndIsAuditedUnderTheRemediationOnceItCanBe() {
    KubernetesExecution kex = handMade("refused", "ar-1", "delete_pod", new ObjectRef("Pod", "kube-system", "coredns-1"),
        false);
    String path = "/apis/" + io.fabric8.kubernetes.api.model.HasMetadata.getGroup(AlertRemediation.class) + "/"
        + io.fabric8.kubernetes.api.model.HasMetadata.getVersion(AlertRemediation.class) + "/namespaces/" + NS
        + "/alertremediations/ar-1";
    server.expect().get().withPath(path).andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}")
        .once();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reconciler.reconcile(kex, null))
        .as("a remediation that could not be read is not taken for one that does not exist")
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
    assertThat(audit.events).as("no refusal keyed by an id of its own").isEmpty();
    KubernetesExecution unchanged = client.resources(KubernetesExecution.class).inNamespace(NS).withName("refused").get();
    assertThat(unchanged.getStatus() == null ? null : unchanged.getStatus().getPhase())
        .as("nothing is written until the refusal can be audited").isNotEqualTo(ExecutionPhase.Failed);

    KubernetesExecution retried = reconcileAndRead(unchanged);

    assertThat(runner.executed).isEmpty();
    assertThat(retried.getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(audit.events).as("the retry audits the refusal under the remediation it names, which exists")
        .singleElement().satisfies(e -> {
          assertThat(e.type()).isEqualTo(io.kubernaut.ports.audit.AuditEventType.BLOCK);
          assertThat(e.remediationId()).isEqualTo("ar-1");
        });
  }

  @Test
  void anExecutionItsWorkflowDidNotPlanIsRejectedEvenWithAGenuineOwnerReference() {
    KubernetesExecution kex = reconcileAndRead(handMade("delete_pod", new ObjectRef("Pod", "kube-system", "coredns-1"), true));

    assertThat(runner.executed).isEmpty();
    assertThat(kex.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    assertThat(kex.getStatus().getMessage()).contains("did not plan this step");
  }

  private void assertRejected(KubernetesExecution kex, String because) {
    assertThat(runner.executed).isEmpty();
    assertThat(runner.rolledBack).isEmpty();
    assertThat(runner.dryRuns).isEmpty();
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(kex.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    assertThat(kex.getStatus().getMessage()).contains(because).contains("Nothing was run.");
    assertThat(audit.events).as("the refusal is in the audit trail, with who created the execution")
        .singleElement().satisfies(e -> {
          assertThat(e.type()).isEqualTo(io.kubernaut.ports.audit.AuditEventType.BLOCK);
          assertThat(e.idempotencyKey()).isEqualTo("ar-1/refusal/KubernetesExecution/" + kex.getMetadata().getName());
          assertThat(e.payload()).containsEntry("rule", "Rejected").containsKey("createdBy");
          assertThat(e.payload().get("message")).contains(because);
        });
  }

  private void endWorkflow(WorkflowExecution wfe, io.kubernaut.ports.pipeline.WorkflowPhase phase) {
    wfe.getStatus().setPhase(phase);
    wfe.getStatus().setPhaseHistory(io.kubernaut.k8s.status.StatusPatches.withTransition(wfe.getStatus(), phase.name(),
        Instant.now(), "ended"));
    client.resource(wfe).updateStatus();
    // The reconciler trusts a cached workflow that still runs: the test acts once the cache has seen the end.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      WorkflowExecution cached = ledger.informers().workflow(NS, wfe.getMetadata().getName());
      return cached != null && cached.getStatus() != null && cached.getStatus().getPhase() == phase;
    });
  }

  @Test
  void aHandMadeExecutionOfAPlannedStepWithOtherParametersIsRejected() {
    // The workflow's owner reference, step, action and target, but 500 replicas where the plan says 4.
    KubernetesExecution kex = ExecutionFixtures.stepOne(workflow, 2);
    kex.getSpec().setParameters(Map.of("replicas", "500"));
    assertRejected(reconcileAndRead(client.resource(kex).create()), "did not plan this step with this name, action, "
        + "target, parameters, attempts and timeout");
  }

  @Test
  void aHandMadeExecutionOfAPlannedStepUnderAnotherNameIsRejected() {
    KubernetesExecution kex = ExecutionFixtures.stepOne(workflow, 2);
    kex.setMetadata(Children.ownedBy(workflow, "hand-made"));
    assertRejected(reconcileAndRead(client.resource(kex).create()), "did not plan this step");
  }

  @Test
  void anExecutionWithMoreAttemptsThanThePolicyAllowsIsRejected() {
    KubernetesExecution kex = ExecutionFixtures.stepOne(workflow, 50);
    assertRejected(reconcileAndRead(client.resource(kex).create()), "did not plan this step");
  }

  @Test
  void anExecutionWithALongerTimeoutThanThePolicysStepTimeoutIsRejected() {
    // The policy's step timeout is 10 minutes (the default); ten days would hold the step, its target and its silence.
    KubernetesExecution kex = ExecutionFixtures.stepOne(workflow, 2);
    kex.getSpec().setTimeout("864000s");
    assertRejected(reconcileAndRead(client.resource(kex).create()), "did not plan this step");
  }

  @Test
  void anExecutionThatHasNotStartedIsRejectedOnceItsWorkflowHasEnded() {
    WorkflowExecution ended = client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();
    endWorkflow(ended, io.kubernaut.ports.pipeline.WorkflowPhase.Completed);
    assertRejected(reconcileAndRead(create(null)), "has ended and starts no more steps");
  }

  @Test
  void anExecutionAlreadyUnderWayGoesOnWhenItsWorkflowHasEndedMeanwhile() {
    runner.effectInPlace = true;
    WorkflowExecution ended = client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();
    endWorkflow(ended, io.kubernaut.ports.pipeline.WorkflowPhase.Failed);
    KubernetesExecution kex = reconcileAndRead(create(startedBeforeARestart()));
    assertThat(kex.getStatus().getConditions()).noneSatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
  }

  @Test
  void anExecutionUnderWayWhoseWorkflowWasStoppedMakesNoFurtherAttempt() {
    // Attempt 1 was made (its mark is in status) and did not take effect; then the remediation was cancelled.
    WorkflowExecution stopped = client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();
    endWorkflow(stopped, io.kubernaut.ports.pipeline.WorkflowPhase.Failed);

    KubernetesExecution kex = reconcileAndRead(create(startedBeforeARestart()));

    assertThat(runner.verified).as("the attempt made is verified").hasSize(1);
    assertThat(runner.executed).as("no retry after the workflow ended").isEmpty();
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
    assertThat(kex.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ParentEnded"));
    assertThat(kex.getStatus().getMessage()).contains("makes no further attempt");
  }

  @Test
  void aRollbackAfterAFailedVerificationRunsWhileItsWorkflowMonitors() {
    runner.effectInPlace = true;
    WorkflowExecution monitoring = client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();
    endWorkflow(monitoring, io.kubernaut.ports.pipeline.WorkflowPhase.Monitoring);
    KubernetesExecution kex = reconcileAndRead(createRollback(null));
    assertThat(runner.rolledBack).containsExactly("scale_deployment@api");
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
  }

  @Test
  void aRollbackRestoringOtherDataThanTheUndoneRunRecordedIsRejected() {
    assertRejected(reconcileAndRead(createRollback(null, Map.of("previousReplicas", "0"))),
        "did not plan this rollback with what the undone run recorded");
  }

  /**
   * Someone able to write the run's status changes the rollback data it recorded (500 replicas where it recorded 3),
   * and a rollback carrying the same data is made: the data's seal does not verify, so it is refused, nothing restored.
   */
  @Test
  void aRollbackOfDataWrittenIntoTheUndoneRunsStatusByHandIsRejected() {
    KubernetesExecution rollback = createRollback(null, Map.of("previousReplicas", "500"));
    KubernetesExecution undone = client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-1")
        .get();
    undone.getStatus().setRollbackData(Map.of("previousReplicas", "500"));
    client.resource(undone).updateStatus();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      KubernetesExecution cached = ledger.informers().execution(NS, "ar-1-workflow-1");
      return cached != null && "500".equals(cached.getStatus().getRollbackData().get("previousReplicas"));
    });

    assertRejected(reconcileAndRead(rollback), "did not plan this rollback with what the undone run recorded");
  }

  /**
   * Exactly what the workflow would build for its step, made by hand before the workflow started the step (its status
   * names no execution for it: a pending or skipped step): refused, nothing run.
   */
  @Test
  void anExecutionOfAStepTheWorkflowHasNotStartedIsRejected() {
    WorkflowExecution current = client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();
    current.getStatus().getSteps().get(0).setExecution(null);
    current.getStatus().getSteps().get(0).setPhase("Pending");
    workflow = client.resource(current).updateStatus();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      WorkflowExecution cached = ledger.informers().workflow(NS, "ar-1-workflow");
      return cached != null && cached.getStatus().getSteps().get(0).getExecution() == null;
    });

    assertRejected(reconcileAndRead(client.resource(ExecutionFixtures.stepOne(workflow, 2)).create()),
        "or has not started it");
  }

  /**
   * The rollback the workflow would build for its completed step, made by hand while the workflow decided no rollback
   * (its status names none): refused, nothing restored.
   */
  @Test
  void aRollbackTheWorkflowDidNotDecideIsRejected() {
    KubernetesExecution rollback = createRollback(null);
    undecideRollback();

    assertRejected(reconcileAndRead(rollback), "or did not decide it");
  }

  /** The workflow's status names no rollback of step 1 (as before it decides one), and the cache has seen it. */
  private void undecideRollback() {
    WorkflowExecution current = client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();
    current.getStatus().getSteps().get(0).setRollback(null);
    client.resource(current).updateStatus();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      WorkflowExecution cached = ledger.informers().workflow(NS, "ar-1-workflow");
      return cached != null && cached.getStatus().getSteps().get(0).getRollback() == null;
    });
  }

  /**
   * The same hand-made rollback with a status claiming it started (phase Validating, written by hand): a name is checked
   * whatever phase the execution's own status claims, so it is refused all the same.
   */
  @Test
  void aRollbackTheWorkflowDidNotDecideIsRejectedEvenWithAStatusClaimingItStarted() {
    KubernetesExecutionStatus claimed = new KubernetesExecutionStatus();
    claimed.setPhase(ExecutionPhase.Validating);
    KubernetesExecution rollback = createRollback(claimed);
    undecideRollback();

    assertRejected(reconcileAndRead(rollback), "or did not decide it");
  }

  /**
   * The rollback data removed from the completed run's status (data and seal): a run's controller seals its data when
   * the action returns, none included, so a run without a seal is not taken for one that recorded nothing.
   */
  @Test
  void aRollbackOfARunWhoseRecordedDataWasRemovedIsRejected() {
    KubernetesExecution rollback = createRollback(null, null);
    KubernetesExecution undone = client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-1")
        .get();
    undone.getStatus().setRollbackData(null);
    undone.getStatus().setRollbackDataSeal(null);
    client.resource(undone).updateStatus();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      KubernetesExecution cached = ledger.informers().execution(NS, "ar-1-workflow-1");
      return cached != null && cached.getStatus().getRollbackDataSeal() == null;
    });

    assertRejected(reconcileAndRead(rollback), "did not plan this rollback with what the undone run recorded");
  }

  @Test
  void aProtectedNamespaceRefusesTheAttemptEvenForAPlannedStep() {
    policy = new PipelinePolicy(policy.timeouts(), policy.retention(), false, false, policy.gates(),
        new io.kubernaut.ports.safety.SafetyPolicy(policy.safety().fallback(), policy.safety().byEnvironment(), Set.of("shop")));
    KubernetesExecution kex = reconcileAndRead(create(null));

    assertThat(runner.executed).isEmpty();
    assertThat(kex.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ProtectedNamespace"));
  }
}
