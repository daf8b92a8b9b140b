package io.kubernaut.k8s.analysis;

import io.kubernaut.k8s.fakes.MovableClock;
import io.kubernaut.k8s.fakes.Resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.remediation.ChildFactory;
import io.kubernaut.k8s.runtime.PrimaryRelays;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.ports.pipeline.ChildKind;
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
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.embedded.EmbeddedApiServer;
import io.kubernaut.k8s.status.StatusPatches;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
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

  private final io.kubernaut.k8s.fakes.InMemoryAuditTrail audit = new io.kubernaut.k8s.fakes.InMemoryAuditTrail();
  private AIAnalysisReconciler reconciler;
  @TempDir
  Path dir;
  private EmbeddedApiServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void setUp() {
    reconciler = new AIAnalysisReconciler(analyzer, policies, audit, relays(), Clock.fixed(NOW, ZoneOffset.UTC));
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

    AIAnalysis aia = stored("u-0");
    UpdateControl<AIAnalysis> control = reconciler.reconcile(aia, context);

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
    assertThat(control.isNoUpdate()).as("the status is written by the reconciler, onto the version read").isTrue();
    AIAnalysisStatus status = fresh(aia).getStatus();
    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(status.getInvestigator()).isEqualTo("llm");
    assertThat(status.getRecommendations()).containsExactly(RESTART);
    assertThat(status.getApprovalRequired()).isTrue();
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Investigating", "Analyzing", "Recommending", "Completed");
    assertThat(io.kubernaut.k8s.fakes.TestSealer.SEALER.broken(fresh(aia))).as("sealed: the remediation acts on it")
        .isEmpty();
    assertThat(io.kubernaut.k8s.status.StatusSealer.random().broken(fresh(aia))).as("not by another key").isPresent();
  }

  /**
   * A refused write (409) is safe only because every update of an analysis that may still need work
   * reconciles it again: every update of one not ended; with investigators called out to, its ending (that
   * reconcile forgets their outcome or cancels a call not started) and any update while the runner keeps an
   * outcome. An update of one ended by the rule engine, among them the echo of its own final write,
   * reconciles nothing: a reconcile would leave it as it is.
   */
  @Test
  void anUpdateOfAnAnalysisReconcilesItUnlessItHasEndedAndNothingOfItIsKept() throws Exception {
    policyWithStrictGates();
    when(analyzer.analyze(any(), eq(STRICT))).thenReturn(answered("rules"));
    AIAnalysis read = stored("u-12");
    AIAnalysis relabelled = fresh(read);
    relabelled.getMetadata().setLabels(Map.of("team", "shop"));
    assertThat(reconciler.triggers(relabelled, read)).as("not ended").isTrue();

    reconciler.reconcile(read, context);
    AIAnalysis ended = fresh(read);
    assertThat(ended.getStatus().getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(reconciler.triggers(ended, read)).as("the rule engine: the echo of its own final write").isFalse();
    AIAnalysis relabelledEnded = fresh(read);
    relabelledEnded.getMetadata().setLabels(Map.of("team", "shop"));
    assertThat(reconciler.triggers(relabelledEnded, ended)).as("ended before").isFalse();

    // Calling out: its ending reconciles it, which forgets the outcome; after that nothing does.
    EventHandler handler = answersTo(mock(EventHandler.class));
    CountDownLatch answer = new CountDownLatch(1);
    callsOutAnsweringAfter(answer);
    AIAnalysis next = stored("u-14");
    AIAnalysis waiting = handedOver(next);
    answer.countDown();
    verify(handler, timeout(10_000)).handleEvent(any());
    assertThat(reconciler.reconcile(waiting, context).isNoUpdate()).isTrue();
    AIAnalysis done = fresh(next);
    assertThat(done.getStatus().getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(reconciler.triggers(done, waiting)).as("its ending, the outcome kept").isTrue();
    assertThat(reconciler.reconcile(done, context).isNoUpdate()).isTrue();
    AIAnalysis relabelledDone = fresh(next);
    relabelledDone.getMetadata().setLabels(Map.of("team", "shop"));
    assertThat(reconciler.triggers(relabelledDone, done)).as("ended before, the outcome forgotten").isFalse();
  }

  @Test
  void aStopByTheParentWhileTheRuleEngineAnswersIsNeverWrittenOver() {
    policyWithStrictGates();
    AIAnalysis read = stored("u-9");
    when(analyzer.analyze(any(), eq(STRICT))).thenAnswer(call -> {
      // The parent stops it (its remediation ended) after this reconcile read it, before it writes.
      StatusPatches.setStatusFields(kube(), read, false, Map.of("phase", AnalysisPhase.Failed.name(),
          "message", "Stopped because AlertRemediation ar-1 ended as TimedOut."));
      return answered("rules");
    });

    assertThat(reconciler.reconcile(read, context).isNoUpdate()).isTrue();

    AIAnalysisStatus status = fresh(read).getStatus();
    assertThat(status.getPhase()).as("the answer is not written over the stop").isEqualTo(AnalysisPhase.Failed);
    assertThat(status.getMessage()).startsWith("Stopped because");
    assertThat(reconciler.reconcile(fresh(read), context).isNoUpdate()).as("ended: not asked again").isTrue();
    verify(analyzer).analyze(any(), eq(STRICT));
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

  /** The relays as before the controllers have listed: they read from the API server. */
  private PrimaryRelays relays() {
    return PrimaryRelays.on(kube(), io.kubernaut.k8s.fakes.TestSealer.SEALER);
  }

  /** The API server the writes of analyses that call out go to (they write onto the version read). */
  private KubernetesClient kube() {
    if (server == null) {
      server = new EmbeddedApiServer(dir, Resources.NS, 0).start();
      org.mockito.Mockito.lenient().when(context.getClient()).thenReturn(server.client());
    }
    return server.client();
  }

  /**
   * The analysis of a remediation named {@code remediation}, stored on the API server as the remediation
   * builds it (after the remediation and its processing, which it is checked against): the version a
   * reconcile reads.
   */
  private AIAnalysis stored(String remediation) {
    return kube().resource(built(remediation)).create();
  }

  /** The analysis remediation {@code remediation} builds, not stored yet (its remediation and processing are). */
  private AIAnalysis built(String remediation) {
    AlertRemediation ar = Resources.remediation();
    ar.getMetadata().setName(remediation);
    ar.getMetadata().setGeneration(null);
    ar.getSpec().setAnnotations(Map.of("summary", "api restarts"));
    ar = kube().resource(ar).create();
    AlertProcessing ap = new AlertProcessing();
    ap.setMetadata(Children.ownedBy(ar, ChildKind.PROCESSING.childName(remediation)));
    ap.setSpec(Resources.processing().getSpec());
    ap.getSpec().setRemediationRef(new io.kubernaut.k8s.crd.RemediationRef(remediation));
    ap = kube().resource(ap).create();
    AlertProcessingStatus classified = new AlertProcessingStatus();
    classified.setSeverity("critical");
    classified.setEnvironment("production");
    ap.setStatus(classified);
    ap = kube().resource(ap).updateStatus();
    AIAnalysis aia = new AIAnalysis();
    aia.setMetadata(Children.ownedBy(ar, ChildKind.ANALYSIS.childName(remediation)));
    aia.setSpec(ChildFactory.analysisSpec(ar, ap));
    return aia;
  }

  /** {@code aia} as the API server holds it now. */
  private AIAnalysis fresh(AIAnalysis aia) {
    return kube().resources(AIAnalysis.class).inNamespace(aia.getMetadata().getNamespace())
        .withName(aia.getMetadata().getName()).get();
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
    AIAnalysis aia = stored("u-1");

    // The reconcile hands the call over and returns while the investigator has not answered, with
    // the phase that says so.
    AIAnalysis investigating = handedOver(aia);
    assertThat(investigating.getStatus().getMessage()).contains("is asking its investigators", "KubePodCrashLooping");
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(thread.get()).startsWith("kubernaut-analysis-");
    assertThat(reconciler.reconcile(investigating, context).isNoUpdate()).as("asked again meanwhile").isTrue();
    assertThat(fresh(aia).getMetadata().getResourceVersion()).isEqualTo(investigating.getMetadata().getResourceVersion());
    verify(handler, never()).handleEvent(any());

    release.countDown();
    ArgumentCaptor<Event> event = ArgumentCaptor.forClass(Event.class);
    verify(handler, timeout(10_000)).handleEvent(event.capture());
    assertThat(event.getValue().getRelatedCustomResourceID()).isEqualTo(ResourceID.fromResource(aia));
    // A reconcile that read an older version: the write is refused (409) and nothing is written over.
    assertThat(reconciler.reconcile(aia, context).isNoUpdate()).isTrue();
    assertThat(fresh(aia).getStatus().getPhase()).isEqualTo(AnalysisPhase.Investigating);
    // The next reconcile writes the same answer, not asked for a second time.
    assertThat(reconciler.reconcile(investigating, context).isNoUpdate()).isTrue();

    AIAnalysisStatus status = fresh(aia).getStatus();
    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(status.getInvestigator()).isEqualTo("llm");
    assertThat(status.getRecommendations()).containsExactly(RESTART);
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Investigating", "Analyzing", "Recommending", "Completed");
    // Once it shows as ended, the answer is forgotten.
    assertThat(reconciler.reconcile(fresh(aia), context).isNoUpdate()).isTrue();
    verify(analyzer, times(1)).analyze(any(), any());
  }

  @Test
  void aStopByTheParentWhileTheCallRunsIsNeverWrittenOver() throws Exception {
    policyWithStrictGates();
    EventHandler handler = answersTo(mock(EventHandler.class));
    CountDownLatch release = new CountDownLatch(1);
    callsOutAnsweringAfter(release);
    AIAnalysis read = stored("u-3");
    // The parent stops it (its remediation ended) after this reconcile read it, before it writes.
    StatusPatches.setStatusFields(kube(), read, false, Map.of("phase", AnalysisPhase.Failed.name(),
        "message", "Stopped because AlertRemediation ar-1 ended as Cancelled."));

    assertThat(reconciler.reconcile(read, context).isNoUpdate()).isTrue();
    release.countDown();
    verify(handler, timeout(10_000)).handleEvent(any());
    assertThat(reconciler.reconcile(read, context).isNoUpdate()).isTrue();

    AIAnalysisStatus status = fresh(read).getStatus();
    assertThat(status.getPhase()).as("neither Investigating nor the answer over the stop").isEqualTo(AnalysisPhase.Failed);
    assertThat(status.getMessage()).startsWith("Stopped because");
    assertThat(reconciler.reconcile(fresh(read), context).isNoUpdate()).isTrue();
  }

  /** The chain calls out, and each call answers only once {@code release} is counted down. */
  private void callsOutAnsweringAfter(CountDownLatch release) {
    when(analyzer.callsOut()).thenReturn(true);
    when(analyzer.analyze(any(), any())).thenAnswer(call -> {
      assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      return answered("llm");
    });
  }

  /** Reconciles {@code aia}, new, whose call is handed over: the status it writes meanwhile, Investigating. */
  private AIAnalysis handedOver(AIAnalysis aia) {
    assertThat(reconciler.reconcile(aia, context).isNoUpdate()).isTrue();
    AIAnalysis written = fresh(aia);
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

    AIAnalysis investigating = handedOver(stored("u-2"));
    handedOver.countDown();
    verify(handler, timeout(10_000)).handleEvent(any());
    assertThat(reconciler.reconcile(investigating, context).isNoUpdate()).isTrue();
    return fresh(investigating).getStatus();
  }

  @Test
  void aCallStillQueuedWhenItsAnalysisEndsOtherwiseNeverStarts() throws Exception {
    // Two investigations at once (KUBERNAUT_INVESTIGATION_CONCURRENCY=2): a third waits in the queue.
    reconciler = new AIAnalysisReconciler(analyzer, policies, audit, relays(),
        Clock.fixed(NOW, ZoneOffset.UTC), 2);
    int threads = reconciler.runner().threads();
    assertThat(threads).isEqualTo(2);
    policyWithStrictGates();
    answersTo(mock(EventHandler.class));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(threads);
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    when(analyzer.callsOut()).thenReturn(true);
    when(analyzer.analyze(any(), any())).thenAnswer(call -> {
      asked.incrementAndGet();
      busy.countDown();
      assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      return answered("llm");
    });
    List<AIAnalysis> running = new java.util.ArrayList<>();
    for (int i = 0; i < threads; i++) {
      running.add(handedOver(stored("busy-" + i)));
    }
    assertThat(busy.await(10, TimeUnit.SECONDS)).as("every thread of the runner busy").isTrue();
    AIAnalysis queued = handedOver(stored("queued"));

    // Its parent stops it meanwhile: the stopped analysis is reconciled, and its call is dropped.
    AIAnalysis stopped = fresh(queued);
    stopped.getStatus().setPhase(AnalysisPhase.Failed);
    assertThat(reconciler.reconcile(stopped, context).isNoUpdate()).isTrue();
    release.countDown();

    for (AIAnalysis each : running) {
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        reconciler.reconcile(fresh(each), context);
        return fresh(each).getStatus().getPhase() == AnalysisPhase.Completed;
      });
    }
    // The queued call too has been taken off the queue: made (a broken cancel) or dropped.
    await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.runner().callsEnded() == threads + 1);
    assertThat(asked).hasValue(threads);
    verify(analyzer, times(threads)).analyze(any(), any());
  }

  @Test
  void anAnalysisThatWaitedForAThreadStartedWhenItWasHandedOver() throws Exception {
    MovableClock ticking = new MovableClock(NOW);
    reconciler = new AIAnalysisReconciler(analyzer, policies, audit, relays(), ticking, 1);
    policyWithStrictGates();
    EventHandler handler = answersTo(mock(EventHandler.class));
    CountDownLatch release = new CountDownLatch(1);
    callsOutAnsweringAfter(release);
    handedOver(stored("first"));
    AIAnalysis waiting = handedOver(stored("waiting"));

    ticking.advance(Duration.ofSeconds(5)); // the first call holds the one thread for 5 s
    release.countDown();
    verify(handler, timeout(10_000).times(2)).handleEvent(any());
    assertThat(reconciler.reconcile(waiting, context).isNoUpdate()).isTrue();

    AIAnalysisStatus status = fresh(waiting).getStatus();
    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(status.getStartTime()).isEqualTo(NOW.toString());
    assertThat(status.getPhaseHistory().get(0).getPhase()).isEqualTo("Investigating");
    assertThat(status.getPhaseHistory().get(0).getEnteredAt()).isEqualTo(NOW.toString());
  }

  @Test
  void theDefaultIsEightInvestigationsAtOnceAndFewerThanOneIsRefused() {
    assertThat(reconciler.runner().threads()).isEqualTo(8);
    assertThatThrownBy(() -> new AIAnalysisReconciler(analyzer, policies, audit, relays(),
        Clock.fixed(NOW, ZoneOffset.UTC), 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
  }

  @Test
  void anAnalysisThatThrowsFailsWithTheCauseInItsMessage() {
    policyWithStrictGates();
    when(analyzer.analyze(any(), any())).thenThrow(new IllegalStateException("catalog unavailable"));

    AIAnalysis aia = stored("u-7");
    assertThat(reconciler.reconcile(aia, context).isNoUpdate()).isTrue();

    AIAnalysisStatus status = fresh(aia).getStatus();
    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.getMessage()).isEqualTo("AIAnalysis u-7-analysis failed: the analysis failed: catalog unavailable. "
        + "The parent AlertRemediation fails with it; check the investigator settings.");
  }

  @Test
  void whenNoInvestigatorAnswersTheAnalysisFails() {
    policyWithStrictGates();
    when(analyzer.analyze(any(), any())).thenReturn(new AnalysisResult(AIAnalysisStatusWriter.NOBODY, null, null, null,
        null, List.of("rules: no rule matched"), 0, false, true, null));

    AIAnalysis aia = stored("u-8");
    reconciler.reconcile(aia, context);
    AIAnalysisStatus status = fresh(aia).getStatus();

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

  @Test
  void anAnalysisMadeByHandIsRefusedBeforeAnyInvestigatorIsAskedAndTheRefusalIsAuditedOnce() {
    AIAnalysis forged = built("u-20");
    forged.getMetadata().setOwnerReferences(List.of()); // created by someone, controlled by no remediation
    forged = kube().resource(forged).create();

    reconciler.reconcile(forged, context);
    reconciler.reconcile(fresh(forged), context); // ended: not looked at again

    verifyNoInteractions(analyzer, policies);
    AIAnalysisStatus status = fresh(forged).getStatus();
    assertThat(status.getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.getRecommendations()).isNull();
    assertThat(Resources.condition(status, "Ready").getReason()).isEqualTo("Rejected");
    assertThat(status.getMessage()).isEqualTo("AIAnalysis u-20-analysis is not the one its AlertRemediation built: it "
        + "is not controlled by an AlertRemediation (no controller owner reference); an analysis is created by its "
        + "remediation only, so it was made or changed by hand; no investigator was asked and nothing was acted on. "
        + "See who created it in its managedFields.");
    String id = Children.unownedId("AIAnalysis", Resources.NS, "u-20-analysis");
    assertThat(audit.events).singleElement().satisfies(e -> {
      assertThat(e.idempotencyKey()).isEqualTo(id + "/refusal/AIAnalysis/u-20-analysis");
      assertThat(e.detail("rule", "")).isEqualTo("Rejected");
    });
    assertThat(kube().v1().events().inNamespace(Resources.NS).list().getItems())
        .filteredOn(e -> "u-20-analysis".equals(e.getInvolvedObject().getName())).singleElement()
        .satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo("Rejected");
        });
  }

  @Test
  void anAnalysisWhoseSpecIsNotWhatItsRemediationBuildsIsRefusedWithoutCallingOut() {
    AIAnalysis elsewhere = built("u-21");
    // Under the real remediation's control, but about another target: HolmesGPT would read the cluster about it.
    elsewhere.getSpec().setTarget(new io.kubernaut.k8s.crd.ObjectRef("Secret", "payments", "db-credentials"));
    elsewhere = kube().resource(elsewhere).create();

    reconciler.reconcile(elsewhere, context);

    verifyNoInteractions(analyzer);
    assertThat(fresh(elsewhere).getStatus().getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(fresh(elsewhere).getStatus().getMessage()).contains("its spec differs from what AlertRemediation u-21 "
        + "builds from its alert and its processing's result, so it was made or changed by hand");
    assertThat(audit.events).singleElement().satisfies(e -> assertThat(e.idempotencyKey())
        .isEqualTo("u-21/refusal/AIAnalysis/u-21-analysis"));
  }

  @Test
  void anAnalysisUnderAnotherNameOrWhoseProcessingIsGoneIsRefused() {
    AIAnalysis renamed = built("u-22");
    renamed.getMetadata().setName("u-22-second-opinion");
    renamed = kube().resource(renamed).create();
    AIAnalysis orphaned = stored("u-23");
    kube().resources(AlertProcessing.class).inNamespace(Resources.NS).withName("u-23-processing").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> kube().resources(AlertProcessing.class).inNamespace(Resources.NS)
        .withName("u-23-processing").get() == null);

    reconciler.reconcile(renamed, context);
    reconciler.reconcile(orphaned, context);

    verifyNoInteractions(analyzer);
    assertThat(fresh(renamed).getStatus().getMessage()).contains("AlertRemediation u-22 names its analysis u-22-analysis");
    assertThat(fresh(orphaned).getStatus().getMessage()).isEqualTo("AIAnalysis u-23-analysis is refused: it cannot be "
        + "checked against the result of AlertRemediation u-23's AlertProcessing, which is gone. No investigator was "
        + "asked and nothing was acted on.");
    assertThat(audit.byKey()).containsKeys("u-22/refusal/AIAnalysis/u-22-second-opinion",
        "u-23/refusal/AIAnalysis/u-23-analysis");
    assertThat(List.of(fresh(renamed), fresh(orphaned))).allSatisfy(a ->
        assertThat(a.getStatus().getPhase()).isEqualTo(AnalysisPhase.Failed));
  }

  @Test
  void anAnalysisWhoseRemediationIsGoneOrEndedIsNotInvestigatedAndNotAuditedAsARefusal() {
    AIAnalysis ofAGone = built("u-24");
    // Its remediation was deleted and another of the same name created: the owner reference's uid no longer matches.
    AlertRemediation first = kube().resources(AlertRemediation.class).inNamespace(Resources.NS).withName("u-24").get();
    ofAGone.getMetadata().getOwnerReferences().get(0).setUid(first.getMetadata().getUid() + "-gone");
    ofAGone = kube().resource(ofAGone).create();
    AIAnalysis ofAnEnded = stored("u-25");
    StatusPatches.setStatusFields(kube(), kube().resources(AlertRemediation.class).inNamespace(Resources.NS)
        .withName("u-25").get(), false, Map.of("phase", "Cancelled"));

    reconciler.reconcile(ofAGone, context);
    reconciler.reconcile(ofAnEnded, context);

    verifyNoInteractions(analyzer);
    assertThat(fresh(ofAGone).getStatus().getMessage()).isEqualTo("AIAnalysis u-24-analysis was not investigated: "
        + "AlertRemediation u-24, which controlled it, is gone.");
    assertThat(fresh(ofAnEnded).getStatus().getMessage()).isEqualTo("AIAnalysis u-25-analysis was not investigated: "
        + "AlertRemediation u-25 has ended or is being deleted.");
    assertThat(List.of(fresh(ofAGone), fresh(ofAnEnded))).allSatisfy(a -> {
      assertThat(a.getStatus().getPhase()).isEqualTo(AnalysisPhase.Failed);
      assertThat(Resources.condition(a.getStatus(), "Ready").getReason()).isEqualTo("ParentEnded");
    });
    assertThat(audit.events).as("overtaken, not forged").isEmpty();
  }

  @Test
  void aRefusalTheAuditTrailCannotTakeYetIsNotWrittenAndIsTriedAgain() {
    AIAnalysis forged = built("u-26");
    forged.getMetadata().setOwnerReferences(List.of());
    forged = kube().resource(forged).create();
    audit.refuseNext = 1;

    UpdateControl<AIAnalysis> first = reconciler.reconcile(forged, context);

    assertThat(first.getScheduleDelay()).hasValue(5_000L);
    assertThat(fresh(forged).getStatus()).as("nothing written before the refusal is in the trail").isNull();
    reconciler.reconcile(fresh(forged), context);
    assertThat(fresh(forged).getStatus().getPhase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(audit.byKey()).hasSize(1);
    verifyNoInteractions(analyzer);
  }

  @Test
  void aRemediationCachedAsAnEarlierOneOfTheSameNameIsReadAgainBeforeItsAnalysisIsJudged() throws Exception {
    policyWithStrictGates();
    when(analyzer.analyze(any(), eq(STRICT))).thenReturn(answered("rules"));
    io.kubernaut.k8s.fakes.RelayedRemediations remediations = new io.kubernaut.k8s.fakes.RelayedRemediations(kube());
    reconciler = new AIAnalysisReconciler(analyzer, policies, audit, remediations.relays(), Clock.fixed(NOW, ZoneOffset.UTC));
    AIAnalysis aia = stored("u-27");
    // The cache still holds an earlier u-27 (another uid) while the API server has the one that built the analysis.
    AlertRemediation earlier = kube().resources(AlertRemediation.class).inNamespace(Resources.NS).withName("u-27").get();
    earlier.getMetadata().setUid("uid-of-an-earlier-u-27");
    remediations.cache(earlier);

    reconciler.reconcile(aia, context);

    verify(analyzer).analyze(any(), eq(STRICT));
    assertThat(fresh(aia).getStatus().getPhase()).isEqualTo(AnalysisPhase.Completed);
    assertThat(audit.events).isEmpty();
  }

  @Test
  void anAnalysisWhoseProcessingWentWithItsRemediationsCleanupIsOvertakenEvenWhenTheCacheLags() throws Exception {
    io.kubernaut.k8s.fakes.RelayedRemediations remediations = new io.kubernaut.k8s.fakes.RelayedRemediations(kube());
    reconciler = new AIAnalysisReconciler(analyzer, policies, audit, remediations.relays(), Clock.fixed(NOW, ZoneOffset.UTC));
    AIAnalysis aia = stored("u-28");
    AlertRemediation alive = kube().resources(AlertRemediation.class).inNamespace(Resources.NS).withName("u-28").get();
    remediations.cache(alive); // the cache has not seen the deletion yet
    alive.getMetadata().setFinalizers(List.of("kubernaut.io/test-cleanup"));
    kube().resource(alive).update();
    kube().resources(AlertRemediation.class).inNamespace(Resources.NS).withName("u-28").delete();
    kube().resources(AlertProcessing.class).inNamespace(Resources.NS).withName("u-28-processing").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> kube().resources(AlertProcessing.class).inNamespace(Resources.NS)
        .withName("u-28-processing").get() == null);

    reconciler.reconcile(aia, context);

    verifyNoInteractions(analyzer);
    assertThat(fresh(aia).getStatus().getMessage()).isEqualTo("AIAnalysis u-28-analysis was not investigated: "
        + "AlertRemediation u-28 has ended or is being deleted.");
    assertThat(audit.events).as("its remediation's cleanup, not a forgery").isEmpty();
  }
}
