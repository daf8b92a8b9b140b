package io.kubernaut.k8s.processing;

import io.kubernaut.core.lifecycle.PhaseMachines;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.k8s.fakes.Resources;
import static io.kubernaut.k8s.fakes.Resources.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.pipeline.ProcessingPhase;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.processing.ProcessingRequest;
import io.kubernaut.ports.processing.ProcessingResult;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.remediation.Severity;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * AlertProcessing through a mocked {@link ProcessAlert}: one call, one status written onto the
 * version read (on a real embedded API server), never redone, never over its parent's stop.
 */
@ExtendWith(MockitoExtension.class)
class AlertProcessingReconcilerTest {

  private static final Instant NOW = Instant.parse("2026-11-20T10:00:02Z");
  private static final TargetRef API = new TargetRef("Deployment", "shop", "api");

  @Mock
  private ProcessAlert processor;
  @Mock
  private Context<AlertProcessing> context;

  private AlertProcessingReconciler reconciler;

  @TempDir
  static Path dir;
  private static EmbeddedApiServer server;
  private static int stored;

  @BeforeAll
  static void startServer() {
    server = new EmbeddedApiServer(dir, Resources.NS, 0).start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void setUp() {
    reconciler = new AlertProcessingReconciler(processor, io.kubernaut.k8s.runtime.PrimaryRelays.on(null, io.kubernaut.k8s.fakes.TestSealer.SEALER), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** A processing of its own stored on the API server, and the reconciler's client there: the version a reconcile reads. */
  private AlertProcessing stored() {
    org.mockito.Mockito.lenient().when(context.getClient()).thenReturn(server.client());
    AlertProcessing ap = Resources.processing();
    ap.getMetadata().setName(ap.getMetadata().getName() + "-" + ++stored);
    return kube().resource(ap).create();
  }

  private static KubernetesClient kube() {
    return server.client();
  }

  /** {@code ap}'s status as the API server holds it now. */
  private static AlertProcessingStatus written(AlertProcessing ap) {
    return kube().resources(AlertProcessing.class).inNamespace(ap.getMetadata().getNamespace())
        .withName(ap.getMetadata().getName()).get().getStatus();
  }

  private static ProcessingResult routed(List<String> degradations) {
    Enrichment enrichment = new Enrichment(List.of(new TargetRef("Pod", "shop", "api-1"), API),
        List.of(new Enrichment.PodState("api-1", "Running", false, 7, "CrashLoopBackOff", "Error", "node-a")),
        List.of(), List.of(), List.of(), null, null, null, Map.of(), Map.of(), degradations);
    return new ProcessingResult(enrichment, Environment.PRODUCTION, Severity.CRITICAL, Priority.P0, "high",
        RemediationPath.APPROVAL_REQUIRED, "production P0 alerts need an approval",
        io.kubernaut.ports.workflow.RollbackStrategy.MANUAL);
  }

  @Test
  void theAlertIsProcessedOnceWithItsTargetAndBudgetAndEveryPhaseIsWrittenInOneStatus() {
    when(processor.process(any())).thenReturn(routed(List.of()));
    AlertProcessing ap = stored();

    UpdateControl<AlertProcessing> control = reconciler.reconcile(ap, context);

    ArgumentCaptor<ProcessingRequest> request = ArgumentCaptor.forClass(ProcessingRequest.class);
    verify(processor).process(request.capture());
    verifyNoMoreInteractions(processor);
    assertThat(request.getValue().target()).isEqualTo(API);
    assertThat(request.getValue().alertName()).isEqualTo("KubePodCrashLooping");
    assertThat(request.getValue().rawSeverity()).isEqualTo("critical");
    assertThat(request.getValue().enrichmentBudget()).isEqualTo(Duration.ofSeconds(10));
    assertThat(control.isNoUpdate()).as("the status is written by the reconciler, onto the version read").isTrue();
    AlertProcessingStatus status = written(ap);
    assertThat(status.getPhase()).isEqualTo(ProcessingPhase.Completed);
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Enriching", "Classifying", "Routing", "Completed");
    assertThat(PhaseMachines.path(ProcessingPhase.class, null, status.getPhaseHistory().stream()
        .map(t -> Phase.parse(ProcessingPhase.class, t.getPhase())).toList()).legal()).as("the history follows the machine").isTrue();
    assertThat(status.getEnrichment().pods()).singleElement().satisfies(p -> assertThat(p.restarts()).isEqualTo(7));
    assertThat(status.getEnvironment()).isEqualTo("production");
    assertThat(status.getPriority()).isEqualTo("P0");
    assertThat(status.getPath()).isEqualTo(RemediationPath.APPROVAL_REQUIRED);
    assertThat(status.getRollbackStrategy()).isEqualTo("manual");
    assertThat(status.getMessage()).isEqualTo("AlertProcessing " + ap.getMetadata().getName() + " classified Deployment shop/api as "
        + "production P0; route APPROVAL_REQUIRED because production P0 alerts need an approval.");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Degraded")).isNull();
    AlertProcessing read = kube().resources(AlertProcessing.class).inNamespace(ap.getMetadata().getNamespace())
        .withName(ap.getMetadata().getName()).get();
    assertThat(io.kubernaut.k8s.fakes.TestSealer.SEALER.broken(read)).as("sealed: the remediation acts on it").isEmpty();
  }

  @Test
  void anUpdateOfAnEndedProcessingReconcilesNothingAndAnyOtherDoes() {
    when(processor.process(any())).thenReturn(routed(List.of()));
    AlertProcessing ap = stored();
    reconciler.reconcile(ap, context);
    AlertProcessing ended = kube().resources(AlertProcessing.class).inNamespace(ap.getMetadata().getNamespace())
        .withName(ap.getMetadata().getName()).get();

    assertThat(reconciler.triggers(ended, ap)).as("the echo of its own final write").isFalse();
    AlertProcessing relabelled = kube().resources(AlertProcessing.class).inNamespace(ap.getMetadata().getNamespace())
        .withName(ap.getMetadata().getName()).get();
    relabelled.getMetadata().setLabels(java.util.Map.of("team", "shop"));
    assertThat(reconciler.triggers(relabelled, ended)).as("ended: a reconcile would leave it as it is").isFalse();
    assertThat(reconciler.reconcile(relabelled, context).isNoUpdate()).isTrue();
    verify(processor).process(any()); // once: the ended one was not processed again

    AlertProcessing running = stored();
    running.getMetadata().setLabels(java.util.Map.of("team", "shop"));
    assertThat(reconciler.triggers(running, stored())).as("not ended").isTrue();
  }

  @Test
  void aPartialEnrichmentCompletesMarkedDegradedWithWhatCouldNotBeRead() {
    when(processor.process(any())).thenReturn(routed(List.of("Could not read events: Forbidden.")));

    AlertProcessing ap = stored();
    reconciler.reconcile(ap, context);
    AlertProcessingStatus status = written(ap);

    assertThat(status.getPhase()).isEqualTo(ProcessingPhase.Completed);
    assertThat(condition(status, "Degraded")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getMessage()).isEqualTo("Enrichment was partial: Could not read events: Forbidden.");
    });
  }

  @Test
  void aProcessingErrorFailsTheChildWithASentenceForItsParent() {
    when(processor.process(any())).thenThrow(new IllegalStateException("The target namespace is unreadable."));

    AlertProcessing ap = stored();
    assertThat(reconciler.reconcile(ap, context).isNoUpdate()).isTrue();

    AlertProcessingStatus status = written(ap);
    assertThat(status.getPhase()).isEqualTo(ProcessingPhase.Failed);
    assertThat(status.getMessage()).isEqualTo("AlertProcessing " + ap.getMetadata().getName() + " failed: The target namespace is "
        + "unreadable. The parent AlertRemediation fails with it.");
    assertThat(status.getCompletionTime()).isEqualTo(NOW.toString());
    assertThat(condition(status, "Ready")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("ChildFailed");
    });
  }

  @Test
  void aCompletedOrFailedProcessingIsNeverRedone() {
    for (ProcessingPhase phase : List.of(ProcessingPhase.Completed, ProcessingPhase.Failed)) {
      AlertProcessing ap = Resources.processing();
      AlertProcessingStatus status = new AlertProcessingStatus();
      status.setPhase(phase);
      ap.setStatus(status);

      assertThat(reconciler.reconcile(ap, context).isNoUpdate()).as(phase.name()).isTrue();
    }
    verifyNoInteractions(processor);
  }

  @Test
  void aProcessingItsParentStoppedIsNeverRedone() {
    AlertProcessing ap = Resources.processing();
    AlertProcessingStatus status = new AlertProcessingStatus();
    status.setPhaseHistory(List.of(new PhaseTransition("Enriching", NOW.toString(), "started"),
        new PhaseTransition("Failed", NOW.toString(), "Stopped because AlertRemediation ar-1 ended as TimedOut.")));
    ap.setStatus(status);

    assertThat(reconciler.reconcile(ap, context).isNoUpdate()).isTrue();
    verifyNoInteractions(processor);
  }

  @Test
  void aStopByTheParentWhileTheAlertIsEnrichedIsNeverWrittenOver() {
    AlertProcessing ap = stored();
    String stop = "Stopped because AlertRemediation ar-1 ended as TimedOut.";
    when(processor.process(any())).thenAnswer(call -> {
      // The parent's stop, as ChildStopper writes it, lands while the enrichment runs.
      AlertProcessingStatus stopped = new AlertProcessingStatus();
      StatusPatches.transition(ap, stopped, ProcessingPhase.Failed, stopped::setPhase,
          io.kubernaut.ports.remediation.ConditionReason.ParentEnded, stop, NOW);
      StatusPatches.replaceStatusOnVersion(kube(), ap, stopped);
      return routed(List.of());
    });

    assertThat(reconciler.reconcile(ap, context).isNoUpdate()).isTrue();

    AlertProcessingStatus status = written(ap);
    assertThat(status.getPhase()).as("the parent's stop stands").isEqualTo(ProcessingPhase.Failed);
    assertThat(status.getMessage()).isEqualTo(stop);
    assertThat(status.getEnrichment()).as("nothing of the late result is written").isNull();
    // The stop's event reconciles it again: ended, so the enrichment is not redone.
    AlertProcessing now = kube().resources(AlertProcessing.class).inNamespace(ap.getMetadata().getNamespace())
        .withName(ap.getMetadata().getName()).get();
    assertThat(reconciler.reconcile(now, context).isNoUpdate()).isTrue();
    verify(processor).process(any());
    verifyNoMoreInteractions(processor);
  }

  @Test
  void aProcessingDeletedWhileItWasEnrichedIsLeftAlone() {
    AlertProcessing ap = stored();
    when(processor.process(any())).thenAnswer(call -> {
      kube().resource(ap).delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> kube().resources(AlertProcessing.class)
          .inNamespace(ap.getMetadata().getNamespace()).withName(ap.getMetadata().getName()).get() == null);
      return routed(List.of());
    });

    assertThat(reconciler.reconcile(ap, context).isNoUpdate()).as("a 404 needs nothing").isTrue();
    assertThat(kube().resources(AlertProcessing.class).inNamespace(ap.getMetadata().getNamespace())
        .withName(ap.getMetadata().getName()).get()).as("nothing made again").isNull();
  }

  @Test
  void aProcessingChangedByAnotherWriterMeanwhileIsProcessedAgainOnItsNextReconcile() {
    AlertProcessing ap = stored();
    when(processor.process(any())).thenAnswer(call -> {
      if (written(ap) == null) { // the first time only: somebody labels it while it is enriched
        kube().resources(AlertProcessing.class).inNamespace(ap.getMetadata().getNamespace())
            .withName(ap.getMetadata().getName()).edit(p -> {
              p.getMetadata().setLabels(Map.of("team", "payments"));
              return p;
            });
      }
      return routed(List.of());
    });

    reconciler.reconcile(ap, context);
    assertThat(written(ap)).as("refused: the version read is not the newest").isNull();

    // The label's event reconciles it again, on the newer version: processed and written this time.
    AlertProcessing now = kube().resources(AlertProcessing.class).inNamespace(ap.getMetadata().getNamespace())
        .withName(ap.getMetadata().getName()).get();
    reconciler.reconcile(now, context);
    assertThat(written(ap).getPhase()).isEqualTo(ProcessingPhase.Completed);
    verify(processor, org.mockito.Mockito.times(2)).process(any());
  }

  /**
   * A refused write (409) is safe only because every update of a processing not ended reconciles it
   * again (its trigger lets through every one: the label's in the test above among them).
   */
  @Test
  void everyUpdateOfAProcessingNotEndedReconcilesIt() {
    AlertProcessing ap = stored();
    AlertProcessing labelled = kube().resources(AlertProcessing.class).inNamespace(ap.getMetadata().getNamespace())
        .withName(ap.getMetadata().getName()).edit(p -> {
          p.getMetadata().setLabels(Map.of("team", "payments"));
          return p;
        });
    assertThat(reconciler.triggers(labelled, ap)).isTrue();
  }
}
