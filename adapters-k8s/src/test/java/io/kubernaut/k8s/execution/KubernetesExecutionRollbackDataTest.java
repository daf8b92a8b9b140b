package io.kubernaut.k8s.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.core.lifecycle.ExecutionConductor;
import io.kubernaut.core.safety.SafetyEnvelope;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.kubernaut.k8s.fakes.InMemoryActionRunner;
import io.kubernaut.k8s.fakes.InMemoryAuditTrail;
import io.kubernaut.k8s.fakes.LookupCatalog;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.safety.CachedLedger;
import io.kubernaut.k8s.safety.DisruptionLedger;
import io.kubernaut.k8s.status.StatusSealer;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollback data of a step is on the API server with its start mark, read before the action
 * changes anything: an operator that dies after the change but before its result is written leaves
 * a step that, verified after the restart, can still be rolled back. On the embedded API server.
 */
class KubernetesExecutionRollbackDataTest {

  private static final String NS = ExecutionFixtures.NS;
  private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");

  private EmbeddedApiServer server;
  private KubernetesClient client;
  private DisruptionLedger ledger;
  private final InMemoryActionRunner runner = new InMemoryActionRunner();
  private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
  /** The key every replica and restart derives from the audit key: one for the test. */
  private final StatusSealer sealer = StatusSealer.random();
  private boolean scaleCanBeRolledBack = true;
  private final ActionCatalog catalog = new LookupCatalog(name -> name.equals("scale_deployment")
      ? Optional.of(new ActionInfo(name, "1.0.0", ActionRisk.MEDIUM, "", "builtin", true, scaleCanBeRolledBack,
          List.of(), Set.of("Deployment")))
      : Optional.empty());

  @BeforeEach
  void start(@TempDir Path dir) {
    server = new EmbeddedApiServer(dir, NS, 0).start();
    client = server.client();
    ledger = CachedLedger.start(client, NS, catalog, Clock.systemUTC());
    client.resource(new DeploymentBuilder().withNewMetadata().withName("api").withNamespace("shop").endMetadata()
        .withNewSpec().withReplicas(2).endSpec().build()).create();
  }

  @AfterEach
  void stop() {
    ledger.informers().close();
    server.close();
  }

  /** A replica's execution controller; a new one after a restart. */
  private KubernetesExecutionReconciler reconciler() {
    return new KubernetesExecutionReconciler(ledger, new ExecutionConductor(), new SafetyEnvelope(NS), catalog, runner,
        PipelinePolicy::defaults, audit, PipelineMetrics.none(), NS, PrimaryRelays.on(client, sealer),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Whether {@code kex}'s rollback data carries its controller's seal (a restarted one: the same key). */
  private boolean sealed(KubernetesExecution kex) {
    return sealer.brokenField(kex, "rollbackData", kex.getStatus().getRollbackData(),
        kex.getStatus().getRollbackDataSeal()).isEmpty() && kex.getStatus().getRollbackDataSeal() != null;
  }

  private KubernetesExecution current(KubernetesExecution kex) {
    return client.resources(KubernetesExecution.class).inNamespace(NS).withName(kex.getMetadata().getName()).get();
  }

  @Test
  void anOperatorThatDiesAfterTheChangeLeavesAStepVerifiedAfterTheRestartWithItsRollbackData() {
    KubernetesExecution kex = client.resource(ExecutionFixtures.stepOne(ExecutionFixtures.admittedWorkflow(client, NOW), 3))
        .create();
    runner.prepareOutcome = new ActionOutcome(ActionStatus.SUCCEEDED, "Prepared.", Map.of("previousReplicas", "2"), Map.of());
    runner.onExecute = request -> {
      KubernetesExecution seen = current(kex);
      assertThat(seen.getStatus().getActionStartedAt()).as("the start mark").isNotNull();
      assertThat(seen.getStatus().getRollbackData()).as("written with the mark, before the call")
          .isEqualTo(Map.of("previousReplicas", "2"));
      runner.effectInPlace = true; // the action changed the Deployment ...
      throw new IllegalStateException("the operator process dies here"); // ... and nothing after it is written
    };

    assertThatThrownBy(() -> reconciler().reconcile(kex, null)).hasMessageContaining("dies here");

    assertThat(runner.prepared).singleElement().satisfies(r -> assertThat(r.observedTarget())
        .as("the target, read just before").isInstanceOfSatisfying(Deployment.class,
            d -> assertThat(d.getSpec().getReplicas()).isEqualTo(2)));
    assertThat(runner.executed).singleElement().satisfies(r -> assertThat(r.observedTarget())
        .as("the same read handed to the call: no second read of the target")
        .isSameAs(runner.prepared.get(0).observedTarget()));

    runner.onExecute = request -> { };
    reconciler().reconcile(current(kex), null); // the restarted operator

    KubernetesExecution after = current(kex);
    assertThat(runner.executed).as("not run again").hasSize(1);
    assertThat(runner.prepared).as("nor prepared again").hasSize(1);
    assertThat(after.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(after.getStatus().getRollbackData()).as("what a rollback of this step is given")
        .isEqualTo(Map.of("previousReplicas", "2"));
    assertThat(sealed(after)).as("sealed when written with the mark").isTrue();
    assertThat(audit.events).map(AuditEvent::idempotencyKey).anyMatch(k -> k.endsWith("/verified-after-restart"));
  }

  @Test
  void aStopThatBeginsWhileTheCallIsPreparedMakesNoCallAndTakesTheMarkBack() {
    KubernetesExecution kex = client.resource(ExecutionFixtures.stepOne(ExecutionFixtures.admittedWorkflow(client, NOW), 3))
        .create();
    KubernetesExecutionReconciler reconciler = reconciler();
    runner.prepareOutcome = new ActionOutcome(ActionStatus.SUCCEEDED, "Prepared.", Map.of("previousReplicas", "2"), Map.of());
    runner.onPrepare = request -> reconciler.refuseNewCalls(); // SIGTERM arrives during the preparation's read

    reconciler.reconcile(kex, null);

    KubernetesExecution after = current(kex);
    assertThat(runner.prepared).hasSize(1);
    assertThat(runner.executed).as("the call is not made once the stop began").isEmpty();
    assertThat(after.getStatus().getActionStartedAt()).as("the start mark written meanwhile is taken back").isNull();
    assertThat(java.util.Objects.requireNonNullElse(after.getStatus().getAttempts(), 0)).isZero();
    assertThat(after.getStatus().getRollbackData()).as("nothing changed, nothing to roll back").isNull();
    assertThat(after.getStatus().getMessage()).contains("this replica is stopping");

    runner.onPrepare = request -> { };
    reconciler().reconcile(current(kex), null); // the replica that reconciles next
    assertThat(runner.executed).hasSize(1);
    assertThat(current(kex).getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(current(kex).getStatus().getAttempts()).isEqualTo(1);
  }

  /**
   * A step prepared with 2 replicas to restore whose first attempt fails after it may have changed something; the retry
   * finds 4 replicas already.
   */
  private KubernetesExecution failingOnce() {
    KubernetesExecution kex = client.resource(ExecutionFixtures.stepOne(ExecutionFixtures.admittedWorkflow(client, NOW), 3))
        .create();
    runner.prepareOutcome = new ActionOutcome(ActionStatus.SUCCEEDED, "Prepared.", Map.of("previousReplicas", "2"), Map.of());
    runner.executeOutcomes.add(ActionOutcome.of(ActionStatus.FAILED_RETRYABLE, "The API server went away."));
    runner.executeOutcomes.add(new ActionOutcome(ActionStatus.SUCCEEDED, "Already 4 replicas.",
        Map.of("previousReplicas", "4"), Map.of()));
    return kex;
  }

  @Test
  void aRetryKeepsTheRollbackDataRecordedBeforeTheFirstAttempt() {
    KubernetesExecution kex = failingOnce();

    KubernetesExecutionReconciler reconciler = reconciler();
    reconciler.reconcile(kex, null);
    reconciler.reconcile(current(kex), null);

    KubernetesExecution after = current(kex);
    assertThat(runner.executed).hasSize(2);
    assertThat(runner.prepared).as("prepared before the first attempt only").hasSize(1);
    assertThat(after.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(after.getStatus().getRollbackData()).as("the replicas before any attempt, not before the last one")
        .isEqualTo(Map.of("previousReplicas", "2"));
    assertThat(sealed(after)).isTrue();
  }

  /**
   * An action that supports rollback but prepares nothing, cut off after its change: the mark sealed "none", so the run
   * verified after the restart is one whose recorded data (none) a rollback can trust, not one whose data was removed.
   */
  @Test
  void aRunThatPreparedNothingAndIsVerifiedAfterARestartHasNoneSealed() {
    KubernetesExecution kex = client.resource(ExecutionFixtures.stepOne(ExecutionFixtures.admittedWorkflow(client, NOW), 3))
        .create();
    runner.prepareOutcome = new ActionOutcome(ActionStatus.SUCCEEDED, "Nothing to prepare.", Map.of(), Map.of());
    runner.onExecute = request -> {
      runner.effectInPlace = true;
      throw new IllegalStateException("the operator process dies here");
    };
    assertThatThrownBy(() -> reconciler().reconcile(kex, null)).hasMessageContaining("dies here");
    runner.onExecute = request -> { };

    reconciler().reconcile(current(kex), null);

    KubernetesExecution after = current(kex);
    assertThat(after.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(after.getStatus().getRollbackData()).isNull();
    assertThat(after.getStatus().getRollbackDataSeal()).isNotNull();
    assertThat(sealer.brokenField(after, "rollbackData", Map.of(), after.getStatus().getRollbackDataSeal())).isEmpty();
  }

  /** The data and seal the first attempt recorded, removed before the retry: nothing is prepared again, nothing sealed. */
  @Test
  void rollbackDataRemovedAfterAnAttemptIsNeitherPreparedAgainNorSealed() {
    KubernetesExecution kex = failingOnce();
    KubernetesExecutionReconciler reconciler = reconciler();
    reconciler.reconcile(kex, null);
    KubernetesExecution afterFirst = current(kex);
    afterFirst.getStatus().setRollbackData(null);
    afterFirst.getStatus().setRollbackDataSeal(null);
    KubernetesExecution removed = client.resource(afterFirst).updateStatus();

    reconciler.reconcile(removed, null);

    KubernetesExecution after = current(kex);
    assertThat(runner.executed).hasSize(2);
    assertThat(runner.prepared).hasSize(1);
    assertThat(after.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(after.getStatus().getRollbackData()).isNull();
    assertThat(after.getStatus().getRollbackDataSeal()).as("none is not sealed over what was removed").isNull();
  }

  /**
   * The sealed data of the first attempt rewritten by hand before the retry: the target may have been changed by that
   * attempt, so nothing is prepared again and nothing sealed; the data stays as found, unsealed, and a rollback of this
   * execution is refused.
   */
  @Test
  void rollbackDataRewrittenAfterAnAttemptIsNeitherPreparedAgainNorSealed() {
    KubernetesExecution kex = failingOnce();
    KubernetesExecutionReconciler reconciler = reconciler();
    reconciler.reconcile(kex, null);
    KubernetesExecution afterFirst = current(kex);
    assertThat(sealed(afterFirst)).isTrue();
    afterFirst.getStatus().setRollbackData(Map.of("previousReplicas", "500"));
    KubernetesExecution rewritten = client.resource(afterFirst).updateStatus();

    reconciler.reconcile(rewritten, null);

    KubernetesExecution after = current(kex);
    assertThat(runner.executed).hasSize(2);
    assertThat(runner.prepared).as("not prepared again from a target the first attempt may have changed").hasSize(1);
    assertThat(after.getStatus().getRollbackData()).isEqualTo(Map.of("previousReplicas", "500"));
    assertThat(sealed(after)).as("never sealed as this controller's").isFalse();
  }

  /**
   * Rollback data written into the status by hand before the run (500 replicas to restore) is neither kept as
   * recorded nor sealed with the run's: the run prepares its own, and only that is sealed.
   */
  @Test
  void rollbackDataWrittenByHandBeforeTheRunIsNeitherKeptNorSealed() {
    KubernetesExecution kex = client.resource(ExecutionFixtures.stepOne(ExecutionFixtures.admittedWorkflow(client, NOW), 3))
        .create();
    kex.setStatus(new io.kubernaut.k8s.crd.KubernetesExecutionStatus());
    kex.getStatus().setRollbackData(Map.of("previousReplicas", "500"));
    kex.getStatus().setRollbackDataSeal("v1:AAAA");
    KubernetesExecution forged = client.resource(kex).updateStatus();
    runner.prepareOutcome = new ActionOutcome(ActionStatus.SUCCEEDED, "Prepared.", Map.of("previousReplicas", "2"), Map.of());
    runner.executeOutcomes.add(new ActionOutcome(ActionStatus.SUCCEEDED, "Scaled.", Map.of("previousReplicas", "7"),
        Map.of()));

    reconciler().reconcile(forged, null);

    KubernetesExecution after = current(kex);
    assertThat(runner.prepared).as("prepared: the data found was not its controller's").hasSize(1);
    assertThat(after.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(after.getStatus().getRollbackData()).isEqualTo(Map.of("previousReplicas", "2"));
    assertThat(sealed(after)).isTrue();
  }

  @Test
  void aPreparationThatFailsLeavesTheRollbackDataToTheActionsResult() {
    KubernetesExecution kex = client.resource(ExecutionFixtures.stepOne(ExecutionFixtures.admittedWorkflow(client, NOW), 3))
        .create();
    runner.prepareOutcome = ActionOutcome.of(ActionStatus.FAILED_RETRYABLE, "The plugin could not read its target.");

    reconciler().reconcile(kex, null);

    KubernetesExecution after = current(kex);
    assertThat(runner.executed).as("a failed preparation does not hold the step back").hasSize(1);
    assertThat(after.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
    assertThat(after.getStatus().getRollbackData()).isEqualTo(Map.of("previousReplicas", "3"));
    assertThat(sealed(after)).as("the action's own data, sealed").isTrue();
  }

  @Test
  void anActionWithoutRollbackIsNotPreparedAndItsTargetNotRead() {
    scaleCanBeRolledBack = false;
    KubernetesExecution kex = client.resource(ExecutionFixtures.stepOne(ExecutionFixtures.admittedWorkflow(client, NOW), 3))
        .create();

    reconciler().reconcile(kex, null);

    assertThat(runner.prepared).isEmpty();
    assertThat(runner.executed).singleElement().satisfies(r -> assertThat(r.observedTarget()).isNull());
    assertThat(current(kex).getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
  }
}
