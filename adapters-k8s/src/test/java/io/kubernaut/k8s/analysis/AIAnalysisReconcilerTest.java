package io.kubernaut.k8s.analysis;

import io.kubernaut.k8s.fakes.Resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.analysis.AnalysisResult;
import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.in.AnalyzeAlert;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.TimeoutSettings;
import io.kubernaut.ports.remediation.Environment;
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

/** AIAnalysis through a mocked {@link AnalyzeAlert}: the investigator chain is asked once, with the policy's gates. */
@ExtendWith(MockitoExtension.class)
class AIAnalysisReconcilerTest {

  private static final Instant NOW = Instant.parse("2026-11-20T10:00:04Z");
  private static final AnalysisGates STRICT = new AnalysisGates(0.8, 0.95);
  private static final Recommendation RESTART = new Recommendation("1", "rollout_restart",
      new TargetRef("Deployment", "shop", "api"), Map.of(), 0.9, "LOW", "The pods crash-loop.", List.of());

  @Mock
  private AnalyzeAlert analyzer;
  @Mock
  private PolicySource policies;
  @Mock
  private Context<AIAnalysis> context;

  private AIAnalysisReconciler reconciler;

  @BeforeEach
  void setUp() {
    reconciler = new AIAnalysisReconciler(analyzer, policies, io.kubernaut.k8s.runtime.PrimaryRelays.on(null), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void policyWithStrictGates() {
    when(policies.current()).thenReturn(new PipelinePolicy(TimeoutSettings.standard(), Duration.ofHours(24), false,
        false, STRICT));
  }

  @Test
  void theChainIsAskedOnceAboutTheAlertWithThePolicysGatesAndItsAnswerIsWrittenInOneStatus() {
    policyWithStrictGates();
    when(analyzer.analyze(any(), eq(STRICT))).thenReturn(new AnalysisResult("llm", "The image tag is wrong.",
        List.of("ErrImagePull"), List.of(RESTART), List.of(), List.of(), 0.9, true, false, "Production needs 0.95."));

    UpdateControl<AIAnalysis> control = reconciler.reconcile(Resources.analysis(), context);

    ArgumentCaptor<InvestigationRequest> request = ArgumentCaptor.forClass(InvestigationRequest.class);
    verify(analyzer).analyze(request.capture(), eq(STRICT));
    verify(analyzer).callsOut(); // the rule engine alone: answered in the reconcile
    verifyNoMoreInteractions(analyzer);
    assertThat(request.getValue().fingerprint()).isEqualTo(Resources.FINGERPRINT.substring(0, 40));
    assertThat(request.getValue().alertName()).isEqualTo("KubePodCrashLooping");
    assertThat(request.getValue().environment()).isEqualTo(Environment.PRODUCTION);
    assertThat(request.getValue().target()).isEqualTo(new TargetRef("Deployment", "shop", "api"));
    assertThat(request.getValue().annotations()).containsEntry("summary", "api restarts");
    assertThat(request.getValue().at()).isEqualTo(NOW);
    assertThat(control.isPatchStatus()).isTrue();
    AIAnalysisStatus status = control.getResource().orElseThrow().getStatus();
    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(status.getInvestigator()).isEqualTo("llm");
    assertThat(status.getRecommendations()).containsExactly(RESTART);
    assertThat(status.getApprovalRequired()).isTrue();
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Investigating", "Analyzing", "Recommending", "Completed");
    verifyNoInteractions(context);
  }

  /** An analysis with its own uid, as the API server gives one. */
  private static AIAnalysis analysis(String uid) {
    AIAnalysis aia = Resources.analysis();
    aia.getMetadata().setUid(uid);
    aia.getMetadata().setName("analysis-" + uid);
    return aia;
  }

  private static AnalysisResult answered(String investigator) {
    return new AnalysisResult(investigator, "The image tag is wrong.", List.of("ErrImagePull"), List.of(RESTART),
        List.of(), List.of(), 0.9, true, false, "Production needs 0.95.");
  }

  /** Starts the reconciler's answers source with {@code handler}, as JOSDK does. */
  private EventHandler answersTo(EventHandler handler) {
    reconciler.runner().answers().setEventHandler(handler);
    reconciler.runner().answers().start();
    return handler;
  }

  @Test
  void aChainThatCallsOutRunsOffTheReconcileThreadAndItsAnswerIsWrittenWhenItsEventComes() throws Exception {
    policyWithStrictGates();
    EventHandler handler = answersTo(mock(EventHandler.class));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> thread = new AtomicReference<>();
    when(analyzer.callsOut()).thenReturn(true);
    when(analyzer.analyze(any(), eq(STRICT))).thenAnswer(call -> {
      thread.set(Thread.currentThread().getName());
      entered.countDown();
      assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      return answered("llm");
    });
    AIAnalysis aia = analysis("u-1");

    // The reconcile hands the call over and returns while the investigator has not answered, with
    // the phase that says so.
    AIAnalysis investigating = handedOver(aia);
    assertThat(investigating.getStatus().getMessage()).contains("is asking its investigators", "KubePodCrashLooping");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(thread.get()).startsWith("kubernaut-analysis-");
    assertThat(reconciler.reconcile(investigating, context).isNoUpdate()).as("asked again meanwhile").isTrue();
    verify(handler, never()).handleEvent(any());

    release.countDown();
    ArgumentCaptor<Event> event = ArgumentCaptor.forClass(Event.class);
    verify(handler, timeout(10_000)).handleEvent(event.capture());
    assertThat(event.getValue().getRelatedCustomResourceID()).isEqualTo(ResourceID.fromResource(aia));
    UpdateControl<AIAnalysis> control = reconciler.reconcile(analysis("u-1"), context);

    assertThat(control.isPatchStatus()).isTrue();
    AIAnalysisStatus status = control.getResource().orElseThrow().getStatus();
    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(status.getInvestigator()).isEqualTo("llm");
    assertThat(status.getRecommendations()).containsExactly(RESTART);
    // Its status write failed (a conflict, the API server away) and it is reconciled again: the same
    // answer is written, not asked for a second time. Once it shows as ended, the answer is forgotten.
    assertThat(reconciler.reconcile(analysis("u-1"), context).getResource().orElseThrow().getStatus().getInvestigator())
        .isEqualTo("llm");
    assertThat(reconciler.reconcile(control.getResource().orElseThrow(), context).isNoUpdate()).isTrue();
    verify(analyzer, times(1)).analyze(any(), any());
  }

  /** Reconciles {@code aia}, new, whose call is handed over: the status it writes meanwhile, Investigating. */
  private AIAnalysis handedOver(AIAnalysis aia) {
    UpdateControl<AIAnalysis> control = reconciler.reconcile(aia, context);
    assertThat(control.isPatchStatus()).isTrue();
    AIAnalysis written = control.getResource().orElseThrow();
    assertThat(written.getStatus().getPhase()).isEqualTo(AnalysisPhase.Investigating);
    assertThat(written.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase).containsExactly("Investigating");
    assertThat(written.getStatus().getConditions()).singleElement()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("Analyzing"));
    assertThat(written.getStatus().getCompletionTime()).isNull();
    return written;
  }

  @Test
  void aCallOutThatThrowsIsWrittenAsFailedWhenItsEventComes() throws Exception {
    AIAnalysisStatus status = statusAfterACallOutThatThrows(new IllegalStateException("catalog unavailable"));

    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.getMessage()).contains("the analysis failed: catalog unavailable");
  }

  @Test
  void anErrorOnTheAnalysisThreadStillEndsTheAnalysisAsFailed() throws Exception {
    AIAnalysisStatus status = statusAfterACallOutThatThrows(new NoClassDefFoundError("com/example/llm/Client"));

    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.getMessage()).contains("com/example/llm/Client");
  }

  /** Hands a call out that throws {@code thrown} once the reconcile has returned; the status written after its event. */
  private AIAnalysisStatus statusAfterACallOutThatThrows(Throwable thrown) throws Exception {
    policyWithStrictGates();
    EventHandler handler = answersTo(mock(EventHandler.class));
    when(analyzer.callsOut()).thenReturn(true);
    CountDownLatch handedOver = new CountDownLatch(1);
    when(analyzer.analyze(any(), any())).thenAnswer(call -> {
      assertThat(handedOver.await(10, TimeUnit.SECONDS)).isTrue();
      throw thrown;
    });

    handedOver(analysis("u-2"));
    handedOver.countDown();
    verify(handler, timeout(10_000)).handleEvent(any());
    return reconciler.reconcile(analysis("u-2"), context).getResource().orElseThrow().getStatus();
  }

  @Test
  void aCallStillQueuedWhenItsAnalysisEndsOtherwiseNeverStarts() throws Exception {
    policyWithStrictGates();
    answersTo(mock(EventHandler.class));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(AnalysisRunner.THREADS);
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    when(analyzer.callsOut()).thenReturn(true);
    when(analyzer.analyze(any(), any())).thenAnswer(call -> {
      asked.incrementAndGet();
      busy.countDown();
      assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      return answered("llm");
    });
    for (int i = 0; i < AnalysisRunner.THREADS; i++) {
      reconciler.reconcile(analysis("busy-" + i), context);
    }
    assertThat(busy.await(10, TimeUnit.SECONDS)).as("every thread of the runner busy").isTrue();
    handedOver(analysis("queued"));

    // Its parent stops it meanwhile: the stopped analysis is reconciled, and its call is dropped.
    AIAnalysis stopped = analysis("queued");
    stopped.setStatus(new AIAnalysisStatus());
    stopped.getStatus().setPhase(AnalysisPhase.Failed);
    assertThat(reconciler.reconcile(stopped, context).isNoUpdate()).isTrue();
    release.countDown();

    for (int i = 0; i < AnalysisRunner.THREADS; i++) {
      String uid = "busy-" + i;
      await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.reconcile(analysis(uid), context).getResource()
          .map(a -> a.getStatus().getPhase() == AnalysisPhase.Completed).orElse(false));
    }
    // The queued call too has been taken off the queue: made (a broken cancel) or dropped.
    await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.runner().callsEnded() == AnalysisRunner.THREADS + 1);
    assertThat(asked).hasValue(AnalysisRunner.THREADS);
    verify(analyzer, times(AnalysisRunner.THREADS)).analyze(any(), any());
  }

  @Test
  void anAnalysisThatThrowsFailsWithTheCauseInItsMessage() {
    policyWithStrictGates();
    when(analyzer.analyze(any(), any())).thenThrow(new IllegalStateException("catalog unavailable"));

    UpdateControl<AIAnalysis> control = reconciler.reconcile(Resources.analysis(), context);

    assertThat(control.isPatchStatus()).isTrue();
    AIAnalysisStatus status = control.getResource().orElseThrow().getStatus();
    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.getMessage()).isEqualTo("AIAnalysis ar-1-analysis failed: the analysis failed: catalog unavailable. "
        + "The parent AlertRemediation fails with it; check the investigator settings.");
  }

  @Test
  void whenNoInvestigatorAnswersTheAnalysisFails() {
    policyWithStrictGates();
    when(analyzer.analyze(any(), any())).thenReturn(new AnalysisResult(AIAnalysisStatusWriter.NOBODY, null, null, null,
        null, List.of("rules: no rule matched"), 0, false, true, null));

    AIAnalysisStatus status = reconciler.reconcile(Resources.analysis(), context).getResource().orElseThrow().getStatus();

    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.getConditions()).singleElement().satisfies(c -> assertThat(c.getReason())
        .isEqualTo("NoInvestigatorAnswered"));
  }

  @Test
  void aCompletedFailedOrStoppedAnalysisIsNeverRedone() {
    AIAnalysis completed = Resources.analysis();
    completed.setStatus(new AIAnalysisStatus());
    completed.getStatus().setPhase(AnalysisPhase.Completed);
    AIAnalysis failed = Resources.analysis();
    failed.setStatus(new AIAnalysisStatus());
    failed.getStatus().setPhase(AnalysisPhase.Failed);
    AIAnalysis stopped = Resources.analysis();
    stopped.setStatus(new AIAnalysisStatus());
    stopped.getStatus().setPhaseHistory(List.of(new PhaseTransition("Failed", NOW.toString(),
        "Stopped because AlertRemediation ar-1 ended as TimedOut.")));

    for (AIAnalysis aia : List.of(completed, failed, stopped)) {
      assertThat(reconciler.reconcile(aia, context).isNoUpdate()).isTrue();
    }
    verifyNoInteractions(analyzer, policies);
  }
}
