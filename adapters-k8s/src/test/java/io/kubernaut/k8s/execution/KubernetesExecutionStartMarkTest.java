package io.kubernaut.k8s.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.core.lifecycle.ExecutionConductor;
import io.kubernaut.core.safety.SafetyEnvelope;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.kubernaut.k8s.fakes.InMemoryActionRunner;
import io.kubernaut.k8s.fakes.InMemoryAuditTrail;
import io.kubernaut.k8s.fakes.LookupCatalog;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.safety.CachedLedger;
import io.kubernaut.k8s.safety.DisruptionLedger;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start mark's write on the embedded API server, which answers a stale status write 409 as a
 * real one does: a write whose answer was lost (fabric8 sends a request again after a 5xx or a reset
 * connection; the resend carries a version that is gone) lets the call go ahead, and a conflict with
 * another writer stops the reconcile before the call.
 */
class KubernetesExecutionStartMarkTest {

  private static final String NS = "kubernaut-system";
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private static final ActionCatalog CATALOG = new LookupCatalog(name -> Optional.empty());

  private EmbeddedApiServer server;
  private KubernetesClient client;
  private DisruptionLedger ledger;
  private KubernetesExecutionReconciler reconciler;
  private final InMemoryActionRunner runner = new InMemoryActionRunner();

  @BeforeEach
  void start(@TempDir Path dir) {
    server = new EmbeddedApiServer(dir, NS, 0).start();
    client = server.client();
    ledger = CachedLedger.start(client, NS, CATALOG, Clock.systemUTC());
    reconciler = new KubernetesExecutionReconciler(ledger, new ExecutionConductor(), new SafetyEnvelope(NS), CATALOG,
        runner, PipelinePolicy::defaults, new InMemoryAuditTrail(), PipelineMetrics.none(), NS, PrimaryRelays.on(client),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    ledger.informers().close();
    server.close();
  }

  @Test
  void aStartMarkOnTheApiServerWhoseAnswerWasLostLetsTheCallGoAheadInsteadOfSpendingAnAttempt() {
    KubernetesExecution read = client.resource(ExecutionFixtures.stepOne(ExecutionFixtures.admittedWorkflow(client, NOW), 1)).create();
    // The mark this reconcile is about to write is on the API server already, as after the first send of a write
    // whose answer was lost: the client's resend carries the version read, which is gone.
    KubernetesExecution landed = current(read);
    KubernetesExecutionStatus mark = new KubernetesExecutionStatus();
    mark.setPhase(ExecutionPhase.Executing);
    mark.setStartTime(NOW.toString());
    mark.setAttempts(1);
    mark.setActionStartedAt(NOW.toString());
    landed.setStatus(mark);
    client.resource(landed).updateStatus();

    reconciler.reconcile(read, null);

    KubernetesExecution kex = current(read);
    assertThat(runner.executed).as("the call was made, once").hasSize(1);
    assertThat(kex.getStatus().getAttempts()).as("as attempt 1: no attempt spent on a call never made").isEqualTo(1);
    assertThat(kex.getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);
  }

  @Test
  void aConflictWithAnotherWriterStopsTheReconcileBeforeTheCall() {
    KubernetesExecution read = client.resource(ExecutionFixtures.stepOne(ExecutionFixtures.admittedWorkflow(client, NOW), 1)).create();
    KubernetesExecution changed = current(read);
    KubernetesExecutionStatus other = new KubernetesExecutionStatus();
    other.setMessage("Written by someone else.");
    changed.setStatus(other);
    client.resource(changed).updateStatus();

    var control = reconciler.reconcile(read, null);

    assertThat(runner.executed).as("no mark of this reconcile's on the server: nothing runs on stale state").isEmpty();
    assertThat(current(read).getStatus().getMessage()).isEqualTo("Written by someone else.");
    assertThat(control.getScheduleDelay()).as("reconciled again shortly, not left to an event that may never come")
        .contains(io.kubernaut.k8s.status.RecentWrites.CONFLICT_RETRY.toMillis());
  }

  private KubernetesExecution current(KubernetesExecution kex) {
    return client.resources(KubernetesExecution.class).inNamespace(NS).withName(kex.getMetadata().getName()).get();
  }
}
