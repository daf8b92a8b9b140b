package io.kubernaut.k8s.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.core.lifecycle.ExecutionConductor;
import io.kubernaut.core.safety.SafetyEnvelope;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationSpec;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.kubernaut.k8s.fakes.InMemoryActionRunner;
import io.kubernaut.k8s.fakes.InMemoryAuditTrail;
import io.kubernaut.k8s.fakes.LookupCatalog;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.safety.CachedLedger;
import io.kubernaut.k8s.safety.DisruptionLedger;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.signal.TargetRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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
    KubernetesExecution read = execution(admittedWorkflow());
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
    KubernetesExecution read = execution(admittedWorkflow());
    KubernetesExecution changed = current(read);
    KubernetesExecutionStatus other = new KubernetesExecutionStatus();
    other.setMessage("Written by someone else.");
    changed.setStatus(other);
    client.resource(changed).updateStatus();

    reconciler.reconcile(read, null);

    assertThat(runner.executed).as("no mark of this reconcile's on the server: nothing runs on stale state").isEmpty();
    assertThat(current(read).getStatus().getMessage()).isEqualTo("Written by someone else.");
  }

  private KubernetesExecution current(KubernetesExecution kex) {
    return client.resources(KubernetesExecution.class).inNamespace(NS).withName(kex.getMetadata().getName()).get();
  }

  private WorkflowExecution admittedWorkflow() {
    AlertRemediation ar = new AlertRemediation();
    ar.setMetadata(new ObjectMetaBuilder().withName("ar-1").withNamespace(NS).build());
    AlertRemediationSpec arSpec = new AlertRemediationSpec();
    arSpec.setFingerprint("f".repeat(64));
    arSpec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    ar.setSpec(arSpec);
    client.resource(ar).create();
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new ObjectMetaBuilder().withName("ar-1-workflow").withNamespace(NS).build());
    WorkflowExecutionSpec spec = new WorkflowExecutionSpec();
    spec.setRemediationRef(new RemediationRef("ar-1"));
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    spec.setSteps(List.of(new Recommendation("1", "scale_deployment", new TargetRef("Deployment", "shop", "api"),
        Map.of("replicas", "4"), 0.9, "MEDIUM", "", List.of())));
    wfe.setSpec(spec);
    WorkflowExecution created = client.resource(wfe).create();
    WorkflowExecutionStatus status = new WorkflowExecutionStatus();
    String now = NOW.toString();
    status.setPhase(WorkflowPhase.Executing);
    status.setPhaseHistory(List.of(new PhaseTransition("Planning", now, "p"), new PhaseTransition("Validating", now, "v"),
        new PhaseTransition("Executing", now, "e")));
    created.setStatus(status);
    return client.resource(created).updateStatus();
  }

  private KubernetesExecution execution(WorkflowExecution workflow) {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(Children.ownedBy(workflow, "ar-1-workflow-1"));
    KubernetesExecutionSpec spec = new KubernetesExecutionSpec();
    spec.setRemediationRef(new RemediationRef("ar-1"));
    spec.setWorkflow("ar-1-workflow");
    spec.setStep("1");
    spec.setAction("scale_deployment");
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    spec.setParameters(Map.of("replicas", "4"));
    spec.setTimeout("600s");
    spec.setMaxAttempts(1);
    kex.setSpec(spec);
    return client.resource(kex).create();
  }
}
