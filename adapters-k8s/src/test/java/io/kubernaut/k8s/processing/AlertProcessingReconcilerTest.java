package io.kubernaut.k8s.processing;

import io.kubernaut.core.lifecycle.PhaseMachines;
import io.kubernaut.ports.pipeline.Phase;
import io.kubernaut.k8s.fakes.Resources;
import static io.kubernaut.k8s.fakes.Resources.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.crd.PhaseTransition;
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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/** AlertProcessing through a mocked {@link ProcessAlert}: one call, one status, never redone. */
@ExtendWith(MockitoExtension.class)
class AlertProcessingReconcilerTest {

  private static final Instant NOW = Instant.parse("2026-11-20T10:00:02Z");
  private static final TargetRef API = new TargetRef("Deployment", "shop", "api");

  @Mock
  private ProcessAlert processor;
  @Mock
  private Context<AlertProcessing> context;

  private AlertProcessingReconciler reconciler;

  @BeforeEach
  void setUp() {
    reconciler = new AlertProcessingReconciler(processor, io.kubernaut.k8s.runtime.PrimaryRelays.on(null), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static ProcessingResult routed(List<String> degradations) {
    Enrichment enrichment = new Enrichment(List.of(new TargetRef("Pod", "shop", "api-1"), API),
        List.of(new Enrichment.PodState("api-1", "Running", false, 7, "CrashLoopBackOff", "Error", "node-a")),
        List.of(), List.of(), List.of(), null, null, null, Map.of(), Map.of(), degradations);
    return new ProcessingResult(enrichment, Environment.PRODUCTION, Severity.CRITICAL, Priority.P0, "high",
        RemediationPath.APPROVAL_REQUIRED, "production P0 alerts need an approval");
  }

  @Test
  void theAlertIsProcessedOnceWithItsTargetAndBudgetAndEveryPhaseIsWrittenInOneStatus() {
    when(processor.process(any())).thenReturn(routed(List.of()));
    AlertProcessing ap = Resources.processing();

    UpdateControl<AlertProcessing> control = reconciler.reconcile(ap, context);

    ArgumentCaptor<ProcessingRequest> request = ArgumentCaptor.forClass(ProcessingRequest.class);
    verify(processor).process(request.capture());
    verifyNoMoreInteractions(processor);
    assertThat(request.getValue().target()).isEqualTo(API);
    assertThat(request.getValue().alertName()).isEqualTo("KubePodCrashLooping");
    assertThat(request.getValue().rawSeverity()).isEqualTo("critical");
    assertThat(request.getValue().enrichmentBudget()).isEqualTo(Duration.ofSeconds(10));
    assertThat(control.isPatchStatus()).as("one status write, by the framework").isTrue();
    assertThat(control.isPatchResource()).isFalse();
    AlertProcessingStatus status = control.getResource().orElseThrow().getStatus();
    assertThat(status.getPhase()).isEqualTo(ProcessingPhase.Completed);
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Enriching", "Classifying", "Routing", "Completed");
    assertThat(PhaseMachines.path(ProcessingPhase.class, null, status.getPhaseHistory().stream()
        .map(t -> Phase.parse(ProcessingPhase.class, t.getPhase())).toList()).legal()).as("the history follows the machine").isTrue();
    assertThat(status.getEnrichment().pods()).singleElement().satisfies(p -> assertThat(p.restarts()).isEqualTo(7));
    assertThat(status.getEnvironment()).isEqualTo("production");
    assertThat(status.getPriority()).isEqualTo("P0");
    assertThat(status.getPath()).isEqualTo(RemediationPath.APPROVAL_REQUIRED);
    assertThat(status.getMessage()).isEqualTo("AlertProcessing ar-1-processing classified Deployment shop/api as "
        + "production P0; route APPROVAL_REQUIRED because production P0 alerts need an approval.");
    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Degraded")).isNull();
    verifyNoInteractions(context);
  }

  @Test
  void aPartialEnrichmentCompletesMarkedDegradedWithWhatCouldNotBeRead() {
    when(processor.process(any())).thenReturn(routed(List.of("Could not read events: Forbidden.")));

    AlertProcessingStatus status = reconciler.reconcile(Resources.processing(), context).getResource().orElseThrow()
        .getStatus();

    assertThat(status.getPhase()).isEqualTo(ProcessingPhase.Completed);
    assertThat(condition(status, "Degraded")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getMessage()).isEqualTo("Enrichment was partial: Could not read events: Forbidden.");
    });
  }

  @Test
  void aProcessingErrorFailsTheChildWithASentenceForItsParent() {
    when(processor.process(any())).thenThrow(new IllegalStateException("The target namespace is unreadable."));

    UpdateControl<AlertProcessing> control = reconciler.reconcile(Resources.processing(), context);

    assertThat(control.isPatchStatus()).isTrue();
    AlertProcessingStatus status = control.getResource().orElseThrow().getStatus();
    assertThat(status.getPhase()).isEqualTo(ProcessingPhase.Failed);
    assertThat(status.getMessage()).isEqualTo("AlertProcessing ar-1-processing failed: The target namespace is "
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
}
