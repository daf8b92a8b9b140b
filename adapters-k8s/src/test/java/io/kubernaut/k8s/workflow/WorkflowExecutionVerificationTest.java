package io.kubernaut.k8s.workflow;

import io.kubernaut.k8s.fakes.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubernaut.core.lifecycle.WorkflowConductor;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationSpec;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.crd.MeasurementStatus;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.k8s.fakes.InMemoryActionRunner;
import io.kubernaut.k8s.fakes.InMemoryAlertStateReader;
import io.kubernaut.k8s.fakes.InMemoryAuditTrail;
import io.kubernaut.k8s.fakes.InMemoryMetricsReader;
import io.kubernaut.ports.action.AccessNeed;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.audit.AuditEventType;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.safety.SafetyVerdict;
import io.kubernaut.ports.signal.TargetRef;
import io.kubernaut.ports.verification.AlertActivity;
import io.kubernaut.ports.verification.QueryAnswer;
import io.kubernaut.ports.verification.Sample;
import io.kubernaut.ports.verification.SuccessCondition;
import io.kubernaut.ports.verification.VerificationCheck;
import io.kubernaut.ports.verification.VerificationPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.kubernaut.k8s.safety.CachedLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Monitoring with verification checks, through the WorkflowExecution controller with in-memory sources. */
@EnableKubernetesMockClient(crud = true)
class WorkflowExecutionVerificationTest {

  static final String NS = "kubernaut-system";
  static final String ALERT = "KubePodCrashLooping";

  KubernetesMockServer server;
  KubernetesClient client;

  private final InMemoryActionRunner runner = new InMemoryActionRunner();
  private final InMemoryMetricsReader metrics = new InMemoryMetricsReader();
  private final InMemoryAlertStateReader alerts = new InMemoryAlertStateReader();
  private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
  private final io.kubernaut.k8s.fakes.InMemorySilenceKeeper silences = new io.kubernaut.k8s.fakes.InMemorySilenceKeeper();
  private java.util.Set<String> protectedNamespaces = io.kubernaut.ports.safety.SafetyPolicy.DEFAULT_PROTECTED;
  private final List<Notification> notifications = new ArrayList<>();
  private MovableClock clock;
  private String environment = "staging";
  private WorkflowExecutionReconciler reconciler;

  private static final ActionCatalog CATALOG = new io.kubernaut.k8s.fakes.LookupCatalog(name -> Optional.of(
      new ActionInfo(name, "1.0.0", ActionRisk.MEDIUM, "", "test", true, true, List.of(), Set.of(),
          List.of(AccessNeed.patchOnTargetResource()), new ActionImpact(DisruptionClass.WORKLOAD, Set.of()))));

  private PipelinePolicy policy() {
    PipelinePolicy d = PipelinePolicy.defaults();
    VerificationCheck restarts = new VerificationCheck("restarts-stopped",
        "sum(increase(kube_pod_container_status_restarts_total{namespace=\"${namespace}\",pod=~\"${workload}-.*\"}[2m]))",
        SuccessCondition.parse("== 0"), Duration.ofSeconds(30), 2, 1, 1);
    io.kubernaut.ports.safety.SafetyPolicy safety = new io.kubernaut.ports.safety.SafetyPolicy(d.safety().fallback(),
        d.safety().byEnvironment(), protectedNamespaces, d.safety().budget());
    return new PipelinePolicy(d.timeouts(), d.retention(), false, false, d.gates(), safety, null,
        new VerificationPolicy(Map.of(ALERT, List.of(restarts)), true));
  }

  private io.kubernaut.k8s.safety.DisruptionLedger ledger;

  @org.junit.jupiter.api.AfterEach
  void stopInformers() {
    ledger.informers().close();
  }

  @BeforeEach
  void setUp() {
    clock = new MovableClock(Instant.parse("2026-06-01T10:00:00Z"));
    ledger = CachedLedger.start(client, NS, CATALOG, clock);
    reconciler = new WorkflowExecutionReconciler(ledger, new WorkflowConductor(), r -> SafetyVerdict.allow("ok"), CATALOG,
        runner, this::policy, notifications::add, null, PipelineMetrics.none(),
        new WorkflowVerificationSources(metrics, alerts, audit, silences),
        io.kubernaut.k8s.runtime.PrimaryRelays.on(client, io.kubernaut.k8s.fakes.TestSealer.SEALER), clock);
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReturn(201, new SelfSubjectAccessReviewBuilder().withNewStatus().withAllowed(true).endStatus().build()).always();
    client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("api")
        .withNamespace("shop").endMetadata().withNewSpec().withReplicas(3).endSpec().build()).create();
    AlertRemediation ar = new AlertRemediation();
    ar.setMetadata(new ObjectMetaBuilder().withName("ar-1").withNamespace(NS).withUid("uid-ar-1").build());
    AlertRemediationSpec spec = new AlertRemediationSpec();
    spec.setFingerprint("f".repeat(64));
    spec.setAlertName(ALERT);
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    spec.setLabels(Map.of("alertname", ALERT, "namespace", "shop", "pod", "api-7d9f-x2", "severity", "critical"));
    ar.setSpec(spec);
    client.resource(ar).create();
  }

  /** A workflow a → b on Deployment shop/api, driven to Monitoring. */
  private WorkflowExecution monitoring() {
    WorkflowExecution wfe = reconcile(WorkflowFixtures.builtBy(client,
        client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get(), environment,
        List.of(step("a", "increase_resources"), step("b", "rollout_restart", "a")),
        Map.of(KubernautLabels.REMEDIATION, "ar-1")));
    finish("a", ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    finish("b", ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Monitoring);
    return wfe;
  }

  private static Recommendation step(String id, String action, String... dependsOn) {
    return new Recommendation(id, action, new TargetRef("Deployment", "shop", "api"), Map.of(), 0.9, "MEDIUM", "",
        List.of(dependsOn));
  }

  private WorkflowExecution reconcile(WorkflowExecution wfe) {
    control(wfe);
    return client.resources(WorkflowExecution.class).inNamespace(NS).withName(wfe.getMetadata().getName()).get();
  }

  /** Reconciles once and answers what the reconciler asked for (when to look again). */
  @SuppressWarnings("unchecked")
  private io.javaoperatorsdk.operator.api.reconciler.UpdateControl<WorkflowExecution> control(WorkflowExecution wfe) {
    Set<KubernetesExecution> executions = new HashSet<>(client.resources(KubernetesExecution.class).inNamespace(NS).list()
        .getItems());
    Context<WorkflowExecution> context = (Context<WorkflowExecution>) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {Context.class}, (proxy, method, args) -> {
          if (method.getName().equals("getSecondaryResources")) {
            return args[0] == KubernetesExecution.class ? executions : Set.of();
          }
          if (method.getName().equals("getSecondaryResource") && args[0] == AlertRemediation.class) {
            return Optional.ofNullable(client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get());
          }
          throw new UnsupportedOperationException(method.getName());
        });
    return reconciler.reconcile(wfe, context);
  }

  private void finish(String step, ExecutionPhase phase) {
    KubernetesExecution kex = client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-" + step)
        .get();
    KubernetesExecutionStatus s = new KubernetesExecutionStatus();
    s.setPhase(phase);
    s.setMessage("Step " + step + " is " + phase + ".");
    s.setRollbackData(Map.of("previousReplicas", "3"));
    s.setPhaseHistory(List.of(new PhaseTransition(phase.name(), clock.instant().toString(), "test")));
    kex.setStatus(s);
    client.resource(kex).updateStatus();
  }

  private WorkflowExecution after(Duration d, WorkflowExecution wfe) {
    clock.advance(d);
    return reconcile(wfe);
  }

  private static QueryAnswer restarts(double value) {
    return QueryAnswer.answered(List.of(new Sample(Map.of("namespace", "shop"), value)));
  }

  @Test
  void checksThatPassWithTheAlertInactiveInAlertmanagerCompleteRemediatedAndEveryMeasurementIsKept() {
    metrics.configured = true;
    metrics.answer = q -> restarts(0);
    alerts.configured = true;
    alerts.state = AlertActivity.State.INACTIVE;
    WorkflowExecution wfe = monitoring();
    assertThat(metrics.queries).as("the first measurement waits one interval").isEmpty();

    wfe = after(Duration.ofSeconds(30), wfe);
    assertThat(metrics.queries).containsExactly(
        "sum(increase(kube_pod_container_status_restarts_total{namespace=\"shop\",pod=~\"api-.*\"}[2m]))");
    assertThat(wfe.getStatus().getMeasurements()).singleElement().satisfies(m -> {
      assertThat(m.getCheck()).isEqualTo("restarts-stopped");
      assertThat(m.getResult()).isEqualTo("PASSED");
      assertThat(m.getValue()).isEqualTo(0.0);
    });
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Monitoring);

    wfe = after(Duration.ofSeconds(30), wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Completed);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("Remediated");
    assertThat(wfe.getStatus().getMeasurements()).extracting(MeasurementStatus::getResult).containsExactly("PASSED",
        "PASSED");
    assertThat(alerts.asked).last().isEqualTo(Map.of("alertname", ALERT, "namespace", "shop", "pod", "api-7d9f-x2"));
    assertThat(audit.events).filteredOn(e -> e.type() == AuditEventType.VERIFICATION).hasSize(2)
        .allSatisfy(e -> assertThat(e.idempotencyKey()).startsWith("ar-1/verification/restarts-stopped/"))
        .extracting(e -> e.idempotencyKey()).doesNotHaveDuplicates();
  }

  @Test
  void aFailedVerificationRollsBackTheStepsInReverseOrderEscalatesAndEndsRolledBack() {
    metrics.configured = true;
    metrics.answer = q -> restarts(4);
    WorkflowExecution wfe = monitoring();
    wfe = after(Duration.ofSeconds(30), wfe);
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-b-rollback").get())
        .as("one failure is within failureLimit 1").isNull();
    wfe = after(Duration.ofSeconds(30), wfe);

    KubernetesExecution undoB = client.resources(KubernetesExecution.class).inNamespace(NS)
        .withName("ar-1-workflow-b-rollback").get();
    assertThat(undoB).as("the last completed step is undone first").isNotNull();
    assertThat(notifications).filteredOn(n -> n.type() == NotificationType.FAILED).singleElement()
        .satisfies(n -> assertThat(n.body()).contains("restarts-stopped").contains("4.0"));

    finish("b-rollback", ExecutionPhase.Completed);
    wfe = after(Duration.ofSeconds(1), wfe);
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-a-rollback").get())
        .isNotNull();
    finish("a-rollback", ExecutionPhase.Completed);
    wfe = after(Duration.ofSeconds(1), wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.RolledBack);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("RolledBack");
    assertThat(notifications).filteredOn(n -> n.type() == NotificationType.FAILED).as("escalated once").hasSize(1);
  }

  /** A production workflow whose verification failed, waiting for approval to roll back. */
  private WorkflowExecution awaitingRollbackApproval() {
    environment = "production";
    metrics.configured = true;
    metrics.answer = q -> restarts(4);
    WorkflowExecution wfe = monitoring();
    wfe = after(Duration.ofSeconds(30), wfe);
    wfe = after(Duration.ofSeconds(30), wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Monitoring);
    assertThat(wfe.getStatus().getRollbackApprovalRequestedAt()).isEqualTo(clock.instant().toString());
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-b-rollback").get())
        .as("nothing is rolled back before approval").isNull();
    assertThat(notifications).filteredOn(n -> n.type() == NotificationType.APPROVAL_NEEDED).singleElement()
        .satisfies(n -> assertThat(n.body()).contains("restarts-stopped").contains("4.0").contains("b, a")
            .contains("kubectl kubernaut approve ar-1 -n " + NS + " (roll back)")
            .contains("kubectl kubernaut reject ar-1 -n " + NS + " --reason").contains("POST /api/v1/remediations/ar-1/approve|reject"));
    assertThat(notifications).filteredOn(n -> n.type() == NotificationType.APPROVAL_NEEDED).singleElement()
        .satisfies(n -> assertThat(n.details()).as("what the routes and the message composer read")
            .containsEntry("priority", "P1").containsEntry("reason", "RollbackAwaitingApproval")
            .containsEntry("alertName", ALERT));
    assertThat(wfe.getStatus().getRollbackApprovalExpiresAt()).as("the request expires after the approval timeout")
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(15)).toString());
    assertThat(silences.expired).as("the page comes back while a person decides").containsExactly("ar-1");
    return wfe;
  }

  private void decide(String decision, String by) {
    decide(Map.of(KubernautLabels.ROLLBACK_APPROVAL, decision, KubernautLabels.ROLLBACK_APPROVAL_BY, by));
  }

  private void decide(Map<String, String> annotations) {
    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get();
    ar.getMetadata().setAnnotations(annotations);
    client.resource(ar).update();
  }

  @Test
  void inProductionAnApprovedRollbackUndoesTheStepsInReverseOrderEndsRolledBackAndIsAuditedWithTheDecider() {
    WorkflowExecution wfe = awaitingRollbackApproval();
    decide("approved", "alice");
    wfe = after(Duration.ofSeconds(5), wfe);
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-b-rollback").get())
        .as("the last completed step is undone first").isNotNull();
    assertThat(wfe.getStatus().getSteps()).as("named in status, the record the execution controller checks")
        .anySatisfy(st -> assertThat(st.getRollback()).isEqualTo("ar-1-workflow-b-rollback"));
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-a-rollback").get())
        .isNull();
    finish("b-rollback", ExecutionPhase.Completed);
    wfe = after(Duration.ofSeconds(1), wfe);
    finish("a-rollback", ExecutionPhase.Completed);
    wfe = after(Duration.ofSeconds(1), wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.RolledBack);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("RolledBack");
    assertThat(audit.events).filteredOn(e -> e.type() == AuditEventType.APPROVAL).singleElement().satisfies(e -> {
      assertThat(e.idempotencyKey()).isEqualTo("ar-1/rollback-approval");
      assertThat(e.payload()).containsEntry("decision", "Approved").containsEntry("decider", "alice");
    });
  }

  @Test
  void inProductionARejectedRollbackEndsNotRemediatedWithTheStepsInEffectAndEscalates() {
    WorkflowExecution wfe = awaitingRollbackApproval();
    decide(Map.of(KubernautLabels.ROLLBACK_APPROVAL, "rejected", KubernautLabels.ROLLBACK_APPROVAL_BY, "bob",
        KubernautLabels.ROLLBACK_APPROVAL_VIA, "api", KubernautLabels.ROLLBACK_APPROVAL_REASON, "fixed by hand"));
    wfe = after(Duration.ofSeconds(5), wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Completed);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("NotRemediated");
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems())
        .noneMatch(k -> k.getSpec().rollback());
    assertThat(notifications).filteredOn(n -> n.type() == NotificationType.FAILED).singleElement()
        .satisfies(n -> assertThat(n.body()).contains("rejected by bob"));
    assertThat(audit.events).filteredOn(e -> e.type() == AuditEventType.APPROVAL).singleElement()
        .satisfies(e -> assertThat(e.payload()).containsEntry("decision", "Rejected").containsEntry("decider", "bob")
            .containsEntry("via", "api").containsEntry("reason", "fixed by hand"));
    assertThat(wfe.getStatus().getRollbackApproval().getReason()).isEqualTo("fixed by hand");
  }

  /**
   * While a person decides, someone able to create executions makes the very rollback the workflow would make for
   * step b: it is no record of a rollback, so the workflow still waits for the decision, rolls nothing else back and
   * names no rollback (which the execution controller requires before it runs one).
   */
  @Test
  void aRollbackMadeByHandWhileTheApprovalIsPendingRollsNothingBack() {
    WorkflowExecution wfe = awaitingRollbackApproval();
    KubernetesExecution b = client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-b").get();
    client.resource(io.kubernaut.k8s.execution.WorkflowExecutionSteps.rollback(wfe, b, Duration.ofMinutes(10), 1))
        .create();

    wfe = after(Duration.ofSeconds(5), wfe);

    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Monitoring);
    assertThat(wfe.getStatus().getMessage()).contains("waits for approval");
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-a-rollback").get())
        .isNull();
    assertThat(wfe.getStatus().getSteps()).allSatisfy(st -> assertThat(st.getRollback()).isNull());
  }

  @Test
  void aRollbackDecisionAnnotatedBeforeTheRequestIsIgnored() {
    decide("approved", "eager");
    WorkflowExecution wfe = awaitingRollbackApproval();
    wfe = after(Duration.ofSeconds(5), wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Monitoring);
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems())
        .noneMatch(k -> k.getSpec().rollback());
    assertThat(audit.events).filteredOn(e -> e.type() == AuditEventType.APPROVAL).isEmpty();
  }

  @Test
  void noRollbackDecisionWithinTheApprovalTimeoutEndsNotRemediatedAndAuditsTheExpiry() {
    WorkflowExecution wfe = awaitingRollbackApproval();
    wfe = after(Duration.ofMinutes(15), wfe);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("NotRemediated");
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems())
        .noneMatch(k -> k.getSpec().rollback());
    assertThat(audit.events).filteredOn(e -> e.type() == AuditEventType.APPROVAL).singleElement()
        .satisfies(e -> assertThat(e.payload()).containsEntry("decision", "Expired"));
  }

  @Test
  void withoutAMetricsSourceMonitoringWorksAsBeforeAndQueriesNothing() {
    WorkflowExecution wfe = monitoring();
    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get();
    ar.setStatus(new io.kubernaut.k8s.crd.AlertRemediationStatus());
    ar.getStatus().setResolvedAt(clock.instant().toString());
    client.resource(ar).updateStatus();
    wfe = after(Duration.ofSeconds(1), wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Completed);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("Remediated");
    assertThat(metrics.queries).isEmpty();
    assertThat(wfe.getStatus().getMeasurements()).isNull();
  }

  @Test
  void anUnreachableMetricsSourceEndsInconclusiveWithTheReason() {
    metrics.configured = true;
    metrics.answer = q -> QueryAnswer.unreachable("connection refused by prometheus:9090");
    WorkflowExecution wfe = monitoring();
    wfe = after(Duration.ofSeconds(30), wfe);
    wfe = after(Duration.ofSeconds(30), wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Completed);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("Inconclusive");
    assertThat(wfe.getStatus().getMessage()).contains("connection refused by prometheus:9090");
  }

  @Test
  void theAlertIsSilencedExactlyWhenTheFirstStepStartsAndTheSilenceExpiresWhenVerificationEnds() {
    metrics.configured = true;
    metrics.answer = q -> restarts(0);
    alerts.configured = true;
    alerts.state = AlertActivity.State.INACTIVE;
    WorkflowExecution wfe = monitoring();
    assertThat(silences.created).singleElement().satisfies(s -> {
      assertThat(s.remediation()).isEqualTo("ar-1");
      assertThat(s.matchers()).isEqualTo(Map.of("alertname", ALERT, "namespace", "shop", "pod", "api-7d9f-x2"));
      assertThat(s.comment()).contains("AlertRemediation ar-1").contains("kubectl describe alertremediation ar-1 -n " + NS);
      assertThat(s.endsAt()).isAfter(clock.instant().plus(Duration.ofMinutes(5)));
    });
    assertThat(silences.active).containsKey("ar-1");
    wfe = after(Duration.ofSeconds(30), wfe);
    wfe = after(Duration.ofSeconds(30), wfe);
    assertThat(wfe.getStatus().getOutcome()).as("a silenced alert that resolved is read from Alertmanager, no webhook")
        .isEqualTo("Remediated");
    assertThat(silences.expired).containsExactly("ar-1");
    assertThat(silences.created).as("never duplicated").hasSize(1);
  }

  @Test
  void aFailedVerificationExpiresTheSilenceSoThePageComesBack() {
    metrics.configured = true;
    metrics.answer = q -> restarts(4);
    WorkflowExecution wfe = monitoring();
    wfe = after(Duration.ofSeconds(30), wfe);
    wfe = after(Duration.ofSeconds(30), wfe);
    finish("b-rollback", ExecutionPhase.Completed);
    wfe = after(Duration.ofSeconds(1), wfe);
    finish("a-rollback", ExecutionPhase.Completed);
    wfe = after(Duration.ofSeconds(1), wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.RolledBack);
    assertThat(silences.expired).containsExactly("ar-1");
  }

  @Test
  void noSilenceIsCreatedInAProtectedNamespace() {
    protectedNamespaces = Set.of("shop");
    monitoring();
    assertThat(silences.created).isEmpty();
  }

  @Test
  void aWorkflowStoppedByItsRemediationHasItsSilenceExpired() {
    WorkflowExecution wfe = monitoring();
    assertThat(silences.active).containsKey("ar-1");
    wfe.getStatus().setPhase(WorkflowPhase.Failed);
    wfe.getStatus().getPhaseHistory().add(new PhaseTransition("Failed", clock.instant().toString(), "ParentCancelled"));
    wfe = client.resource(wfe).updateStatus();
    reconcile(wfe);
    assertThat(silences.expired).containsExactly("ar-1");
  }

  @Test
  void withSilencesOffNothingIsSilenced() {
    silences.enabled = false;
    monitoring();
    assertThat(silences.created).isEmpty();
  }

  private static io.fabric8.kubernetes.api.model.Condition silenceCondition(WorkflowExecution wfe) {
    return wfe.getStatus().getConditions().stream().filter(c -> c.getType().equals("AlertSilenced")).findFirst()
        .orElseThrow(() -> new AssertionError("no AlertSilenced condition in " + wfe.getStatus().getConditions()));
  }

  private List<io.fabric8.kubernetes.api.model.Event> events(String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getReason().equals(reason) && e.getInvolvedObject().getName().equals("ar-1-workflow")).toList();
  }

  private List<io.kubernaut.ports.audit.AuditEvent> silenceAudits(String reason) {
    return audit.events.stream().filter(e -> e.idempotencyKey().startsWith("ar-1/silence/" + reason + "/")).toList();
  }

  @Test
  void aSilenceAlertmanagerCannotCreateIsAConditionAnEventAndAnAuditEventUntilARetrySucceeds() {
    metrics.configured = true;
    metrics.answer = q -> restarts(0);
    silences.failure = new io.kubernaut.ports.failure.RetryableException(
        "Alertmanager at http://alertmanager:9093 could not be reached: ConnectException.");
    WorkflowExecution wfe = monitoring();

    assertThat(silenceCondition(wfe)).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("SilenceNotCreated");
      assertThat(c.getMessage()).startsWith("The alert keeps paging")
          .contains("Alertmanager at http://alertmanager:9093 could not be reached: ConnectException.");
    });
    assertThat(events("SilenceNotCreated")).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("could not be reached");
    });
    assertThat(silenceAudits("SilenceNotCreated")).singleElement()
        .satisfies(e -> assertThat(e.payload().get("message")).contains("could not be reached"));
    int calls = silences.calls.size();
    assertThat(control(wfe).getScheduleDelay()).as("tried again soon, whatever the monitoring waits for")
        .hasValueSatisfying(ms -> assertThat(ms).isLessThanOrEqualTo(WorkflowExecutionSilences.RETRY.toMillis()));
    assertThat(silences.calls.size()).as("one more try per reconcile").isEqualTo(calls + 1);

    silences.failure = null;
    wfe = after(Duration.ofSeconds(10), wfe);
    assertThat(silenceCondition(wfe)).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("Silenced");
      assertThat(c.getMessage()).contains("silence-1").contains("alertname=" + ALERT);
    });
    assertThat(silences.active).containsKey("ar-1");
    assertThat(events("Silenced")).singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
    assertThat(silenceAudits("Silenced")).hasSize(1);
  }

  @Test
  void aSilenceAlertmanagerAnswersOddJsonForIsRefusedAsAConditionWithoutFailingTheReconcile() {
    silences.failure = new io.kubernaut.ports.failure.PermanentException(
        "Alertmanager answered the silences with a body that is not JSON: \"<html>\".");
    WorkflowExecution wfe = monitoring();
    assertThat(silenceCondition(wfe).getReason()).isEqualTo("SilenceNotCreated");
    assertThat(silenceCondition(wfe).getMessage()).contains("a body that is not JSON");
    assertThat(wfe.getStatus().getPhase()).as("the workflow goes on").isEqualTo(WorkflowPhase.Monitoring);
  }

  @Test
  void aSilenceThatCannotBeExpiredIsAConditionRetriedAfterTheWorkflowEndedUntilAlertmanagerAnswers() {
    metrics.configured = true;
    metrics.answer = q -> restarts(0);
    alerts.configured = true;
    alerts.state = AlertActivity.State.INACTIVE;
    WorkflowExecution wfe = monitoring();
    assertThat(silenceCondition(wfe).getReason()).isEqualTo("Silenced");
    silences.failure = new io.kubernaut.ports.failure.RetryableException("Alertmanager did not answer within 1 s.");
    wfe = after(Duration.ofSeconds(30), wfe);
    var ending = control(after(Duration.ofSeconds(30), wfe));
    wfe = client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();

    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Completed);
    assertThat(silenceCondition(wfe)).satisfies(c -> {
      assertThat(c.getStatus()).as("the silence still holds").isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("SilenceNotExpired");
      assertThat(c.getMessage()).contains("Alertmanager did not answer within 1 s.");
    });
    assertThat(events("SilenceNotExpired")).singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    assertThat(silenceAudits("SilenceNotExpired")).hasSize(1);
    assertThat(ending.getScheduleDelay()).as("the ended workflow is looked at again to expire it")
        .hasValue(WorkflowExecutionSilences.RETRY.toMillis());
    assertThat(silences.active).containsKey("ar-1");

    silences.failure = null;
    clock.advance(WorkflowExecutionSilences.RETRY);
    var retried = control(wfe);
    wfe = client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();
    assertThat(silences.active).as("expired on the retry").doesNotContainKey("ar-1");
    assertThat(silences.expired).containsExactly("ar-1");
    assertThat(silenceCondition(wfe)).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("SilenceExpired");
    });
    assertThat(retried.getScheduleDelay()).as("nothing more to retry").isEmpty();
    assertThat(wfe.getStatus().getPhase()).as("the outcome is untouched").isEqualTo(WorkflowPhase.Completed);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("Remediated");
    int calls = silences.calls.size();
    control(wfe);
    assertThat(silences.calls).as("a silence known expired is not asked about again").hasSize(calls);
  }

  @Test
  void anExpiryThatKeepsFailingStopsOnceTheSilenceHasSurelyEndedOnItsOwn() {
    metrics.configured = true;
    metrics.answer = q -> restarts(0);
    alerts.configured = true;
    alerts.state = AlertActivity.State.INACTIVE;
    WorkflowExecution wfe = monitoring();
    silences.failure = new io.kubernaut.ports.failure.RetryableException("Alertmanager did not answer within 1 s.");
    wfe = after(Duration.ofSeconds(30), wfe);
    wfe = after(Duration.ofSeconds(30), wfe);
    assertThat(silenceCondition(wfe).getReason()).isEqualTo("SilenceNotExpired");
    Instant created = silences.created.get(0).endsAt();

    clock.set(created.minusSeconds(1));
    assertThat(control(wfe).getScheduleDelay()).as("before its end, still retried").isPresent();
    clock.advance(Duration.ofHours(2));
    var last = control(client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get());
    wfe = client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();
    assertThat(last.getScheduleDelay()).as("no retry once the silence has ended on its own").isEmpty();
    assertThat(silenceCondition(wfe)).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("SilenceExpired");
      assertThat(c.getMessage()).contains("ended on its own");
    });
  }
}
