package io.kubernaut.k8s.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.ApprovalStatus;
import io.kubernaut.k8s.crd.AttemptOutcome;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.fakes.InMemoryAuditTrail;
import io.kubernaut.k8s.fakes.Resources;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.failure.Backoff;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.pipeline.ApprovalDecision;
import io.kubernaut.ports.pipeline.ProcessingPhase;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail as a projection of the custom resources: a pass over the CRUD mock API server
 * records what status holds under the live path's keys, and runs again each time the trail says it
 * is writable.
 */
@EnableKubernetesMockClient(crud = true)
class AuditReprojectorTest {

  private static final String NS = Resources.NS;
  private static final Instant T0 = Resources.RECEIVED;

  KubernetesMockServer server;
  KubernetesClient client;

  private final InMemoryAuditTrail trail = new InMemoryAuditTrail();
  private AuditReprojector reprojector;

  @BeforeEach
  void setUp() {
    reprojector = new AuditReprojector(client, NS, trail);
  }

  @AfterEach
  void tearDown() {
    reprojector.close();
  }

  @Test
  void aPassRecordsTheHistoryAndDecisionsOfARunningRemediationUnderTheLivePathsKeys() {
    AlertRemediation ar = awaitingExecution("ar-1");
    InMemoryAuditTrail live = new InMemoryAuditTrail();
    RemediationAudit liveAudit = new RemediationAudit(live);
    liveAudit.transition(ar, null, "Pending", "new", T0);
    liveAudit.transition(ar, "Pending", "Processing", "enriching", T0.plusSeconds(1));
    liveAudit.transition(ar, "Processing", "Analyzing", "analysing", T0.plusSeconds(2));
    liveAudit.analysis(ar, client.resources(AIAnalysis.class).inNamespace(NS).withName("ar-1-analysis").get());
    liveAudit.transition(ar, "Analyzing", "AwaitingApproval", "waits", T0.plusSeconds(3));
    liveAudit.approval(ar, new ApprovalDecision(true, "alice", T0.plusSeconds(4), ApprovalDecision.KUBECTL));
    liveAudit.transition(ar, "AwaitingApproval", "Executing", "runs", T0.plusSeconds(5));

    AuditReprojector.Pass pass = reprojector.reproject();

    assertThat(pass.remediations()).isEqualTo(1);
    assertThat(trail.byKey().keySet()).as("every key the live path wrote, and the children's phases")
        .containsAll(live.byKey().keySet())
        .contains("ar-1/phase/ar-1-processing/Pending", "ar-1/phase/ar-1-processing/Completed",
            "ar-1/phase/ar-1-analysis/Completed")
        .doesNotContain("ar-1/final");
    assertThat(trail.byKey().keySet()).hasSize(pass.events());
    assertThat(trail.byKey().get("ar-1/approval").payload()).containsEntry("decider", "alice");
  }

  @Test
  void aTerminalRemediationIsProjectedWithItsActionsAndItsFinalRecordLast() {
    AlertRemediation ar = awaitingExecution("ar-2");
    ar.getStatus().getPhaseHistory().add(new PhaseTransition("Completed", T0.plusSeconds(9).toString(), "done"));
    ar.getStatus().setPhase(RemediationPhase.Completed);
    ar.getStatus().setOutcome("Remediated");
    ar.getStatus().setCompletionTime(T0.plusSeconds(9).toString());
    client.resource(ar).updateStatus();
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(new ObjectMetaBuilder().withName("ar-2-workflow-1").withNamespace(NS).build());
    KubernetesExecutionSpec spec = new KubernetesExecutionSpec();
    spec.setRemediationRef(new RemediationRef("ar-2"));
    spec.setStep("1");
    spec.setAction("increase_resources");
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    kex.setSpec(spec);
    kex = client.resource(kex).create();
    KubernetesExecutionStatus ks = new KubernetesExecutionStatus();
    ks.setAttemptOutcomes(List.of(new AttemptOutcome(1, "SUCCEEDED", "Raised the memory limit.",
        T0.plusSeconds(6).toString(), T0.plusSeconds(7).toString())));
    kex.setStatus(ks);
    client.resource(kex).updateStatus();

    reprojector.reproject();

    assertThat(trail.byKey()).containsKey("ar-2/action/1/succeeded");
    assertThat(trail.byKey().keySet()).noneMatch(k -> k.contains("/phase/ar-2-workflow-1/"));
    assertThat(trail.events.get(trail.events.size() - 1).idempotencyKey()).isEqualTo("ar-2/final");
    assertThat(trail.byKey().get("ar-2/final").type()).isEqualTo(AuditEventType.REMEDIATION_FINAL);
    assertThat(trail.byKey().get("ar-2/final").payload()).containsEntry("outcome", "Remediated");
  }

  @Test
  void eachTimeTheTrailIsWritableAgainAnotherPassRecordsWhatTheTrailLost() {
    awaitingExecution("ar-3");
    reprojector.start();
    assertThat(trail.listeners).hasSize(1);

    trail.listeners.get(0).run();
    await().atMost(Duration.ofSeconds(10)).until(() -> reprojector.passes() == 1);
    List<String> keys = new ArrayList<>(trail.byKey().keySet());
    int first = trail.events.size();
    assertThat(keys).hasSize(first).contains("ar-3/created");
    trail.lose("ar-3/created");

    trail.listeners.get(0).run();
    await().atMost(Duration.ofSeconds(10)).until(() -> reprojector.passes() == 2);

    assertThat(trail.byKey().keySet()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(trail.events).as("only the lost event recorded again").hasSize(first);
  }

  @Test
  void aRestartOverStoredRemediationsRecordsNothing() {
    awaitingExecution("ar-7");
    AuditReprojector.Pass first = reprojector.reproject();
    int recorded = trail.events.size();

    AuditReprojector.Pass second = reprojector.reproject();

    assertThat(first.events()).isEqualTo(recorded).isPositive();
    assertThat(second.events()).isZero();
    assertThat(second.stored()).isEqualTo(recorded);
    assertThat(trail.events).hasSize(recorded);
  }

  @Test
  void aPassThatFailsForAnyReasonIsLoggedAndRetried() {
    awaitingExecution("ar-8");
    InMemoryAuditTrail failingOnce = new InMemoryAuditTrail();
    failingOnce.failNextStored = new IllegalStateException("the store's answer could not be read");
    try (AuditReprojector retrying = new AuditReprojector(client, NS, failingOnce,
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)))) {
      retrying.start();
      failingOnce.listeners.get(0).run();

      await().atMost(Duration.ofSeconds(10)).until(() -> retrying.passes() == 1);
      assertThat(failingOnce.storedAsked).isEqualTo(2);
      assertThat(failingOnce.byKey()).containsKey("ar-8/created");
    }
  }

  @Test
  void aRemediationWhoseStatusCannotBeReadIsSkippedAndTheOthersAreProjected() {
    AlertRemediation broken = awaitingExecution("ar-5");
    broken.getStatus().getPhaseHistory().add(new PhaseTransition("Completed", "yesterday", "done"));
    client.resource(broken).updateStatus();
    awaitingExecution("ar-6");

    AuditReprojector.Pass pass = reprojector.reproject();

    assertThat(pass.remediations()).isEqualTo(2);
    assertThat(trail.byKey()).containsKey("ar-6/created").doesNotContainKey("ar-5/created");
  }

  @Test
  void aFullQueueIsWaitedForNotSkipped() {
    awaitingExecution("ar-4");
    trail.refuseNext = 3;

    AuditReprojector.Pass pass = reprojector.reproject();

    assertThat(trail.byKey()).hasSize(pass.events());
    assertThat(trail.byKey()).containsKey("ar-4/created");
  }

  /** A remediation in Executing after an approval, with its processing and analysis completed, as the API server holds it. */
  private AlertRemediation awaitingExecution(String name) {
    AlertRemediation ar = Resources.remediation();
    ar.getMetadata().setName(name);
    ar = client.resource(ar).create();
    AlertRemediationStatus s = new AlertRemediationStatus();
    s.setPhase(RemediationPhase.Executing);
    s.setPhaseHistory(new ArrayList<>(List.of(transition("Pending", 0), transition("Processing", 1),
        transition("Analyzing", 2), transition("AwaitingApproval", 3), transition("Executing", 5))));
    s.setApproval(new ApprovalStatus("approved", "alice", T0.plusSeconds(4).toString()));
    ar.setStatus(s);
    ar = client.resource(ar).updateStatus();

    AlertProcessing ap = Resources.processing();
    ap.getMetadata().setName(name + "-processing");
    ap.getSpec().getRemediationRef().setName(name);
    ap = client.resource(ap).create();
    AlertProcessingStatus aps = new AlertProcessingStatus();
    aps.setPhase(ProcessingPhase.Completed);
    aps.setPhaseHistory(List.of(transition("Pending", 0), transition("Completed", 1)));
    ap.setStatus(aps);
    client.resource(ap).updateStatus();

    AIAnalysis aia = Resources.analysis();
    aia.getMetadata().setName(name + "-analysis");
    aia.getSpec().getRemediationRef().setName(name);
    aia = client.resource(aia).create();
    AIAnalysisStatus as = new AIAnalysisStatus();
    as.setPhase(AnalysisPhase.Completed);
    as.setInvestigator("rules");
    as.setRootCause("the container runs out of memory");
    as.setConfidence(0.9);
    as.setApprovalRequired(true);
    as.setCompletionTime(T0.plusSeconds(2).toString());
    as.setPhaseHistory(List.of(transition("Pending", 1), transition("Completed", 2)));
    aia.setStatus(as);
    client.resource(aia).updateStatus();
    return ar;
  }

  private static PhaseTransition transition(String phase, int second) {
    return new PhaseTransition(phase, T0.plusSeconds(second).toString(), "because");
  }
}
