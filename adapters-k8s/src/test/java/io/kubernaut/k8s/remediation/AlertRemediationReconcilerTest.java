package io.kubernaut.k8s.remediation;

import static io.kubernaut.k8s.fakes.Resources.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.fakes.TestSealer;
import io.kubernaut.k8s.crd.AlertRemediationStatus;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionStatus;
import io.kubernaut.k8s.fakes.RecordedRequests;
import io.kubernaut.k8s.fakes.Resources;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.ports.audit.AuditEvent;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.audit.RecordResult;
import io.kubernaut.ports.in.DecideRemediation;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.AuditTrail;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.ports.notification.NotificationDetails;
import io.kubernaut.ports.out.Notifier;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.remediation.RemediationDecision;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * The central controller acts on the decision of a mocked {@link DecideRemediation} against the
 * CRUD mock API server: it creates and stops children, audits and escalates a transition once,
 * and writes status once and only when it changed.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MockitoExtension.class)
class AlertRemediationReconcilerTest {

  private static final String NS = Resources.NS;
  private static final Instant NOW = Resources.RECEIVED.plusSeconds(40);
  private static final String PROCESSING_MESSAGE = "AlertRemediation ar-1 is being enriched and classified by ar-1-processing.";
  private static final RemediationDecision CREATE_PROCESSING = new RemediationDecision(RemediationPhase.Processing, null,
      ConditionReason.Processing, PROCESSING_MESSAGE, ChildKind.PROCESSING, List.of(), null, null, null,
      Duration.ofMinutes(5), false);
  private static final RemediationDecision TIMED_OUT = new RemediationDecision(RemediationPhase.TimedOut, "TimedOut",
      ConditionReason.TimedOut, "AlertRemediation ar-1 timed out in Analyzing after 10m.", null,
      List.of(ChildKind.ANALYSIS), ConditionReason.ParentTimedOut, "Analyzing", NotificationType.TIMED_OUT, null, false);
  /** What a settled remediation is decided again: the same phase and escalation, nothing left to stop. */
  private static final RemediationDecision SETTLED = new RemediationDecision(RemediationPhase.TimedOut, "TimedOut",
      ConditionReason.TimedOut, TIMED_OUT.message(), null, List.of(), null, "Analyzing", NotificationType.TIMED_OUT, null,
      false);

  KubernetesMockServer server;
  KubernetesClient client;

  @Mock
  private DecideRemediation conductor;
  @Mock
  private AuditTrail auditTrail;
  @Mock
  private Notifier notifier;
  @Mock
  private PipelineMetrics metrics;
  @Mock
  private PolicySource policies;
  @Mock
  private Context<AlertRemediation> context;

  private AlertRemediationReconciler reconciler;
  private io.kubernaut.k8s.safety.DisruptionLedger ledger;
  private io.kubernaut.k8s.runtime.PrimaryRelays relays;

  @BeforeEach
  void setUp() {
    ledger = new io.kubernaut.k8s.safety.DisruptionLedger(new io.kubernaut.k8s.safety.SafetyInformers(client, NS),
        new io.kubernaut.k8s.fakes.LookupCatalog(action -> Optional.empty()), Clock.fixed(NOW, ZoneOffset.UTC));
    relays = io.kubernaut.k8s.runtime.PrimaryRelays.on(client, TestSealer.SEALER);
    reconciler = new AlertRemediationReconciler(conductor, client, policies, auditTrail, notifier, metrics, relays,
        ledger, Clock.fixed(NOW, ZoneOffset.UTC));
    lenient().when(policies.current()).thenReturn(PipelinePolicy.defaults()); // a cleanup reads the safety windows
    lenient().when(auditTrail.configured()).thenReturn(true); // an audit database is configured (a mock says false)
    client.resource(Resources.remediation()).create();
  }

  private AlertRemediation remediation() {
    return client.resources(AlertRemediation.class).inNamespace(NS).withName(Resources.AR).get();
  }

  /** The remediation on the server, as a cleanup gets it with status in {@code phase} (not written back). */
  private AlertRemediation inPhase(RemediationPhase phase) {
    AlertRemediation ar = remediation();
    AlertRemediationStatus status = new AlertRemediationStatus();
    status.setPhase(phase);
    ar.setStatus(status);
    return ar;
  }

  /** The remediation on the server, moved to Analyzing 30 s ago. */
  private AlertRemediation analyzing() {
    AlertRemediation ar = remediation();
    AlertRemediationStatus analyzing = new AlertRemediationStatus();
    analyzing.setPhase(RemediationPhase.Analyzing);
    analyzing.setStartTime(Resources.RECEIVED.toString());
    analyzing.setPhaseHistory(List.of(new PhaseTransition("Analyzing", NOW.minusSeconds(30).toString(), "Analyzing.")));
    ar.setStatus(analyzing);
    return client.resource(ar).updateStatus();
  }

  /** Reconciles the AlertRemediation as the server has it; returns the API requests the reconcile made. */
  private List<RecordedRequest> reconcile(RemediationDecision decision) throws InterruptedException {
    when(conductor.decide(any())).thenReturn(decision);
    AlertRemediation ar = remediation();
    drainRequests();
    reconciler.reconcile(ar, context);
    return drainRequests();
  }

  private List<RecordedRequest> drainRequests() throws InterruptedException {
    return RecordedRequests.drain(server);
  }

  private static long statusWrites(List<RecordedRequest> requests) {
    return requests.stream().filter(r -> !r.getMethod().equals("GET") && r.getPath().contains("/alertremediations/")
        && r.getPath().contains("/status")).count();
  }

  /**
   * The informer cache holds {@code child} as the remediation's own (controlled by it, as the
   * operator creates its children); lenient, since the context is asked for every kind.
   */
  private <C extends HasMetadata> void childInCache(Class<C> kind, C child) {
    if (child.getMetadata().getOwnerReferences() == null || child.getMetadata().getOwnerReferences().isEmpty()) {
      child.getMetadata().setOwnerReferences(Children.ownedBy(remediation(), child.getMetadata().getName())
          .getOwnerReferences());
    }
    foundByName(kind, child);
  }

  /** The informer cache finds {@code child} by the name of the remediation's child of its kind, whoever owns it. */
  private <C> void foundByName(Class<C> kind, C child) {
    lenient().when(context.getSecondaryResource(kind)).thenReturn(Optional.of(child));
  }

  @Test
  void aRemediationDeletedBeforeItEndedGetsAFinalRecordAndOneThatEndedGetsNoSecond() {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    AlertRemediation running = remediation();
    AlertRemediationStatus executing = new AlertRemediationStatus();
    executing.setPhase(RemediationPhase.Executing);
    running.setStatus(executing);

    reconciler.cleanup(running, context);

    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    verify(auditTrail).record(audited.capture());
    assertThat(audited.getValue().type()).isEqualTo(AuditEventType.REMEDIATION_FINAL);
    assertThat(audited.getValue().idempotencyKey()).isEqualTo("ar-1/final");
    assertThat(audited.getValue().payload()).containsEntry("outcome", "Deleted").containsEntry("phase", "Cancelled")
        .hasEntrySatisfying("reason", r -> assertThat(r).contains("was deleted in Executing"));

    clearInvocations(auditTrail);
    AlertRemediationStatus completed = new AlertRemediationStatus();
    completed.setPhase(RemediationPhase.Completed);
    completed.setOutcome("Remediated");
    completed.setCompletionTime(NOW.toString());
    running.setStatus(completed);
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(false);
    reconciler.cleanup(running, context);
    verify(auditTrail, atLeastOnce()).record(audited.capture());
    assertThat(audited.getAllValues()).as("ended, its end not stored yet (a database outage): derived once more")
        .anySatisfy(e -> {
          assertThat(e.idempotencyKey()).isEqualTo("ar-1/final");
          assertThat(e.payload()).containsEntry("outcome", "Remediated");
        });

    clearInvocations(auditTrail);
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(true);
    reconciler.cleanup(running, context);
    verify(auditTrail, never()).record(any());
  }

  @Test
  void aDecisionToCreateTheProcessingChildCreatesItAuditsTheTransitionAndWritesStatusOnce() throws Exception {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    when(conductor.decide(any())).thenReturn(CREATE_PROCESSING);
    AlertRemediation ar = remediation();
    drainRequests();

    UpdateControl<AlertRemediation> control = reconciler.reconcile(ar, context);
    List<RecordedRequest> requests = drainRequests();

    ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getAllValues().get(0).name()).isEqualTo("ar-1");
    assertThat(snapshot.getAllValues().get(0).phase()).isNull();
    assertThat(snapshot.getAllValues().get(0).children()).isEmpty();
    assertThat(snapshot.getAllValues().get(0).now()).isEqualTo(NOW);
    assertThat(snapshot.getAllValues().get(0).environment()).isEqualTo("production");
    assertThat(snapshot.getAllValues().get(0).policy()).isEqualTo(PipelinePolicy.defaults());

    AlertProcessing child = client.resources(AlertProcessing.class).inNamespace(NS).withName("ar-1-processing").get();
    assertThat(child).isNotNull();
    assertThat(child.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("AlertRemediation");
      assertThat(o.getName()).isEqualTo("ar-1");
      assertThat(o.getController()).isTrue();
    });
    assertThat(child.getMetadata().getLabels()).containsEntry(KubernautLabels.REMEDIATION, "ar-1");
    assertThat(child.getSpec().getTarget().getName()).isEqualTo("api");

    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    verify(auditTrail, times(2)).record(audited.capture());
    assertThat(audited.getAllValues()).extracting(AuditEvent::idempotencyKey, AuditEvent::type).containsExactly(
        tuple("ar-1/created", AuditEventType.REMEDIATION_CREATED),
        tuple("ar-1/phase/ar-1/Processing", AuditEventType.PHASE_TRANSITION));
    verify(metrics).transition("AlertRemediation", "Processing", null, null);
    verifyNoMoreInteractions(auditTrail, metrics);
    verifyNoInteractions(notifier);

    assertThat(statusWrites(requests)).isEqualTo(1);
    AlertRemediationStatus status = remediation().getStatus();
    assertThat(status.getPhase()).isEqualTo(RemediationPhase.Processing);
    assertThat(status.getMessage()).isEqualTo(PROCESSING_MESSAGE);
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).singleElement().satisfies((Event e) -> {
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getReason()).isEqualTo("Processing");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("ar-1");
    });
    assertThat(control.isNoUpdate()).as("the reconciler wrote status itself").isTrue();
    assertThat(control.getScheduleDelay()).contains(Duration.ofMinutes(5).toMillis());
  }

  @Test
  void theFirstStatusWriteKeepsTheDuplicateCountsTheGatewayWroteAfterTheControllersViewWasRead() throws Exception {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    when(conductor.decide(any())).thenReturn(CREATE_PROCESSING);
    AlertRemediation staleView = remediation();
    client.resources(AlertRemediation.class).inNamespace(NS).withName(Resources.AR).subresource("status")
        .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"duplicates\":"
            + "{\"count\":7,\"firstSeen\":\"" + NOW + "\",\"lastSeen\":\"" + NOW + "\"}}}]");

    reconciler.reconcile(staleView, context);

    AlertRemediationStatus status = remediation().getStatus();
    assertThat(status.getPhase()).isEqualTo(RemediationPhase.Processing);
    assertThat(status.getDuplicates().getCount()).as("the gateway's flush is kept").isEqualTo(7);
  }

  @Test
  void statusIsWrittenOnlyWhenItChangedAndARepeatedDecisionDoesNothingAtAll() throws Exception {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    List<RecordedRequest> created = reconcile(CREATE_PROCESSING);
    assertThat(statusWrites(created)).as("one status write, with the transition").isEqualTo(1);
    assertThat(remediation().getStatus().getChildren()).as("the child created in the same reconcile is listed")
        .singleElement().satisfies(c -> {
          assertThat(c.getName()).isEqualTo("ar-1-processing");
          assertThat(c.getPhase()).isEqualTo("Pending");
        });
    clearInvocations(auditTrail, metrics, notifier);
    childInCache(AlertProcessing.class, client.resources(AlertProcessing.class).inNamespace(NS)
        .withName("ar-1-processing").get());
    RemediationDecision stay = RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing,
        PROCESSING_MESSAGE);

    assertThat(reconcile(stay)).as("the informer showing the child listed already writes nothing").isEmpty();
    List<RecordedRequest> unchanged = reconcile(stay);
    assertThat(unchanged).as("no API request for a decision that changes nothing").isEmpty();
    verifyNoInteractions(auditTrail, metrics, notifier);
  }

  @Test
  void theEchoOfItsOwnStatusWriteIsNotReconciledWhenTheWrittenStatusTakesNoFurtherStep() throws Exception {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    RemediationDecision waits = RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing,
        PROCESSING_MESSAGE).withRequeue(Duration.ofMinutes(7));
    when(conductor.decide(any())).thenReturn(CREATE_PROCESSING, waits);
    AlertRemediation read = remediation();

    UpdateControl<AlertRemediation> control = reconciler.reconcile(remediation(), context);
    AlertRemediation processing = remediation();

    assertThat(control.getScheduleDelay()).as("the wait decided on the status written, as its echo would have")
        .hasValue(Duration.ofMinutes(7).toMillis());
    assertThat(reconciler.triggers(processing, read)).as("its own write of Processing").isFalse();
    assertThat(reconciler.triggers(processing, read)).as("an echo is expected once").isTrue();
  }

  @Test
  void theEchoIsReconciledWhenTheWrittenStatusTakesAnotherStepOrEndsIt() throws Exception {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    AlertRemediation read = remediation();
    reconcile(CREATE_PROCESSING);
    AlertRemediation processing = remediation();
    assertThat(reconciler.triggers(processing, read)).as("decided again on what it wrote, it ensures a child")
        .isTrue();

    reconcile(TIMED_OUT);
    AlertRemediation ended = remediation();
    assertThat(reconciler.triggers(ended, processing))
        .as("its own write of an end: the reconcile that follows keeps it for its audit and retention").isTrue();
  }

  @Test
  void anUpdateOfOnlyTheGatewaysDuplicateCountsIsNotReconciledButTheStormAndAnApprovalAre() throws Exception {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    reconcile(CREATE_PROCESSING);
    AlertRemediation before = remediation();
    AlertRemediation counted = remediation();
    counted.getStatus().setDuplicates(new io.kubernaut.k8s.crd.Duplicates(3L, "2026-11-20T10:00:10Z",
        "2026-11-20T10:00:30Z"));
    counted.getStatus().setRecentDuplicates(List.of("2026-11-20T10:00:30Z"));
    counted.getMetadata().setResourceVersion("999");

    assertThat(reconciler.triggers(counted, before)).isFalse();

    AlertRemediation storm = remediation();
    storm.getStatus().setStorm(new io.kubernaut.k8s.crd.StormStatus());
    storm.getStatus().getStorm().setThreshold("rate");
    assertThat(reconciler.triggers(storm, before)).as("mirrored as the AlertStorm condition").isTrue();

    AlertRemediation approved = remediation();
    approved.getMetadata().setAnnotations(Map.of(KubernautLabels.APPROVAL, "approved"));
    assertThat(reconciler.triggers(approved, before)).isTrue();

    AlertRemediation resolved = remediation();
    resolved.getStatus().setResolvedAt("2026-11-20T10:01:00Z");
    assertThat(reconciler.triggers(resolved, before)).isTrue();
  }

  @Test
  void anEscalatingDecisionStopsTheActiveChildNotifiesOnceAndRecordsAWarning() throws Exception {
    AlertProcessing classified = client.resource(Resources.processing()).create();
    AlertProcessingStatus routed = new AlertProcessingStatus();
    routed.setPhase(io.kubernaut.ports.pipeline.ProcessingPhase.Completed);
    routed.setPriority("P0");
    classified.setStatus(TestSealer.SEALER.seal(classified, routed)); // its priority routes only with its seal
    childInCache(AlertProcessing.class, client.resource(classified).updateStatus());
    escalateToTimedOut();

    ArgumentCaptor<Notification> sent = ArgumentCaptor.forClass(Notification.class);
    verify(notifier).notify(sent.capture());
    verifyNoMoreInteractions(notifier);
    Notification n = sent.getValue();
    assertThat(n.type()).isEqualTo(NotificationType.TIMED_OUT);
    assertThat(n.remediationName()).isEqualTo("ar-1");
    assertThat(n.fingerprint()).isEqualTo(Resources.FINGERPRINT);
    assertThat(n.environment()).isEqualTo("production");
    assertThat(n.namespace()).isEqualTo("shop");
    assertThat(n.phase()).isEqualTo("TimedOut");
    assertThat(n.title()).isEqualTo("TIMED_OUT: KubePodCrashLooping on api");
    assertThat(n.body()).endsWith("kubectl describe ar ar-1 -n kubernaut-system");
    assertThat(n.idempotencyKey()).isEqualTo("TIMED_OUT:ar-1:TimedOut");
    // The keys the message composer and the notification routes read (NotificationDetails).
    assertThat(n.details()).containsEntry(NotificationDetails.TIMEOUT_PHASE, "Analyzing")
        .containsEntry(NotificationDetails.REASON, "TimedOut")
        .containsEntry(NotificationDetails.ALERT_NAME, "KubePodCrashLooping")
        .containsEntry(NotificationDetails.PRIORITY, "P0")
        .hasEntrySatisfying(NotificationDetails.DURATION, d -> assertThat(d).matches("(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?").isNotEmpty());
    verify(metrics).transition("AlertRemediation", "TimedOut", "Analyzing", Duration.ofSeconds(30));

    AIAnalysis stopped = client.resources(AIAnalysis.class).inNamespace(NS).withName("ar-1-analysis").get();
    assertThat(stopped.getStatus().getPhaseHistory()).last().satisfies(t -> assertThat(t.getPhase()).isEqualTo("Failed"));
    assertThat(stopped.getStatus().getMessage()).isEqualTo("Stopped because AlertRemediation ar-1 ended as TimedOut.");
    assertThat(stopped.getStatus().getConditions()).singleElement()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("ParentTimedOut"));

    AlertRemediationStatus status = remediation().getStatus();
    assertThat(status.getPhase()).isEqualTo(RemediationPhase.TimedOut);
    assertThat(status.getCompletionTime()).isEqualTo(NOW.toString());
    assertThat(condition(status, "AuditPersisted").getStatus()).isEqualTo("False");
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getType() + " " + e.getReason()).isEqualTo("Warning TimedOut"));
  }

  @Test
  void aSettledRemediationWhoseFinalRecordIsStoredIsNeitherAuditedNorEscalatedAgain() throws Exception {
    escalateToTimedOut();
    clearInvocations(auditTrail, metrics, notifier);
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(true);

    List<RecordedRequest> requests = reconcile(SETTLED);

    verify(auditTrail).isFinalRecordPersisted("ar-1");
    verifyNoMoreInteractions(auditTrail);
    verifyNoInteractions(notifier, metrics);
    assertThat(requests).as("one status write, AuditPersisted turning True; no child stopped again")
        .singleElement().satisfies(r -> assertThat(r.getPath()).endsWith("/alertremediations/ar-1/status"));
    assertThat(condition(remediation().getStatus(), "AuditPersisted").getStatus()).isEqualTo("True");
  }

  @Test
  void onceTheAuditStoreConfirmedTheFinalRecordItIsNotAskedAgainOnLaterReconciles() throws Exception {
    escalateToTimedOut();
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(true);
    reconcile(SETTLED);
    assertThat(condition(remediation().getStatus(), "AuditPersisted").getStatus()).isEqualTo("True");
    clearInvocations(auditTrail);

    reconcile(SETTLED);

    // A database read on the reconcile thread for every ended remediation, each waiting out the connection
    // timeout during a database outage, is what this spares.
    verify(auditTrail, never()).isFinalRecordPersisted(any());
  }

  @Test
  void aSettledRemediationWhoseFinalRecordIsMissingReDerivesItsWholeTrailFromStatus() throws Exception {
    escalateToTimedOut();
    clearInvocations(auditTrail, metrics, notifier);
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(false);

    reconcile(SETTLED);

    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    verify(auditTrail, atLeastOnce()).record(audited.capture());
    assertThat(audited.getAllValues()).extracting(AuditEvent::idempotencyKey).startsWith("ar-1/created")
        .contains("ar-1/phase/ar-1/Analyzing", "ar-1/phase/ar-1/TimedOut", "ar-1/phase/ar-1-analysis/Failed")
        .endsWith("ar-1/final");
    assertThat(audited.getAllValues().get(audited.getAllValues().size() - 1).payload())
        .containsEntry("phase", "TimedOut");
    verify(notifier, never()).notify(any());
  }

  @Test
  void anEndedRemediationWhoseAuditIsUnconfirmedIsReDerivedOnceNotOnEveryReCheck() throws Exception {
    escalateToTimedOut();
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(false);
    clearInvocations(auditTrail);
    reconcile(SETTLED);
    verify(auditTrail, atLeastOnce()).record(any());

    clearInvocations(auditTrail);
    reconcile(SETTLED);
    reconcile(SETTLED);

    // Taken once: written, or lost in a gap the trail tells the AuditReprojector of. Every 5 s for each ended
    // remediation, as before, filled the trail's queue during a database outage.
    verify(auditTrail, never()).record(any());
    assertThat(condition(remediation().getStatus(), "AuditPersisted").getReason()).isEqualTo("AuditPending");
  }

  @Test
  void anEndedRemediationWhoseReDerivedEventsTheTrailRefusedDerivesThemAgainAtTheNextReCheck() throws Exception {
    escalateToTimedOut();
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(false);
    when(auditTrail.record(any())).thenReturn(RecordResult.BACKPRESSURE);
    reconcile(SETTLED);
    assertThat(condition(remediation().getStatus(), "AuditPersisted").getMessage()).contains("the audit queue is full");

    clearInvocations(auditTrail);
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    reconcile(SETTLED);

    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    verify(auditTrail, atLeastOnce()).record(audited.capture());
    assertThat(audited.getAllValues()).extracting(AuditEvent::idempotencyKey).endsWith("ar-1/final");
    clearInvocations(auditTrail);
    reconcile(SETTLED);
    verify(auditTrail, never()).record(any());
  }

  @Test
  void aDeletionWhoseAuditEventsTheTrailRefusesWaitsForThemAndAPipelineDeletedWhileItRanStopsAllTheSame() {
    when(auditTrail.record(any())).thenReturn(RecordResult.BACKPRESSURE);
    AlertRemediation running = inPhase(RemediationPhase.Analyzing);
    childInCache(AIAnalysis.class, client.resource(Resources.analysis()).create());

    io.javaoperatorsdk.operator.api.reconciler.DeleteControl kept = reconciler.cleanup(running, context);

    assertThat(kept.isRemoveFinalizer()).as("the final record is refused: the finalizer stays").isFalse();
    assertThat(kept.getScheduleDelay()).contains(AlertRemediationReconciler.CLEANUP_AUDIT_RETRY.toMillis());
    assertThat(client.resources(AIAnalysis.class).inNamespace(NS).withName("ar-1-analysis").get())
        .as("its pipeline stopped all the same").isNull();
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason() + " " + e.getMessage()).startsWith("AuditPending")
            .contains("is deleted once the audit trail takes its events"));

    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(true);
    assertThat(reconciler.cleanup(running, context).isRemoveFinalizer()).isTrue();
  }

  /**
   * Queued is not stored: a remediation deleted by hand keeps its finalizer until its final record is in the store, so
   * that an operator stopped before its queue is written (a database outage, then a rollout) does not lose its end for
   * good; nothing would derive it again once the object is gone. The deletion looks again every second meanwhile.
   */
  @Test
  void aDeletionWhoseFinalRecordIsQueuedButNotStoredKeepsTheFinalizerUntilItIsStored() {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(false);
    AlertRemediation running = inPhase(RemediationPhase.Analyzing);
    running.getMetadata().setDeletionTimestamp(NOW.toString());

    io.javaoperatorsdk.operator.api.reconciler.DeleteControl kept = reconciler.cleanup(running, context);

    assertThat(kept.isRemoveFinalizer()).isFalse();
    assertThat(kept.getScheduleDelay()).contains(AlertRemediationReconciler.CLEANUP_AUDIT_STORE_RETRY.toMillis());
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).as("a moment's wait is not told")
        .noneSatisfy(e -> assertThat(e.getReason()).isEqualTo("AuditPending"));
    running.getMetadata().setDeletionTimestamp(NOW.minus(Duration.ofMinutes(1)).toString());
    assertThat(reconciler.cleanup(running, context).isRemoveFinalizer()).isFalse();
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).as("a longer one is")
        .anySatisfy(e -> assertThat(e.getReason() + " " + e.getMessage()).startsWith("AuditPending")
            .contains("once its final audit record is stored"));

    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(true);
    assertThat(reconciler.cleanup(running, context).isRemoveFinalizer()).isTrue();
  }

  @Test
  void aDeletionWaitsForItsAuditEventsAtMostTenMinutesThenGoesOnSayingTheyWereNotRecorded() {
    when(auditTrail.record(any())).thenReturn(RecordResult.BACKPRESSURE);
    AlertRemediation running = inPhase(RemediationPhase.Analyzing);
    running.getMetadata().setDeletionTimestamp(NOW.minus(Duration.ofMinutes(9)).toString());
    assertThat(reconciler.cleanup(running, context).isRemoveFinalizer()).as("asked 9 minutes ago").isFalse();

    running.getMetadata().setDeletionTimestamp(NOW.minus(Duration.ofMinutes(10)).toString());

    assertThat(reconciler.cleanup(running, context).isRemoveFinalizer())
        .as("a trail that never takes them (no database) must not hold the deletion for ever").isTrue();
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason() + " " + e.getMessage()).startsWith("AuditNotRecorded")
            .contains("did not take its events for 10 minutes"));
  }

  @Test
  void withoutAnAuditDatabaseADeletionDoesNotWaitForTheTrail() {
    when(auditTrail.record(any())).thenReturn(RecordResult.BACKPRESSURE);
    when(auditTrail.configured()).thenReturn(false);
    AlertRemediation running = inPhase(RemediationPhase.Analyzing);
    running.getMetadata().setDeletionTimestamp(NOW.toString());

    assertThat(reconciler.cleanup(running, context).isRemoveFinalizer()).isTrue();
  }

  @Test
  void anEndedRemediationDeletedWhileTheTrailRefusesItsEventsKeepsItsChildrenUntilItTakesThem() throws Exception {
    escalateToTimedOut();
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(false);
    when(auditTrail.record(any())).thenReturn(RecordResult.BACKPRESSURE);
    AlertRemediation ended = remediation();

    assertThat(reconciler.cleanup(ended, context).isRemoveFinalizer()).isFalse();
    assertThat(client.resources(AIAnalysis.class).inNamespace(NS).withName("ar-1-analysis").get())
        .as("its events are derived from its children's status too").isNotNull();

    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    clearInvocations(auditTrail);
    assertThat(reconciler.cleanup(ended, context).isRemoveFinalizer()).as("queued, not stored yet").isFalse();
    when(auditTrail.isFinalRecordPersisted("ar-1")).thenReturn(true);
    assertThat(reconciler.cleanup(ended, context).isRemoveFinalizer()).isTrue();
    verify(auditTrail, atLeastOnce()).record(audited.capture());
    assertThat(audited.getAllValues()).extracting(AuditEvent::idempotencyKey)
        .contains("ar-1/phase/ar-1-analysis/Failed").endsWith("ar-1/final");
    assertThat(client.resources(AIAnalysis.class).inNamespace(NS).withName("ar-1-analysis").get()).isNull();
  }

  /** An execution of ar-1 that restarted Deployment shop/web and ended {@code endedAgo} before now. */
  private KubernetesExecution restarted(Duration endedAgo) {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(new ObjectMetaBuilder().withName("ar-1-workflow-step-1").withNamespace(NS)
        .withLabels(Map.of(KubernautLabels.REMEDIATION, "ar-1")).build());
    io.kubernaut.k8s.crd.KubernetesExecutionSpec spec = new io.kubernaut.k8s.crd.KubernetesExecutionSpec();
    spec.setRemediationRef(new io.kubernaut.k8s.crd.RemediationRef("ar-1"));
    spec.setWorkflow("ar-1-workflow");
    spec.setStep("step-1");
    spec.setAction("restart_deployment");
    spec.setTarget(new io.kubernaut.k8s.crd.ObjectRef("Deployment", "shop", "web"));
    kex.setSpec(spec);
    KubernetesExecution created = client.resource(kex).create();
    created.setStatus(new io.kubernaut.k8s.crd.KubernetesExecutionStatus());
    created.getStatus().setPhase(io.kubernaut.ports.pipeline.ExecutionPhase.Completed);
    created.getStatus().setCompletionTime(NOW.minus(endedAgo).toString());
    return client.resource(created).updateStatus();
  }

  /** The records the safety history holds, by key (execution name and uid). */
  private Map<String, String> keptHistory() {
    var cm = client.configMaps().inNamespace(NS).withName(io.kubernaut.k8s.safety.HistoryKeeper.NAME).get();
    return cm == null ? Map.of() : cm.getData();
  }

  @Test
  void aRemediationDeletedByHandKeepsWhatItsExecutionsStillCountBeforeTheyAreDeleted() {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    KubernetesExecution kex = restarted(Duration.ofMinutes(1));

    reconciler.cleanup(remediation(), context);

    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(keptHistory()).containsOnlyKeys("ar-1-workflow-step-1." + kex.getMetadata().getUid());
  }

  @Test
  void aRemediationDeletedByHandKeepsAnExecutionAsLongAsRetentionWouldHaveWithItsWorkflowsFailedVerification() {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    KubernetesExecution kex = restarted(Duration.ofHours(5)); // past every safety window (4 h), within the retention
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(Children.ownedBy(remediation(), "ar-1-workflow"));
    wfe = client.resource(wfe).create();
    wfe.setStatus(new WorkflowExecutionStatus());
    wfe.getStatus().setPhase(WorkflowPhase.Completed);
    wfe.getStatus().setOutcome("NotRemediated");
    childInCache(WorkflowExecution.class, client.resource(wfe).updateStatus());

    reconciler.cleanup(remediation(), context);

    assertThat(keptHistory()).containsOnlyKeys("ar-1-workflow-step-1." + kex.getMetadata().getUid());
    assertThat(keptHistory().values()).singleElement().satisfies(json -> assertThat(json)
        .contains("\"failedVerification\":true").contains("\"until\":\"" + NOW.plus(Duration.ofHours(19)) + "\""));
    assertThat(client.resources(WorkflowExecution.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void whenItsExecutionsCannotBeKeptARemediationsChildrenAreNotDeletedAndTheCleanupIsRetried() {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    io.kubernaut.k8s.safety.DisruptionLedger failing = org.mockito.Mockito.mock(io.kubernaut.k8s.safety.DisruptionLedger.class);
    org.mockito.Mockito.doThrow(new io.kubernaut.ports.failure.RetryableException("conflicts")).when(failing)
        .forget(any(), any(), any(), org.mockito.ArgumentMatchers.anyBoolean(), any(), any());
    AlertRemediationReconciler keeping = new AlertRemediationReconciler(conductor, client, policies, auditTrail, notifier,
        metrics, io.kubernaut.k8s.runtime.PrimaryRelays.on(client, TestSealer.SEALER), failing, Clock.fixed(NOW, ZoneOffset.UTC));
    restarted(Duration.ofMinutes(1));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> keeping.cleanup(remediation(), context))
        .isInstanceOf(io.kubernaut.ports.failure.RetryableException.class);

    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).hasSize(1);
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).singleElement().satisfies((Event e) -> {
      assertThat(e.getReason()).isEqualTo("SafetyHistoryNotKept");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("conflicts").contains("retried");
    });
  }

  @Test
  void retentionLeavesAFinalizedRemediationsChildrenToItsCleanupWhichKeepsTheirHistoryFirst() throws Exception {
    lenient().when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    client.resources(AlertRemediation.class).inNamespace(NS).withName(Resources.AR).edit(ar -> {
      ar.getMetadata().setFinalizers(List.of(KubernautLabels.REMEDIATION_FINALIZER));
      return ar;
    });
    KubernetesExecution kex = restarted(Duration.ofHours(5)); // within the 24 h retention's horizon
    RemediationDecision delete = new RemediationDecision(RemediationPhase.Completed, "Remediated",
        ConditionReason.RetentionExpired, "Retention expired.", null, List.of(), null, null, null, null, true);

    reconcile(delete);

    AlertRemediation deleting = remediation();
    assertThat(deleting).as("held by its finalizer").isNotNull();
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).as("left to the cleanup")
        .hasSize(1);
    assertThat(keptHistory()).isEmpty();

    reconciler.cleanup(deleting, context);

    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(keptHistory()).containsOnlyKeys("ar-1-workflow-step-1." + kex.getMetadata().getUid());
  }

  @Test
  void aDeleteDecisionDeletesTheRemediationAndEveryChildAndWritesNoStatus() throws Exception {
    AlertProcessing ap = client.resource(Resources.processing()).create();
    AIAnalysis aia = client.resource(Resources.analysis()).create();
    KubernetesExecution kex = restarted(Duration.ofHours(25)); // the retention (24 h) is the longer horizon
    childInCache(AlertProcessing.class, ap);
    childInCache(AIAnalysis.class, aia);
    RemediationDecision delete = new RemediationDecision(RemediationPhase.Completed, "Remediated",
        ConditionReason.RetentionExpired, "Retention expired.", null, List.of(), null, null, null, null, true);

    List<RecordedRequest> requests = reconcile(delete);

    assertThat(remediation()).isNull();
    assertThat(client.resources(AlertProcessing.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.resources(AIAnalysis.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(keptHistory()).as("%s ended longer ago than the retention and every safety window",
        kex.getMetadata().getName()).isEmpty();
    assertThat(statusWrites(requests)).isZero();
    verifyNoInteractions(auditTrail, notifier, metrics);
  }

  @Test
  void theSnapshotCarriesTheCancelAndApprovalAnnotationsAndTheChildrenFromTheCache() throws Exception {
    client.resources(AlertRemediation.class).inNamespace(NS).withName(Resources.AR).edit(ar -> {
      ar.getMetadata().setAnnotations(Map.of(KubernautLabels.CANCEL, "true", KubernautLabels.APPROVAL, "approved",
          KubernautLabels.APPROVAL_BY, "alice"));
      return ar;
    });
    childInCache(AlertProcessing.class, client.resource(Resources.processing()).create());
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);

    reconcile(RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing, PROCESSING_MESSAGE));

    ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getAllValues().get(0).cancelRequested()).isTrue();
    assertThat(snapshot.getAllValues().get(0).approval().approved()).isTrue();
    assertThat(snapshot.getAllValues().get(0).approval().decidedBy()).isEqualTo("alice");
    assertThat(snapshot.getAllValues().get(0).approval().decidedAt()).isEqualTo(NOW);
    assertThat(snapshot.getAllValues().get(0).child(ChildKind.PROCESSING)).hasValueSatisfying(c -> {
      assertThat(c.phase()).isNull();
      assertThat(c.terminal()).isFalse();
    });
    assertThat(snapshot.getAllValues().get(0).child(ChildKind.ANALYSIS)).isEmpty();
  }

  /**
   * A Completed analysis under the remediation's control (its uid is readable, so a hand-made one can carry it)
   * whose spec is not what the remediation builds from its alert and its processing's result: its environment
   * (development, whose gates are the loosest) and its scope are the author's. Its result is refused where it would
   * be used: the snapshot shows it failed, naming why, and the remediation fails with it.
   */
  @Test
  void aCompletedAnalysisThatIsNotTheOneTheRemediationBuiltCountsAsFailed() throws Exception {
    AlertRemediation ar = analyzing();
    AlertProcessing processing = processingBuiltBy(ar);
    AlertProcessingStatus classified = new AlertProcessingStatus();
    classified.setPhase(io.kubernaut.ports.pipeline.ProcessingPhase.Completed);
    classified.setEnvironment("production");
    classified.setSeverity("critical");
    classified.setPriority("P0");
    processing.setStatus(TestSealer.SEALER.seal(processing, classified));
    childInCache(AlertProcessing.class, processing);

    AIAnalysis built = new AIAnalysis();
    built.setMetadata(Children.ownedBy(ar, ChildKind.ANALYSIS.childName(ar.getMetadata().getName())));
    built.setSpec(ChildFactory.analysisSpec(ar, processing));
    var done = new io.kubernaut.k8s.crd.AIAnalysisStatus();
    done.setPhase(io.kubernaut.ports.pipeline.AnalysisPhase.Completed);
    done.setMessage("Analysed.");
    built.getMetadata().setUid("uid-of-ar-1-analysis");
    built.setStatus(TestSealer.SEALER.seal(built, done));
    childInCache(AIAnalysis.class, built);
    lenient().when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    reconcile(RemediationDecision.stay(RemediationPhase.Analyzing, ConditionReason.Analyzing, "Analyzing."));
    ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getValue().child(ChildKind.ANALYSIS)).hasValueSatisfying(c ->
        assertThat(c.phase()).as("the analysis the remediation built").isEqualTo(io.kubernaut.ports.pipeline.AnalysisPhase.Completed));

    AIAnalysis forged = new AIAnalysis();
    forged.setMetadata(built.getMetadata());
    forged.setSpec(ChildFactory.analysisSpec(ar, processing));
    forged.getSpec().setEnvironment("development");
    forged.setStatus(done);
    childInCache(AIAnalysis.class, forged);
    clearInvocations(conductor);
    reconcile(RemediationDecision.stay(RemediationPhase.Analyzing, ConditionReason.Analyzing, "Analyzing."));
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getValue().child(ChildKind.ANALYSIS)).hasValueSatisfying(c -> {
      assertThat(c.phase()).isEqualTo(io.kubernaut.ports.pipeline.AnalysisPhase.Failed);
      assertThat(c.message()).contains("AIAnalysis ar-1-analysis is not the one AlertRemediation ar-1 built")
          .contains("refused");
    });

    // The remediation's own analysis, its processing deleted meanwhile: refused as uncheckable, not as forged.
    childInCache(AIAnalysis.class, built);
    lenient().when(context.getSecondaryResource(AlertProcessing.class)).thenReturn(Optional.empty());
    clearInvocations(conductor);
    reconcile(RemediationDecision.stay(RemediationPhase.Analyzing, ConditionReason.Analyzing, "Analyzing."));
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getValue().child(ChildKind.ANALYSIS)).hasValueSatisfying(c -> {
      assertThat(c.phase()).isEqualTo(io.kubernaut.ports.pipeline.AnalysisPhase.Failed);
      assertThat(c.message()).contains("AlertProcessing, which is gone").doesNotContain("by hand");
    });
  }

  /**
   * The analysis the remediation built, whose status was written by hand: no seal, a result changed after its
   * controller sealed it (a confidence of 1 that skips the approval gate), or a sealed status copied from another
   * analysis. Each is refused where it would be used, naming why; the sealed original counts as completed.
   */
  @Test
  void anAnalysisWhoseResultItsControllerDidNotWriteCountsAsFailed() throws Exception {
    Judged start = analyzingWithItsProcessingJudged(io.kubernaut.ports.pipeline.RemediationPath.APPROVAL_REQUIRED);
    AlertRemediation ar = start.remediation();
    AlertProcessing processing = start.processing();
    AIAnalysis built = start.analysis();
    lenient().when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);

    built.setStatus(analysed(0.62, true));
    assertThat(analysisAsSeen(built)).satisfies(c -> {
      assertThat(c.phase()).isEqualTo(io.kubernaut.ports.pipeline.AnalysisPhase.Failed);
      assertThat(c.message()).isEqualTo("AIAnalysis ar-1-analysis's result is not the one its controller wrote: its "
          + "status carries no seal, so it is refused. Nothing was acted on; see who wrote its status in its managedFields.");
    });

    built.setStatus(TestSealer.SEALER.seal(built, analysed(0.62, true)));
    assertThat(analysisAsSeen(built).phase()).as("sealed by its controller")
        .isEqualTo(io.kubernaut.ports.pipeline.AnalysisPhase.Completed);

    built.getStatus().setConfidence(1.0);
    built.getStatus().setApprovalRequired(false);
    assertThat(analysisAsSeen(built)).satisfies(c -> {
      assertThat(c.phase()).isEqualTo(io.kubernaut.ports.pipeline.AnalysisPhase.Failed);
      assertThat(c.message()).contains("its status's seal does not verify");
    });

    AIAnalysis other = new AIAnalysis();
    other.setMetadata(new ObjectMetaBuilder().withName("ar-2-analysis").withNamespace(NS).build());
    other = client.resource(other).create();
    built.setStatus(TestSealer.SEALER.seal(other, analysed(1.0, false)));
    assertThat(analysisAsSeen(built)).as("sealed for another analysis").satisfies(c -> {
      assertThat(c.phase()).isEqualTo(io.kubernaut.ports.pipeline.AnalysisPhase.Failed);
      assertThat(c.message()).contains("its status's seal does not verify");
    });

    built.setStatus(io.kubernaut.k8s.status.StatusSealer.random().seal(built, analysed(0.62, true)));
    assertThat(analysisAsSeen(built).message()).as("sealed with another key").contains("its status's seal does not verify");

    // The environment the remediation recorded as it judged its processing holds, whatever the processing says now;
    // so does its severity, and one that recorded none (before severities were recorded) trusts only the judged one.
    ar.getStatus().setEnvironment("production");
    ar = client.resource(ar).updateStatus();
    processing.getStatus().setEnvironment("development");
    processing.getStatus().setSeverity("info");
    childInCache(AlertProcessing.class, processing);
    analysisAsSeen(built);
    ArgumentCaptor<RemediationSnapshot> judged = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(judged.capture());
    assertThat(judged.getValue().environment()).isEqualTo("production");
    assertThat(judged.getValue().severity()).as("none recorded, the processing's rewritten: the alert's")
        .isEqualTo(ar.getSpec().getSeverity()).isNotEqualTo("info");
    ar.getStatus().setSeverity("warning");
    ar = client.resource(ar).updateStatus();
    analysisAsSeen(built);
    verify(conductor, atLeastOnce()).decide(judged.capture());
    assertThat(judged.getValue().severity()).as("recorded").isEqualTo("warning");
    processing.getStatus().setEnvironment("production");
    processing.getStatus().setSeverity(null);

    // The analysis sealed, and its processing's route rewritten since the remediation checked it (no approval).
    built.setStatus(TestSealer.SEALER.seal(built, analysed(0.62, false)));
    processing.getStatus().setPath(io.kubernaut.ports.pipeline.RemediationPath.AUTOMATIC);
    childInCache(AlertProcessing.class, processing);
    assertThat(analysisAsSeen(built)).satisfies(c -> {
      assertThat(c.phase()).isEqualTo(io.kubernaut.ports.pipeline.AnalysisPhase.Failed);
      assertThat(c.message()).isEqualTo("AIAnalysis ar-1-analysis's result is refused: it is judged with the route of "
          + "AlertProcessing ar-1-processing, whose result is not the one its controller wrote: its status's seal does "
          + "not verify (the status was written or changed by someone other than its controller, or sealed with another "
          + "key). Nothing was acted on; see who wrote the processing's status in its managedFields.");
    });

    // Its controller sealed the rewritten route (its status was cleared, and it processed again): valid, not judged.
    processing.setStatus(TestSealer.SEALER.seal(processing, processing.getStatus()));
    childInCache(AlertProcessing.class, processing);
    assertThat(analysisAsSeen(built).message()).contains("whose result is not the one its controller wrote: its result "
        + "is not the one its remediation judged");
  }

  /**
   * The workflow acts on what its remediation recorded as it left Analyzing: that status write comes first, naming
   * the workflow, and the workflow is created after it, so its first reconcile finds the record. Named and absent (a
   * crash between the two), it is one to create again, not one deleted while it ran.
   */
  @Test
  void aWorkflowIsCreatedOnlyAfterItsRemediationsStatusRecordsTheAnalysisItJudgedAndNamesIt() throws Exception {
    AIAnalysis built = analysedToExecute();
    String workflow = ChildKind.WORKFLOW.childName(Resources.AR);

    List<RecordedRequest> requests = reconcile(EXECUTE);

    List<String> writes = requests.stream().filter(r -> !r.getMethod().equals("GET"))
        .map(r -> r.getMethod() + " " + r.getPath().replaceAll("\\?.*", "")).toList();
    assertThat(writes).as("the status write, then the workflow's creation").containsSubsequence(
        "PATCH /apis/kubernaut.io/v1alpha1/namespaces/" + NS + "/alertremediations/" + Resources.AR + "/status",
        "POST /apis/kubernaut.io/v1alpha1/namespaces/" + NS + "/workflowexecutions");
    assertThat(writes.stream().filter(w -> w.contains("/alertremediations/")).count()).as("one status write").isEqualTo(1);
    AlertRemediationStatus status = remediation().getStatus();
    assertThat(status.getPhase()).isEqualTo(RemediationPhase.Executing);
    assertThat(status.getAnalysisSeal()).isEqualTo(built.getStatus().getSeal()).isNotNull();
    assertThat(status.getChildren()).anySatisfy(c -> {
      assertThat(c.getName()).isEqualTo(workflow);
      assertThat(c.getPhase()).isEqualTo(RemediationPhase.Pending.name());
    });
    assertThat(client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).get()).isNotNull();

    // A crash after the status write: the workflow named, Pending, and never created (so the audit trail holds no
    // admission of it). The next reconcile sees no lost workflow (which would end the remediation) and creates it,
    // as the conductor's wait for a missing child decides, without writing status again.
    client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).delete();
    when(auditTrail.findStored(any())).thenReturn(Optional.of(java.util.Set.of()));
    clearInvocations(conductor);
    List<RecordedRequest> again = reconcile(EXECUTE);
    ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getAllValues().get(0).child(ChildKind.WORKFLOW)).isEmpty();
    assertThat(snapshot.getAllValues().get(0).lostChildren()).as("never admitted: not lost").isEmpty();
    assertThat(again.stream().filter(r -> !r.getMethod().equals("GET")).map(r -> r.getMethod() + " "
        + r.getPath().replaceAll("\\?.*", ""))).as("created again, status unchanged")
        .containsExactly("POST /apis/kubernaut.io/v1alpha1/namespaces/" + NS + "/workflowexecutions");
    assertThat(client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).get()).isNotNull();
  }

  /**
   * A workflow named before this process started (its status says Pending) and gone from the API server: deleted
   * while no operator watched it, or never created (a crash between the status write and the create). The
   * workflow records its admission in the audit trail as it happens, so the trail tells the two apart: admitted, it
   * is lost for having run (the conductor ends the remediation); not admitted, it is created again; while the trail
   * cannot be asked, untold (the conductor waits); without an audit database, unknowable (the conductor ends it).
   * Before 2026-12-08 every such workflow was created again, and one deleted after its admission ran its steps
   * once more. A workflow this process named and could not create is the next test's.
   */
  @Test
  void aWorkflowGoneWhileNoOperatorWatchedIsToldByTheAuditTrailWhetherItRan() throws Exception {
    analysedToExecute();
    String workflow = ChildKind.WORKFLOW.childName(Resources.AR);
    reconcile(EXECUTE); // the status names the workflow (Pending), then the workflow is created
    client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).delete();
    String key = io.kubernaut.ports.audit.AuditEvents.phaseTransitionKey(Resources.AR, workflow, "Executing");

    java.util.Map<String, Optional<java.util.Set<String>>> answers = new java.util.LinkedHashMap<>();
    answers.put("admitted", Optional.of(java.util.Set.of(key)));
    answers.put("not admitted", Optional.of(java.util.Set.of()));
    answers.put("cannot be asked", Optional.empty());
    answers.put("no audit database", Optional.empty());
    java.util.Map<String, java.util.Map<ChildKind, io.kubernaut.ports.pipeline.ChildLoss>> lost = new java.util.LinkedHashMap<>();
    for (var answer : answers.entrySet()) {
      // A new process: nothing in memory of the workflow it did not create.
      reconciler = new AlertRemediationReconciler(conductor, client, policies, auditTrail, notifier, metrics, relays,
          ledger, Clock.fixed(NOW, ZoneOffset.UTC));
      lenient().when(auditTrail.configured()).thenReturn(!answer.getKey().equals("no audit database"));
      lenient().when(auditTrail.findStored(List.of(key))).thenReturn(answer.getValue());
      client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).delete();
      clearInvocations(conductor);
      reconcile(answer.getKey().equals("not admitted") ? EXECUTE
          : RemediationDecision.stay(RemediationPhase.Executing, ConditionReason.AuditPending, "Waits."));
      ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
      verify(conductor, atLeastOnce()).decide(snapshot.capture());
      lost.put(answer.getKey(), snapshot.getAllValues().get(0).lostChildren());
      assertThat(remediation().getStatus().getChildren()).as("the waits' status writes keep naming the workflow")
          .anySatisfy(c -> assertThat(c.getName()).isEqualTo(workflow));
    }

    assertThat(lost).containsExactly(
        java.util.Map.entry("admitted", java.util.Map.of(ChildKind.WORKFLOW, io.kubernaut.ports.pipeline.ChildLoss.RAN)),
        java.util.Map.entry("not admitted", java.util.Map.of()),
        java.util.Map.entry("cannot be asked", java.util.Map.of(ChildKind.WORKFLOW, io.kubernaut.ports.pipeline.ChildLoss.UNTOLD)),
        java.util.Map.entry("no audit database",
            java.util.Map.of(ChildKind.WORKFLOW, io.kubernaut.ports.pipeline.ChildLoss.UNKNOWABLE)));
    // The wait is no transition: a Warning tells it, once, as it begins (the ends are told by their transitions).
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .filteredOn(e -> ConditionReason.AuditPending.name().equals(e.getReason())).singleElement().satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).isEqualTo("Waits.");
        });
  }

  /**
   * A workflow this process named and could not create (a quota at its limit): when the trail cannot answer, its
   * create is tried again; but the trail is asked first, and its record of an admission wins (a watch that lost
   * events, a re-list, may have hidden it). Once created, the workflow is no longer "its own create that failed":
   * gone while the trail is silent (an outage, its admission perhaps still queued), it waits for the answer.
   */
  @Test
  void aWorkflowThisProcessCouldNotCreateIsCreatedAgainUnlessTheTrailHoldsItsAdmission() throws Exception {
    analysedToExecute();
    String workflow = ChildKind.WORKFLOW.childName(Resources.AR);
    String key = io.kubernaut.ports.audit.AuditEvents.phaseTransitionKey(Resources.AR, workflow, "Executing");
    createAnswered("workflowexecutions", 403, "Forbidden", "exceeded quota: kubernaut");
    when(conductor.decide(any())).thenReturn(EXECUTE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reconciler.reconcile(remediation(), context))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class); // named, not created
    assertThat(client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).get()).isNull();

    when(auditTrail.findStored(List.of(key))).thenReturn(Optional.of(java.util.Set.of(key)));
    assertThat(lostOnReconcile(WAITS)).as("the trail holds its admission: it ran")
        .containsExactly(java.util.Map.entry(ChildKind.WORKFLOW, io.kubernaut.ports.pipeline.ChildLoss.RAN));

    when(auditTrail.findStored(List.of(key))).thenReturn(Optional.empty());
    assertThat(lostOnReconcile(EXECUTE)).as("no answer: its own create is tried again").isEmpty();
    assertThat(client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).get()).isNotNull();

    client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).delete();
    assertThat(lostOnReconcile(WAITS)).as("created, then gone while the trail is silent: it waits for the answer")
        .containsExactly(java.util.Map.entry(ChildKind.WORKFLOW, io.kubernaut.ports.pipeline.ChildLoss.UNTOLD));
  }

  /** A decision that stays in Executing and creates nothing. */
  private static final RemediationDecision WAITS = RemediationDecision.stay(RemediationPhase.Executing,
      ConditionReason.AuditPending, "Waits.");

  /** What the next reconcile tells the conductor of lost children; the mocked conductor then decides {@code decision}. */
  private java.util.Map<ChildKind, io.kubernaut.ports.pipeline.ChildLoss> lostOnReconcile(RemediationDecision decision)
      throws Exception {
    clearInvocations(conductor);
    reconcile(decision);
    ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    return snapshot.getAllValues().get(0).lostChildren();
  }

  /**
   * An operator starting while a workflow runs: the workflow informer's first event (here, the workflow in
   * Executing) may come before the remediations' informer has listed. It is noted all the same, so the
   * workflow deleted by hand before its next event is told to the conductor as deleted (which ends the remediation,
   * RemediationConductorTest), rather than taken for a crash between the status write and the create and created
   * again, which would run its steps once more.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aWorkflowSeenRunningBeforeTheRemediationsAreListedAndThenDeletedIsTakenForDeleted() throws Exception {
    analysedToExecute();
    String workflow = ChildKind.WORKFLOW.childName(Resources.AR);
    reconcile(EXECUTE); // the status names the workflow (Pending), then the workflow is created
    WorkflowExecution running = client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).get();
    WorkflowExecutionStatus executing = new WorkflowExecutionStatus();
    executing.setPhase(io.kubernaut.ports.pipeline.WorkflowPhase.Executing);
    running.setStatus(executing);
    running = client.resource(running).updateStatus();
    assertThat(relays.remediations().listed()).as("the remediations' informer has not listed").isFalse();

    var workflows = (io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware<WorkflowExecution>)
        relays.workflows().publisher(new io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<>(
            org.mockito.Mockito.mock(io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache.class),
            null, client, WorkflowExecution.class));
    workflows.onResourceCreated(running); // the workflow informer's first list
    client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).delete();
    clearInvocations(conductor);

    reconcile(EXECUTE);

    ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getAllValues().get(0).lostChildren()).as("seen running, then gone: deleted (the conductor"
        + " ends the remediation on it; without the event it is empty, as the test before shows)")
        .containsExactly(java.util.Map.entry(ChildKind.WORKFLOW, io.kubernaut.ports.pipeline.ChildLoss.RAN));
  }

  /**
   * A workflow the API server will not create just now (a quota at its limit): its remediation, whose status already
   * says Executing, says why with a CreateFailure condition while the create is retried, and the condition is gone
   * once the workflow is created.
   */
  @Test
  void aWorkflowNotCreatedJustNowIsSaidOnItsRemediationUntilItIs() throws Exception {
    analysedToExecute();
    String workflow = ChildKind.WORKFLOW.childName(Resources.AR);
    createAnswered("workflowexecutions", 403, "Forbidden", "exceeded quota: kubernaut");
    when(conductor.decide(any())).thenReturn(EXECUTE);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reconciler.reconcile(remediation(), context))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);

    AlertRemediationStatus status = remediation().getStatus();
    assertThat(status.getPhase()).isEqualTo(RemediationPhase.Executing);
    assertThat(status.getConditions()).filteredOn(c -> "CreateFailure".equals(c.getType())).singleElement()
        .satisfies(c -> assertThat(c.getMessage()).isEqualTo("WorkflowExecution " + workflow + " could not be created"
            + " (HTTP 403: exceeded quota: kubernaut); the controller tries again, backing off to once every 30 s."));
    assertThat(client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).get()).isNull();

    createAnswered("workflowexecutions", 403, "Forbidden", "exceeded quota: kubernaut");
    drainRequests();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reconciler.reconcile(remediation(), context))
        .as("the retry, the quota still at its limit").isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
    assertThat(statusWrites(drainRequests())).as("the status before the workflow keeps what it says: no write to"
        + " remove it, none to put it back").isZero();
    assertThat(remediation().getStatus().getConditions()).extracting(io.fabric8.kubernetes.api.model.Condition::getType)
        .contains("CreateFailure");

    reconciler.reconcile(remediation(), context); // the retry: the quota has room again

    assertThat(client.resources(WorkflowExecution.class).inNamespace(NS).withName(workflow).get()).isNotNull();
    assertThat(remediation().getStatus().getPhase()).isEqualTo(RemediationPhase.Executing);
    assertThat(remediation().getStatus().getConditions()).extracting(io.fabric8.kubernetes.api.model.Condition::getType)
        .as("created: no longer said").doesNotContain("CreateFailure").contains("Ready");
  }

  /** The decision to create the workflow and execute it. */
  private static final RemediationDecision EXECUTE = new RemediationDecision(RemediationPhase.Executing, null,
      ConditionReason.Executing, "Executes.", ChildKind.WORKFLOW, List.of(), null, null, null, null, false);

  /** The API server answers the next create of a {@code plural} with {@code code}, {@code reason} and {@code message}. */
  private void createAnswered(String plural, int code, String reason, String message) {
    server.expect().post().withPath("/apis/kubernaut.io/v1alpha1/namespaces/" + NS + "/" + plural)
        .andReturn(code, answer(code, reason, message)).once();
  }

  /** What the API server answers a request it fails: a Status with {@code code}, {@code reason} and {@code message}. */
  private static io.fabric8.kubernetes.api.model.Status answer(int code, String reason, String message) {
    return new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
        .withMessage(message).build();
  }

  /** What an admission policy's denial answers a create. */
  private static final String DENIED = "workflowexecutions.kubernaut.io \"ar-1-workflow\" is forbidden: "
      + "ValidatingAdmissionPolicy 'team-labels' with binding 'team-labels' denied request: every object needs a team";

  /** The mocked conductor decides {@code decision}, and as the real one does on a snapshot with a failed child. */
  private void decidingAndJudgingFailedChildren(RemediationDecision decision) {
    when(conductor.decide(any())).thenAnswer(call -> {
      RemediationSnapshot s = call.getArgument(0);
      return s.children().values().stream().anyMatch(io.kubernaut.ports.pipeline.ChildState::failed)
          ? new io.kubernaut.core.lifecycle.RemediationConductor().decide(s) : decision;
    });
  }

  /**
   * A child the API server refuses for good (an admission policy's or webhook's denial, the schema) ends the remediation
   * Failed with the API server's reason, where it used to be retried until a timeout ended it saying nothing of why.
   * The workflow, created after the status that says Executing, is refused there: a second write ends it.
   */
  @Test
  void aWorkflowTheApiServerRefusesEndsTheRemediationFailedWithTheApiServersReason() throws Exception {
    AIAnalysis built = analysedToExecute();
    createAnswered("workflowexecutions", 422, "Invalid", DENIED);
    decidingAndJudgingFailedChildren(EXECUTE);

    reconciler.reconcile(remediation(), context);

    AlertRemediationStatus status = remediation().getStatus();
    assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
    assertThat(status.getFailurePhase()).isEqualTo("Executing");
    assertThat(status.getMessage()).isEqualTo("WorkflowExecution ar-1-workflow failed during Executing: the API "
        + "server refused to create it (HTTP 422: " + DENIED + "), so it was never created and nothing ran. See kubectl "
        + "describe ar ar-1.");
    assertThat(status.getPhaseHistory()).extracting(PhaseTransition::getPhase).endsWith("Executing", "Failed");
    assertThat(status.getChildren()).noneMatch(c -> c.getKind().equals("WorkflowExecution"));
    assertThat(client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get()).isNull();
    ArgumentCaptor<Notification> sent = ArgumentCaptor.forClass(Notification.class);
    verify(notifier).notify(sent.capture());
    assertThat(sent.getValue().type()).isEqualTo(NotificationType.FAILED);
    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    verify(auditTrail, atLeastOnce()).record(audited.capture());
    assertThat(audited.getAllValues()).extracting(AuditEvent::idempotencyKey)
        .contains("ar-1/phase/ar-1/Executing", "ar-1/phase/ar-1/Failed");
  }

  /** An analysis refused as its remediation leaves Processing: it fails from Analyzing with the priority judged. */
  @Test
  void anAnalysisTheApiServerRefusesEndsTheRemediationWithThePriorityItsProcessingWasJudgedWith() throws Exception {
    AlertRemediation ar = remediation();
    AlertRemediationStatus processingPhase = new AlertRemediationStatus();
    processingPhase.setPhase(RemediationPhase.Processing);
    processingPhase.setStartTime(Resources.RECEIVED.toString());
    processingPhase.setPhaseHistory(List.of(new PhaseTransition("Processing", NOW.minusSeconds(30).toString(),
        "Processing.")));
    ar.setStatus(processingPhase);
    ar = client.resource(ar).updateStatus();
    AlertProcessing processing = processingBuiltBy(ar);
    AlertProcessingStatus classified = new AlertProcessingStatus();
    classified.setPhase(io.kubernaut.ports.pipeline.ProcessingPhase.Completed);
    classified.setEnvironment("production");
    classified.setPriority("P1");
    classified.setPath(io.kubernaut.ports.pipeline.RemediationPath.AUTOMATIC);
    processing.setStatus(TestSealer.SEALER.seal(processing, classified));
    childInCache(AlertProcessing.class, processing);
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    createAnswered("aianalyses", 400, "BadRequest", "admission webhook \"policy.example.com\" denied the request");
    decidingAndJudgingFailedChildren(new RemediationDecision(RemediationPhase.Analyzing, null,
        ConditionReason.Analyzing, "Analyses.", ChildKind.ANALYSIS, List.of(), null, null, null, null, false));

    reconciler.reconcile(remediation(), context);

    AlertRemediationStatus status = remediation().getStatus();
    assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
    assertThat(status.getFailurePhase()).isEqualTo("Analyzing");
    assertThat(status.getMessage()).startsWith("AIAnalysis ar-1-analysis failed during Analyzing: the API server "
        + "refused to create it (HTTP 400: admission webhook \"policy.example.com\" denied the request)");
    assertThat(status.getPriority()).as("judged with its processing, which routes the notification").isEqualTo("P1");
    assertThat(status.getProcessingSeal()).as("recorded only on moving on to use it, never on ending").isNull();
  }

  /**
   * A processing refused ends its remediation in one write. Not a refusal: a 403 (a quota at its limit, RBAC being
   * upgraded), thrown and retried, the remediation saying why meanwhile (a FailedCreate Warning and its CreateFailure
   * condition, until a create succeeds); nor a denial of a child that exists already (admission runs before the API
   * server finds it exists).
   */
  @Test
  void aProcessingTheApiServerRefusesEndsTheRemediationFailedButAQuotaOrAnExistingOneDoesNot() throws Exception {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    createAnswered("alertprocessings", 403, "Forbidden", "alertprocessings.kubernaut.io "
            + "\"ar-1-processing\" is forbidden: exceeded quota: kubernaut, requested: "
            + "count/alertprocessings.kubernaut.io=1, used: count/alertprocessings.kubernaut.io=5, limited: "
            + "count/alertprocessings.kubernaut.io=5");
    decidingAndJudgingFailedChildren(CREATE_PROCESSING);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reconciler.reconcile(remediation(), context))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
    String quota = "AlertProcessing ar-1-processing could not be created (HTTP 403: alertprocessings.kubernaut.io "
        + "\"ar-1-processing\" is forbidden: exceeded quota: kubernaut, requested: count/alertprocessings.kubernaut.io=1, "
        + "used: count/alertprocessings.kubernaut.io=5, limited: count/alertprocessings.kubernaut.io=5); the controller "
        + "tries again, backing off to once every 30 s.";
    assertThat(remediation().getStatus().getPhase()).as("no phase decided: the retried reconcile decides again").isNull();
    assertThat(remediation().getStatus().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("CreateFailure");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("FailedCreate");
      assertThat(c.getMessage()).isEqualTo(quota);
    });
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).filteredOn(e -> "FailedCreate".equals(e.getReason()))
        .singleElement().satisfies(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).isEqualTo(quota);
          assertThat(e.getInvolvedObject().getName()).isEqualTo("ar-1");
        });
    // Told once: the same answer again writes nothing.
    createAnswered("alertprocessings", 403, "Forbidden", "alertprocessings.kubernaut.io "
            + "\"ar-1-processing\" is forbidden: exceeded quota: kubernaut, requested: "
            + "count/alertprocessings.kubernaut.io=1, used: count/alertprocessings.kubernaut.io=5, limited: "
            + "count/alertprocessings.kubernaut.io=5");
    drainRequests();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reconciler.reconcile(remediation(), context))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
    List<RecordedRequest> repeated = drainRequests();
    assertThat(statusWrites(repeated)).as("the same sentence is not written again").isZero();
    assertThat(repeated).as("nor its event sent again").noneMatch(r -> r.getPath().contains("/events"));
    // Nor any other failure to create it (the client itself retries a 429 or a 5xx): its answer replaces the last.
    createAnswered("alertprocessings", 404, "NotFound", "the server could not find the "
            + "requested resource");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reconciler.reconcile(remediation(), context))
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
    assertThat(remediation().getStatus().getPhase()).isNull();
    assertThat(remediation().getStatus().getConditions()).singleElement().satisfies(c -> assertThat(c.getMessage())
        .isEqualTo("AlertProcessing ar-1-processing could not be created (HTTP 404: the server could not find the "
            + "requested resource); the controller tries again, backing off to once every 30 s."));
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).filteredOn(e -> "FailedCreate".equals(e.getReason()))
        .as("one event per answer").hasSize(2);

    AlertProcessing created = processingBuiltBy(remediation());
    createAnswered("alertprocessings", 403, "Forbidden", "exceeded quota: kubernaut");
    reconciler.reconcile(remediation(), context);
    assertThat(remediation().getStatus().getPhase()).as("a quota's 403 for one that exists: it goes on")
        .isEqualTo(RemediationPhase.Processing);
    assertThat(remediation().getStatus().getConditions()).extracting(io.fabric8.kubernetes.api.model.Condition::getType)
        .doesNotContain("CreateFailure");
    client.resource(created).delete();

    String denied = "AlertProcessing.kubernaut.io \"ar-1-processing\" is invalid: ValidatingAdmissionPolicy"
        + " 'team-labels' denied request";
    AlertProcessing existing = processingBuiltBy(remediation());
    createAnswered("alertprocessings", 422, "Invalid", denied);
    reconciler.reconcile(remediation(), context);
    assertThat(remediation().getStatus().getPhase()).as("denied, but it exists: it goes on")
        .isEqualTo(RemediationPhase.Processing);
    assertThat(remediation().getStatus().getConditions()).as("created: the failure is no longer said")
        .extracting(io.fabric8.kubernetes.api.model.Condition::getType).doesNotContain("CreateFailure").contains("Ready");
    client.resource(existing).delete();

    createAnswered("alertprocessings", 422, "Invalid", denied);
    drainRequests();
    reconciler.reconcile(remediation(), context);
    List<RecordedRequest> requests = drainRequests();

    AlertRemediationStatus status = remediation().getStatus();
    assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
    assertThat(status.getFailurePhase()).isEqualTo("Processing");
    assertThat(status.getMessage()).startsWith("AlertProcessing ar-1-processing failed during Processing: the API "
        + "server refused to create it (HTTP 422: AlertProcessing.kubernaut.io \"ar-1-processing\" is invalid: "
        + "ValidatingAdmissionPolicy 'team-labels' denied request), so it was never created and nothing ran.");
    assertThat(statusWrites(requests)).isEqualTo(1);
    assertThat(client.resources(AlertProcessing.class).inNamespace(NS).withName("ar-1-processing").get()).isNull();
  }

  /** A processing's classification written by hand is refused as an analysis's result is. */
  @Test
  void aProcessingWhoseResultItsControllerDidNotWriteCountsAsFailed() throws Exception {
    AlertRemediation ar = remediation();
    ar.setStatus(new io.kubernaut.k8s.crd.AlertRemediationStatus());
    ar.getStatus().setPhase(RemediationPhase.Processing);
    ar = client.resource(ar).updateStatus();
    AlertProcessing processing = processingBuiltBy(ar);
    AlertProcessingStatus classified = new AlertProcessingStatus();
    classified.setPhase(io.kubernaut.ports.pipeline.ProcessingPhase.Completed);
    classified.setEnvironment("development");
    classified.setPath(io.kubernaut.ports.pipeline.RemediationPath.AUTOMATIC);
    processing.setStatus(classified);
    childInCache(AlertProcessing.class, processing);
    lenient().when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);

    reconcile(RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing, PROCESSING_MESSAGE));

    ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getValue().child(ChildKind.PROCESSING)).hasValueSatisfying(c -> {
      assertThat(c.phase()).isEqualTo(io.kubernaut.ports.pipeline.ProcessingPhase.Failed);
      assertThat(c.message()).startsWith("AlertProcessing ar-1-processing's result is not the one its controller "
          + "wrote: its status carries no seal");
    });
    assertThat(snapshot.getValue().environment()).as("the gateway's, not the refused processing's")
        .isEqualTo(ar.getSpec().getEnvironment()).isNotEqualTo("development");

    processing.setStatus(TestSealer.SEALER.seal(processing, classified));
    childInCache(AlertProcessing.class, processing);
    clearInvocations(conductor);
    reconcile(RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing, PROCESSING_MESSAGE));
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getValue().child(ChildKind.PROCESSING)).hasValueSatisfying(c ->
        assertThat(c.phase()).isEqualTo(io.kubernaut.ports.pipeline.ProcessingPhase.Completed));
    assertThat(snapshot.getValue().environment()).isEqualTo("development");

    // Its analysis created, and the status write that would have left Processing lost (a crash, a conflict): the
    // processing is still judged, as the next write records its seal.
    processing.getStatus().setPath(io.kubernaut.ports.pipeline.RemediationPath.RECOMMEND_ONLY);
    childInCache(AlertProcessing.class, processing);
    AIAnalysis analysis = new AIAnalysis();
    analysis.setMetadata(Children.ownedBy(ar, ChildKind.ANALYSIS.childName(ar.getMetadata().getName())));
    analysis.setSpec(ChildFactory.analysisSpec(ar, processing));
    childInCache(AIAnalysis.class, analysis);
    clearInvocations(conductor);
    reconcile(RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing, PROCESSING_MESSAGE));
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getValue().child(ChildKind.PROCESSING)).hasValueSatisfying(c -> {
      assertThat(c.phase()).isEqualTo(io.kubernaut.ports.pipeline.ProcessingPhase.Failed);
      assertThat(c.message()).contains("its status's seal does not verify");
    });
  }

  /** A remediation in Analyzing whose sealed processing and analysis say to execute, as its controllers wrote them. */
  private AIAnalysis analysedToExecute() {
    AIAnalysis built = analyzingWithItsProcessingJudged(io.kubernaut.ports.pipeline.RemediationPath.AUTOMATIC).analysis();
    built.setStatus(TestSealer.SEALER.seal(built, analysed(0.95, false)));
    childInCache(AIAnalysis.class, built);
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    return built;
  }

  /** A remediation in Analyzing, its sealed processing judged and recorded, and the analysis it built (no status yet). */
  private record Judged(AlertRemediation remediation, AlertProcessing processing, AIAnalysis analysis) {}

  private Judged analyzingWithItsProcessingJudged(io.kubernaut.ports.pipeline.RemediationPath path) {
    AlertRemediation ar = analyzing();
    AlertProcessing processing = processingBuiltBy(ar);
    AlertProcessingStatus classified = new AlertProcessingStatus();
    classified.setPhase(io.kubernaut.ports.pipeline.ProcessingPhase.Completed);
    classified.setEnvironment("production");
    classified.setPath(path);
    processing.setStatus(TestSealer.SEALER.seal(processing, classified));
    childInCache(AlertProcessing.class, processing);
    ar.getStatus().setProcessingSeal(processing.getStatus().getSeal()); // as it left Processing
    ar = client.resource(ar).updateStatus();
    AIAnalysis built = new AIAnalysis();
    built.setMetadata(Children.ownedBy(ar, ChildKind.ANALYSIS.childName(ar.getMetadata().getName())));
    built.setSpec(ChildFactory.analysisSpec(ar, processing));
    return new Judged(ar, processing, client.resource(built).create());
  }

  /** {@code ar}'s AlertProcessing as it builds it, on the API server (with a uid), without a status. */
  private AlertProcessing processingBuiltBy(AlertRemediation ar) {
    AlertProcessing processing = new AlertProcessing();
    processing.setMetadata(Children.ownedBy(ar, ChildKind.PROCESSING.childName(ar.getMetadata().getName())));
    processing.setSpec(ChildFactory.processingSpec(ar));
    return client.resource(processing).create();
  }

  /** A completed analysis recommending one restart, with {@code confidence} and the gate's verdict. */
  private static io.kubernaut.k8s.crd.AIAnalysisStatus analysed(double confidence, boolean approvalRequired) {
    var status = new io.kubernaut.k8s.crd.AIAnalysisStatus();
    status.setPhase(io.kubernaut.ports.pipeline.AnalysisPhase.Completed);
    status.setConfidence(confidence);
    status.setApprovalRequired(approvalRequired);
    status.setRecommendOnly(false);
    status.setRecommendations(List.of(new io.kubernaut.ports.analysis.Recommendation("1", "rollout_restart",
        new io.kubernaut.ports.signal.TargetRef("Deployment", NS, "checkout"), Map.of(), confidence, "LOW", "restart",
        List.of())));
    return status;
  }

  /** The analysis as the remediation's snapshot shows it, with {@code analysis} in the cache and Analyzing decided. */
  private io.kubernaut.ports.pipeline.ChildState analysisAsSeen(AIAnalysis analysis) throws Exception {
    childInCache(AIAnalysis.class, analysis);
    clearInvocations(conductor);
    reconcile(RemediationDecision.stay(RemediationPhase.Analyzing, ConditionReason.Analyzing, "Analyzing."));
    ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    return snapshot.getValue().child(ChildKind.ANALYSIS).orElseThrow();
  }

  @Test
  void anObjectWithTheChildsNameThatThisRemediationDoesNotControlIsNotItsChild() throws Exception {
    // Left by an earlier remediation of the same name (garbage collection pending): controlled by another uid.
    AlertProcessing stale = Resources.processing();
    stale.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withApiVersion("kubernaut.io/v1alpha1").withKind("AlertRemediation").withName(Resources.AR)
        .withUid("uid-of-an-earlier-ar-1").withController(true).build()));
    foundByName(AlertProcessing.class, client.resource(stale).create());
    // Made by hand: no owner at all.
    AIAnalysis handMade = Resources.analysis();
    foundByName(AIAnalysis.class, client.resource(handMade).create());
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);

    reconcile(RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing, PROCESSING_MESSAGE));

    ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getAllValues().get(0).children()).isEmpty();
  }

  @Test
  void theSnapshotCarriesTheSafetyRuleThatStoppedTheWorkflowAndWhenItLifts() throws Exception {
    Instant lifts = NOW.plusSeconds(240);
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new ObjectMetaBuilder().withName(Resources.AR + "-workflow").withNamespace(NS).build());
    WorkflowExecutionStatus status = new WorkflowExecutionStatus();
    status.setPhase(WorkflowPhase.Failed);
    status.setBlockedUntil(lifts.toString());
    status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("False").withReason("Cooldown")
        .withMessage("Step a is denied by the safety envelope.").build()));
    wfe.setStatus(status);
    childInCache(WorkflowExecution.class, wfe);
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);

    reconcile(RemediationDecision.stay(RemediationPhase.Processing, ConditionReason.Processing, PROCESSING_MESSAGE));

    ArgumentCaptor<RemediationSnapshot> snapshot = ArgumentCaptor.forClass(RemediationSnapshot.class);
    verify(conductor, atLeastOnce()).decide(snapshot.capture());
    assertThat(snapshot.getAllValues().get(0).blockedBy()).isEqualTo("Cooldown");
    assertThat(snapshot.getAllValues().get(0).blockedUntil()).isEqualTo(lifts);
  }

  @Test
  void anApprovalSetBeforeTheRemediationAwaitedApprovalIsRemovedWithAWarningEventAndACondition() throws Exception {
    client.resources(AlertRemediation.class).inNamespace(NS).withName(Resources.AR).edit(ar -> {
      ar.getMetadata().setAnnotations(Map.of(KubernautLabels.APPROVAL, "approved", KubernautLabels.APPROVAL_BY, "mallory",
          "team", "payments"));
      return ar;
    });
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    String message = "AlertRemediation ar-1 waits for approval; the decision 'approved' by mallory was given before it "
        + "awaited approval, so it is ignored and removed.";

    reconcile(new RemediationDecision(RemediationPhase.AwaitingApproval, null, ConditionReason.StaleApprovalIgnored,
        message, null, List.of(), null, null, NotificationType.APPROVAL_NEEDED, null, false));

    AlertRemediation ar = remediation();
    assertThat(ar.getMetadata().getAnnotations()).doesNotContainKeys(KubernautLabels.APPROVAL, KubernautLabels.APPROVAL_BY)
        .containsEntry("team", "payments");
    assertThat(ar.getStatus().getPhase()).isEqualTo(RemediationPhase.AwaitingApproval);
    assertThat(ar.getStatus().getApproval()).as("no decision is recorded").isNull();
    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    verify(auditTrail, atLeastOnce()).record(audited.capture());
    assertThat(audited.getAllValues()).noneMatch(e -> e.type() == AuditEventType.APPROVAL);
    assertThat(ar.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("ApprovalIgnored");
      assertThat(c.getReason()).isEqualTo("StaleApprovalIgnored");
      assertThat(c.getMessage()).isEqualTo(message);
    });
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).singleElement().satisfies((Event e) -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("StaleApprovalIgnored");
    });
  }

  @Test
  void anApprovalGivenWhileTheRemediationAwaitsApprovalIsRecordedWithWhoAndWhen() throws Exception {
    reconcile(RemediationDecision.stay(RemediationPhase.AwaitingApproval, ConditionReason.AwaitingApproval, "Waits."));
    client.resources(AlertRemediation.class).inNamespace(NS).withName(Resources.AR).edit(ar -> {
      ar.getMetadata().setAnnotations(Map.of(KubernautLabels.APPROVAL, "approved", KubernautLabels.APPROVAL_BY, "alice"));
      return ar;
    });

    reconcile(RemediationDecision.stay(RemediationPhase.AwaitingApproval, ConditionReason.AwaitingApproval, "Waits."));

    AlertRemediation ar = remediation();
    assertThat(ar.getMetadata().getAnnotations()).containsEntry(KubernautLabels.APPROVAL, "approved");
    assertThat(ar.getStatus().getApproval().getDecidedBy()).isEqualTo("alice");
    assertThat(ar.getStatus().getApproval().getDecidedAt()).isEqualTo(NOW.toString());
    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    verify(auditTrail, atLeastOnce()).record(audited.capture());
    assertThat(audited.getAllValues()).filteredOn(e -> e.type() == AuditEventType.APPROVAL).singleElement()
        .satisfies(e -> {
          assertThat(e.idempotencyKey()).isEqualTo("ar-1/approval");
          assertThat(e.occurredAt()).isEqualTo(NOW);
          assertThat(e.payload()).containsEntry("decision", "Approved").containsEntry("decider", "alice")
              .containsEntry("via", "kubectl");
        });
  }

  @Test
  void theReasonGivenWithAnApprovalIsKeptInStatusAndInTheApprovalAuditEvent() throws Exception {
    reconcile(RemediationDecision.stay(RemediationPhase.AwaitingApproval, ConditionReason.AwaitingApproval, "Waits."));
    client.resources(AlertRemediation.class).inNamespace(NS).withName(Resources.AR).edit(ar -> {
      ar.getMetadata().setAnnotations(Map.of(KubernautLabels.APPROVAL, "rejected", KubernautLabels.APPROVAL_BY, "carol",
          KubernautLabels.APPROVAL_VIA, "api", KubernautLabels.APPROVAL_REASON, "Not during the sale"));
      return ar;
    });

    reconcile(RemediationDecision.stay(RemediationPhase.AwaitingApproval, ConditionReason.AwaitingApproval, "Waits."));

    assertThat(remediation().getStatus().getApproval().getReason()).isEqualTo("Not during the sale");
    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    verify(auditTrail, atLeastOnce()).record(audited.capture());
    assertThat(audited.getAllValues()).filteredOn(e -> e.type() == AuditEventType.APPROVAL).singleElement()
        .satisfies(e -> assertThat(e.payload()).containsEntry("decision", "Rejected").containsEntry("via", "api")
            .containsEntry("reason", "Not during the sale"));
  }

  @Test
  void leavingAnalyzingRecordsTheAnalysisWithKeptAndDroppedRecommendationsFallbacksAndTheGate() throws Exception {
    analyzing();
    AIAnalysis aia = client.resource(Resources.analysis()).create();
    var status = new io.kubernaut.k8s.crd.AIAnalysisStatus();
    status.setPhase(io.kubernaut.ports.pipeline.AnalysisPhase.Completed);
    status.setCompletionTime(NOW.minusSeconds(5).toString());
    status.setMessage("Approval required: production needs confidence 0.9, the analysis has 0.85.");
    status.setInvestigator("rules");
    status.setRootCause("The container exits on start.");
    status.setConfidence(0.85);
    status.setApprovalRequired(true);
    status.setRecommendOnly(false);
    status.setRecommendations(List.of(new io.kubernaut.ports.analysis.Recommendation("1", "rollout_restart",
        new io.kubernaut.ports.signal.TargetRef("Deployment", NS, "checkout"), Map.of(), 0.85, "LOW", "restart",
        List.of())));
    status.setDropped(List.of(new io.kubernaut.k8s.crd.DroppedRecommendation("drain_node", "OffTargetNode")));
    status.setFallbacks(List.of("llm: the endpoint answered 503"));
    aia.setStatus(status);
    childInCache(AIAnalysis.class, aia);
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);

    reconcile(new RemediationDecision(RemediationPhase.AwaitingApproval, null, ConditionReason.AwaitingApproval,
        "Waits.", null, List.of(), null, null, NotificationType.APPROVAL_NEEDED, null, false));

    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    verify(auditTrail, atLeastOnce()).record(audited.capture());
    assertThat(audited.getAllValues()).filteredOn(e -> e.type() == AuditEventType.ANALYSIS).singleElement()
        .satisfies(e -> {
          assertThat(e.idempotencyKey()).isEqualTo("ar-1/analysis/ar-1-analysis");
          assertThat(e.occurredAt()).isEqualTo(NOW.minusSeconds(5));
          assertThat(e.payload()).containsEntry("investigator", "rules")
              .containsEntry("rootCause", "The container exits on start.")
              .containsEntry("requiresApproval", "true").containsEntry("recommendOnly", "false")
              .containsEntry("gate", "Approval required: production needs confidence 0.9, the analysis has 0.85.")
              .containsEntry("recommendation.1.action", "rollout_restart")
              .containsEntry("dropped.1.action", "drain_node").containsEntry("dropped.1.reason", "OffTargetNode")
              .containsEntry("fallback.1", "llm: the endpoint answered 503");
        });
  }

  @Test
  void aBlockIsAuditedWithItsRuleAndWhenItLifts() throws Exception {
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    Instant lifts = NOW.plusSeconds(600);
    String message = "AlertRemediation ar-1 was blocked by the safety envelope (DisruptionBudget): no room.";

    reconcile(new RemediationDecision(RemediationPhase.Blocked, null, ConditionReason.DisruptionBudget, message, null,
        List.of(), null, null, null, null, false, lifts));

    ArgumentCaptor<AuditEvent> audited = ArgumentCaptor.forClass(AuditEvent.class);
    verify(auditTrail, atLeastOnce()).record(audited.capture());
    assertThat(audited.getAllValues()).filteredOn(e -> e.type() == AuditEventType.BLOCK).singleElement().satisfies(e -> {
      assertThat(e.idempotencyKey()).isEqualTo("ar-1/block");
      assertThat(e.payload()).containsEntry("rule", "DisruptionBudget").containsEntry("message", message)
          .containsEntry("until", lifts.toString());
    });
  }

  /** Puts ar-1 in Analyzing (entered 30 s ago) with an active AIAnalysis, then reconciles a timeout decision. */
  private void escalateToTimedOut() throws Exception {
    AlertRemediation ar = remediation();
    AlertRemediationStatus analyzing = new AlertRemediationStatus();
    analyzing.setPhase(RemediationPhase.Analyzing);
    analyzing.setStartTime(Resources.RECEIVED.toString());
    analyzing.setPhaseHistory(List.of(
        new PhaseTransition("Processing", Resources.RECEIVED.toString(), "Processing."),
        new PhaseTransition("Analyzing", NOW.minusSeconds(30).toString(), "Analyzing.")));
    ar.setStatus(analyzing);
    client.resource(ar).updateStatus();
    childInCache(AIAnalysis.class, client.resource(Resources.analysis()).create());
    when(auditTrail.record(any())).thenReturn(RecordResult.QUEUED);
    reconcile(TIMED_OUT);
    childInCache(AIAnalysis.class, client.resources(AIAnalysis.class).inNamespace(NS).withName("ar-1-analysis").get());
  }
}
