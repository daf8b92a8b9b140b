package io.kubernaut.k8s.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationSpec;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.crd.KubernetesExecutionStatus;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.PhaseTransition;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.core.lifecycle.WorkflowConductor;
import io.kubernaut.k8s.fakes.InMemoryActionRunner;
import io.kubernaut.ports.action.AccessNeed;
import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.notification.Notification;
import io.kubernaut.ports.notification.NotificationType;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import io.kubernaut.k8s.safety.CachedLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class WorkflowExecutionReconcilerTest {

  static final String NS = "kubernaut-system";

  KubernetesMockServer server;
  KubernetesClient client;
  private final InMemoryActionRunner runner = new InMemoryActionRunner();
  private final io.kubernaut.k8s.fakes.InMemoryMetricsReader metricsReader = new io.kubernaut.k8s.fakes.InMemoryMetricsReader();
  private final io.kubernaut.k8s.fakes.InMemoryAlertStateReader alertStates =
      new io.kubernaut.k8s.fakes.InMemoryAlertStateReader();
  private final io.kubernaut.k8s.fakes.InMemoryAuditTrail audit = new io.kubernaut.k8s.fakes.InMemoryAuditTrail();
  private final io.kubernaut.k8s.fakes.InMemorySilenceKeeper silences = new io.kubernaut.k8s.fakes.InMemorySilenceKeeper();
  { silences.enabled = false; }
  private final List<Notification> notifications = new ArrayList<>();
  private final List<SafetyRequest> safetyRequests = new ArrayList<>();
  private WorkflowExecutionReconciler reconciler;

  /** A third-party action as the plugin host would list it: its own access and a NODE class. */
  private static final ActionInfo THIRD_PARTY = new ActionInfo("acme_relocate", "0.1.0", ActionRisk.HIGH,
      "Moves a workload off its node.", "/opt/kubernaut/plugins/acme/acme.jar", false, false, List.of(),
      Set.of("Deployment", "StatefulSet"),
      List.of(new AccessNeed("Deployment", "apps", "deployments", "", "get", AccessNeed.Scope.TARGET),
          new AccessNeed("StatefulSet", "apps", "statefulsets", "", "get", AccessNeed.Scope.TARGET),
          AccessNeed.patchOnTargetResource(),
          new AccessNeed("", "", "events", "", "list", AccessNeed.Scope.NAMESPACE),
          new AccessNeed("", "", "pods", "eviction", "create", AccessNeed.Scope.CLUSTER)),
      new ActionImpact(DisruptionClass.NODE, Set.of(ActionEffect.RESTARTS_PODS)));

  private static final ActionInfo REBOOT = new ActionInfo("acme_reboot", "0.1.0", ActionRisk.HIGH, "Reboots a node.",
      "/opt/kubernaut/plugins/acme/acme.jar", false, false, List.of(), Set.of("Node"), List.of(),
      new ActionImpact(DisruptionClass.NODE, Set.of()));

  private static final ActionInfo QUIET = new ActionInfo("acme_note", "0.1.0", ActionRisk.LOW, "Writes nothing.",
      "/opt/kubernaut/plugins/acme/acme.jar", false, false, List.of(), Set.of(), List.of(),
      new ActionImpact(DisruptionClass.NONE, Set.of()));

  private static final Map<String, ActionInfo> DECLARING = Map.of(THIRD_PARTY.name(), THIRD_PARTY, REBOOT.name(), REBOOT,
      QUIET.name(), QUIET);

  /** The acme actions as declared above (other acme names are unknown); any other name a workload-class action. */
  private static final ActionCatalog CATALOG = new io.kubernaut.k8s.fakes.LookupCatalog(name -> {
    if (name.startsWith("acme_")) {
      return Optional.ofNullable(DECLARING.get(name));
    }
    return Optional.of(new ActionInfo(name, "1.0.0", name.equals("notify_only") ? ActionRisk.LOW : ActionRisk.MEDIUM, "",
        "test", true, true, List.of(), Set.of(), List.of(io.kubernaut.ports.action.AccessNeed.patchOnTargetResource()),
        new ActionImpact(DisruptionClass.WORKLOAD, Set.of())));
  });

  private static final Instant COOLDOWN_LIFTS = Instant.parse("2026-11-20T12:05:00Z");

  private boolean killSwitch;

  private PipelinePolicy policy() {
    PipelinePolicy d = PipelinePolicy.defaults();
    return new PipelinePolicy(timeouts, d.retention(), d.dryRun(), killSwitch, d.gates(), d.safety());
  }

  /** The timeouts of {@link #policy()}. */
  private io.kubernaut.ports.pipeline.TimeoutSettings timeouts = io.kubernaut.ports.pipeline.TimeoutSettings.standard();

  private io.kubernaut.k8s.safety.DisruptionLedger ledger;
  private io.kubernaut.k8s.fakes.RelayedRemediations remediations;

  @org.junit.jupiter.api.AfterEach
  void stopInformers() {
    ledger.informers().close();
  }

  @BeforeEach
  void setUp() {
    ledger = CachedLedger.start(client, NS, CATALOG, Clock.systemUTC());
    reconciler = new WorkflowExecutionReconciler(ledger, new WorkflowConductor(),
        r -> {
          safetyRequests.add(r);
          return r.target().namespace().equals("kube-system")
              ? SafetyVerdict.deny(ConditionReason.ProtectedNamespace, "kube-system is protected.")
              : r.action().equals("cooled_restart")
                  ? SafetyVerdict.deny(ConditionReason.Cooldown, "cooled_restart ran recently.", COOLDOWN_LIFTS)
                  : SafetyVerdict.allow("ok");
        },
        CATALOG, runner, this::policy, notifications::add, null, PipelineMetrics.none(),
        new WorkflowVerificationSources(metricsReader, alertStates, audit, silences),
        (remediations = new io.kubernaut.k8s.fakes.RelayedRemediations(client)).relays(), Clock.systemUTC());
    accessReviewsAnswer(true);
    seedCluster();
  }

  private void seedCluster() {
    for (String ns : List.of("shop", "kube-system")) {
      client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("api")
          .withNamespace(ns).endMetadata().withNewSpec().withReplicas(3).endSpec().build()).create();
    }
    AlertRemediation ar = new AlertRemediation();
    ar.setMetadata(new ObjectMetaBuilder().withName("ar-1").withNamespace(NS).withUid("uid-ar-1").build());
    AlertRemediationSpec spec = new AlertRemediationSpec();
    spec.setFingerprint("f".repeat(64));
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    ar.setSpec(spec);
    client.resource(ar).create();
  }

  private void accessReviewsAnswer(boolean allowed) {
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReturn(201, new SelfSubjectAccessReviewBuilder().withNewStatus().withAllowed(allowed)
            .withReason(allowed ? null : "RBAC: forbidden").endStatus().build()).always();
  }

  private static Recommendation step(String id, String action, String namespace, String... dependsOn) {
    return new Recommendation(id, action, new TargetRef("Deployment", namespace, "api"), Map.of(), 0.9, "MEDIUM", "", List.of(dependsOn));
  }

  /** The workflow ar-1 builds (rollback strategy automatic) for {@code steps} in staging. */
  private WorkflowExecution create(Recommendation... steps) {
    return WorkflowFixtures.builtBy(client, client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get(),
        "staging", List.of(steps), Map.of(KubernautLabels.REMEDIATION, "ar-1", KubernautLabels.FINGERPRINT, "f".repeat(40)));
  }

  /** A workflow made by hand under ar-1's name and reference: steps its remediation never recommended. */
  private WorkflowExecution handMade(boolean owned, String rollbackStrategy, Recommendation... steps) {
    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get();
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(owned ? Children.ownedBy(ar, "ar-1-workflow")
        : new ObjectMetaBuilder().withName("ar-1-workflow").withNamespace(NS).build());
    WorkflowExecutionSpec spec = new WorkflowExecutionSpec();
    spec.setRemediationRef(new RemediationRef("ar-1"));
    spec.setEnvironment("development");
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    spec.setSteps(List.of(steps));
    spec.setRollbackStrategy(rollbackStrategy);
    wfe.setSpec(spec);
    return client.resource(wfe).create();
  }

  private WorkflowExecution reconcile(WorkflowExecution wfe) {
    reconciler.reconcile(wfe, contextFor());
    return client.resources(WorkflowExecution.class).inNamespace(NS).withName(wfe.getMetadata().getName()).get();
  }

  /** A context holding the executions on the API server now and AlertRemediation ar-1 as it is read. */
  @SuppressWarnings("unchecked")
  private Context<WorkflowExecution> contextFor() {
    Set<KubernetesExecution> executions = new HashSet<>(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems());
    return (Context<WorkflowExecution>) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {Context.class}, (proxy, method, args) -> {
          if (method.getName().equals("getSecondaryResources")) {
            return args[0] == KubernetesExecution.class ? executions : Set.of();
          }
          if (method.getName().equals("getSecondaryResource") && args[0] == AlertRemediation.class) {
            return Optional.ofNullable(client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get());
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private KubernetesExecution execution(String step) {
    return client.resources(KubernetesExecution.class).inNamespace(NS).withName("ar-1-workflow-" + step).get();
  }

  private void finish(String step, ExecutionPhase phase) {
    finishExecution(execution(step), step, phase);
  }

  private void finishExecution(KubernetesExecution kex, String step, ExecutionPhase phase) {
    KubernetesExecutionStatus s = new KubernetesExecutionStatus();
    s.setPhase(phase);
    s.setMessage("Step " + step + " is " + phase + ".");
    s.setRollbackData(Map.of("previousReplicas", "3"));
    s.setPhaseHistory(List.of(new PhaseTransition(phase.name(), Instant.now().toString(), "test")));
    kex.setStatus(s);
    client.resource(kex).updateStatus();
  }

  /** The remediation ar-1 as the AlertRemediation controller's informer has it, at {@code version}. */
  private AlertRemediation remediationAt(String version) {
    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get();
    ar.getMetadata().setResourceVersion(version);
    return ar;
  }

  @Test
  void anAlertRemediationStatusWriteThatChangesNothingItReadsDoesNotReconcileItsWorkflow() {
    var source = remediations.subscribedBy(reconciler, WorkflowExecution.class, client);
    AlertRemediation before = remediationAt("10");
    AlertRemediation phase = remediationAt("11");
    phase.setStatus(new io.kubernaut.k8s.crd.AlertRemediationStatus());
    phase.getStatus().setPhase(io.kubernaut.ports.remediation.RemediationPhase.Executing);
    AlertRemediation counted = remediationAt("12");
    counted.setStatus(new io.kubernaut.k8s.crd.AlertRemediationStatus());
    counted.getStatus().setPhase(io.kubernaut.ports.remediation.RemediationPhase.Executing);
    counted.getStatus().setDuplicates(new io.kubernaut.k8s.crd.Duplicates(7L, "2026-11-20T10:01:00Z", "2026-11-20T10:04:00Z"));

    remediations.updated(phase, before);
    remediations.updated(counted, phase);

    assertThat(remediations.reconciled).isEmpty();
    assertThat(source.getSecondaryResource(create(step("a", "increase_resources", "shop"))))
        .as("read from the AlertRemediation controller's cache").containsSame(counted);
  }

  @Test
  void aRollbackApprovalAndTheAlertsResolutionStillReconcileItsWorkflow() {
    remediations.subscribedBy(reconciler, WorkflowExecution.class, client);
    AlertRemediation before = remediationAt("10");
    AlertRemediation approved = remediationAt("11");
    approved.getMetadata().setAnnotations(Map.of(KubernautLabels.ROLLBACK_APPROVAL, "approved"));
    AlertRemediation resolved = remediationAt("12");
    resolved.getMetadata().setAnnotations(Map.of(KubernautLabels.ROLLBACK_APPROVAL, "approved"));
    resolved.setStatus(new io.kubernaut.k8s.crd.AlertRemediationStatus());
    resolved.getStatus().setResolvedAt("2026-11-20T10:05:00Z");

    remediations.updated(approved, before);
    remediations.updated(resolved, approved);

    assertThat(remediations.reconciled).extracting(io.javaoperatorsdk.operator.processing.event.ResourceID::getName)
        .containsExactly("ar-1-workflow", "ar-1-workflow");
  }

  private WorkflowExecution workflow() {
    return client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").get();
  }

  @Test
  void theEchoOfItsOwnStatusWriteIsNotReconciledBeforeMonitoring() {
    reconcile(create(step("a", "increase_resources", "shop"),
        step("b", "rollout_restart", "shop", "a")));
    finish("a", ExecutionPhase.Completed);
    WorkflowExecution stepA = workflow();
    WorkflowExecution stepB = reconcile(workflow());

    assertThat(execution("b")).as("the next step started").isNotNull();
    assertThat(reconciler.triggers(stepB, stepA)).as("its own write, Executing").isFalse();
    assertThat(reconciler.triggers(stepB, stepA)).as("an echo is expected once").isTrue();
    assertThat(reconciler.triggers(stepA, stepB)).as("anyone else's write").isTrue();
  }

  @Test
  void theEchoOfItsOwnStatusWriteInMonitoringIsReconciled() {
    reconcile(create(step("a", "increase_resources", "shop")));
    finish("a", ExecutionPhase.Completed);
    WorkflowExecution executing = workflow();
    WorkflowExecution monitoring = reconcile(workflow());

    assertThat(monitoring.getStatus().getPhase()).isEqualTo(WorkflowPhase.Monitoring);
    assertThat(reconciler.triggers(monitoring, executing)).as("a check may be due again at once").isTrue();
  }

  @Test
  void aStatusWriteThatMeetsAConflictIsReconciledAgainShortlyNotLeftToAnEventThatMayNeverCome() {
    WorkflowExecution wfe = create(step("a", "increase_resources", "shop"));
    // The API server answers the workflow's next status write 409, as it does a write onto a version that is gone.
    server.expect().put().withPath("/apis/kubernaut.io/v1alpha1/namespaces/" + NS + "/workflowexecutions/"
        + wfe.getMetadata().getName() + "/status").andReturn(409, new io.fabric8.kubernetes.api.model.StatusBuilder()
            .withCode(409).withReason("Conflict").withMessage("the object has been modified").build()).once();

    var control = reconciler.reconcile(wfe, contextFor());

    assertThat(control.getScheduleDelay()).as("the next event may be the controller's own write's echo, which it skips")
        .contains(io.kubernaut.k8s.status.RecentWrites.CONFLICT_RETRY.toMillis());
    assertThat(workflow().getStatus()).as("nothing written").isNull();
  }

  @Test
  void readyStepsGetAnOwnedLabelledExecutionEachAndDependentsWaitForThem() {
    WorkflowExecution wfe = reconcile(create(step("a", "increase_resources", "shop"),
        step("b", "rollout_restart", "shop", "a"), step("c", "notify_only", "shop", "a")));

    assertThat(wfe.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Planning", "Validating", "Executing");
    assertThat(runner.dryRuns).hasSize(3);
    assertThat(wfe.getStatus().getProgress()).isEqualTo("0/3");
    KubernetesExecution a = execution("a");
    assertThat(a.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("WorkflowExecution");
      assertThat(o.getController()).isTrue();
    });
    assertThat(a.getMetadata().getLabels()).containsEntry(KubernautLabels.REMEDIATION, "ar-1")
        .containsEntry(KubernautLabels.FINGERPRINT, "f".repeat(40));
    assertThat(a.getSpec().getMaxAttempts()).isEqualTo(3);
    assertThat(execution("b")).isNull();
    // The admission, lost (an operator that died before its audit queue was written) ...
    String admission = "ar-1/phase/ar-1-workflow/Executing";
    assertThat(audit.byKey()).containsKey(admission);
    audit.lose(admission);

    finish("a", ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    assertThat(execution("b")).isNotNull();
    assertThat(execution("c")).as("b and c run in parallel").isNotNull();
    assertThat(wfe.getStatus().getProgress()).isEqualTo("1/3");
    // ... is recorded again as the next steps start.
    assertThat(audit.byKey()).containsKey(admission);

    finish("b", ExecutionPhase.Completed);
    finish("c", ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    assertThat(wfe.getStatus().getPhase()).as("the alert has not resolved and the target is not healthy yet")
        .isEqualTo(WorkflowPhase.Monitoring);

    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get();
    ar.setStatus(new io.kubernaut.k8s.crd.AlertRemediationStatus());
    ar.getStatus().setResolvedAt(Instant.now().toString());
    client.resource(ar).updateStatus();
    wfe = reconcile(wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Completed);
    assertThat(wfe.getStatus().getOutcome()).isEqualTo("Remediated");
    assertThat(wfe.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase).endsWith("Monitoring", "Completed");
  }

  /**
   * Starting steps is one status write: the admission (Executing), which must reach the API server
   * before any execution is created, also shows the decision and names the executions about to be
   * created; the creates follow it.
   */
  @Test
  void startingStepsWritesStatusOnceBeforeCreatingTheExecutionsAndThatWriteNamesThem() throws Exception {
    WorkflowExecution created = create(step("a", "increase_resources", "shop"),
        step("b", "notify_only", "shop"));
    while (server.takeRequest(50, TimeUnit.MILLISECONDS) != null) {
      // what the set-up and the create asked
    }
    WorkflowExecution wfe = reconcile(created);

    List<String> writes = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
      if (r.getPath().contains("/workflowexecutions/") && r.getPath().contains("/status") && !r.getMethod().equals("GET")) {
        writes.add("status");
      } else if (r.getMethod().equals("POST") && r.getPath().contains("/kubernetesexecutions")) {
        writes.add("create execution");
      }
    }
    assertThat(writes).containsExactly("status", "create execution", "create execution");
    // The one status write is what the API server holds: the admission, and the executions it names.
    assertThat(wfe.getStatus().getPhaseHistory()).extracting(PhaseTransition::getPhase)
        .containsExactly("Planning", "Validating", "Executing");
    assertThat(wfe.getStatus().getSteps()).extracting(io.kubernaut.k8s.crd.StepStatus::getExecution)
        .containsExactly("ar-1-workflow-a", "ar-1-workflow-b");
    assertThat(execution("a")).isNotNull();
    assertThat(execution("b")).isNotNull();
    // The admission is in the audit trail at once, under the key its remediation's end records it again: it is
    // what tells an operator started later that this workflow ran, were it deleted meanwhile.
    assertThat(audit.byKey().keySet()).filteredOn(k -> k.contains("/phase/"))
        .containsExactly("ar-1/phase/ar-1-workflow/Executing");
    assertThat(audit.byKey().get("ar-1/phase/ar-1-workflow/Executing").payload())
        .containsEntry(io.kubernaut.ports.audit.AuditKeys.FROM_PHASE, "Validating")
        .containsEntry(io.kubernaut.ports.audit.AuditKeys.RESOURCE_KIND, "WorkflowExecution");
  }

  @Test
  void aWorkflowWhoseAlertRemediationIsNotFoundIsNotAdmittedUntilItIs() {
    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get();
    WorkflowExecution built = create(step("a", "increase_resources", "shop"));
    client.resource(ar).delete();

    WorkflowExecution waiting = reconcile(built);

    assertThat(safetyRequests).as("the problem's failure history cannot be read, so nothing is checked or admitted")
        .isEmpty();
    assertThat(execution("a")).isNull();
    assertThat(waiting.getStatus().getPhase()).as("its plan is shown while it waits").isEqualTo(WorkflowPhase.Validating);
    assertThat(waiting.getStatus().getMessage()).as("and why it waits")
        .isEqualTo("WorkflowExecution ar-1-workflow waits to be validated: its AlertRemediation ar-1 is not found.");

    ar.getMetadata().setResourceVersion(null);
    AlertRemediation back = client.resource(ar).create();
    // The remediation the workflow waited for (the API server gave the re-created object a new uid: the
    // workflow's owner reference follows it, as it would name the one object that was only late to arrive).
    waiting.getMetadata().getOwnerReferences().forEach(o -> o.setUid(back.getMetadata().getUid()));
    waiting = client.resource(waiting).update();
    WorkflowExecution admitted = reconcile(waiting);
    assertThat(admitted.getStatus().getPhase()).isEqualTo(WorkflowPhase.Executing);
    assertThat(safetyRequests).extracting(SafetyRequest::fingerprint).containsOnly(ar.getSpec().getFingerprint());
    assertThat(execution("a")).isNotNull();
  }

  @Test
  void aDryRunTheActionHostTurnedAwayIsTriedAgainShortlyNotBackedOffFrom() {
    runner.noRoomFor.add("increase_resources");
    WorkflowExecution created = create(step("a", "increase_resources", "shop"));

    var full = reconciler.reconcile(created, contextFor());
    assertThat(full.getScheduleDelay()).as("no exception for the framework to back off from")
        .contains(io.kubernaut.ports.out.ActionRunner.turnedAwayWait(created.getMetadata().getName()).toMillis());
    assertThat(io.kubernaut.ports.out.ActionRunner.turnedAwayWait(created.getMetadata().getName()))
        .isBetween(Duration.ofSeconds(2), Duration.ofMillis(3999));
    assertThat(runner.dryRuns).as("a dry run that would not start is not made").isEmpty();

    runner.noRoomFor.clear(); // room again, but the place is taken before the dry run gets it
    runner.dryRunOutcomes.add(io.kubernaut.ports.action.ActionOutcome.of(io.kubernaut.ports.action.ActionStatus.NOT_STARTED,
        "The dry-run of increase_resources on Deployment/shop/api was not started: all 8 threads are busy."));
    var turnedAway = reconciler.reconcile(created, contextFor());
    assertThat(turnedAway.getScheduleDelay()).isEqualTo(full.getScheduleDelay());
    assertThat(execution("a")).isNull();

    WorkflowExecution admitted = reconcile(created);
    assertThat(admitted.getStatus().getPhase()).isEqualTo(WorkflowPhase.Executing);
    assertThat(runner.dryRuns).hasSize(2);
    assertThat(execution("a")).isNotNull();
  }

  @Test
  void aCycleFailsThePlanWithoutCreatingAnything() {
    WorkflowExecution wfe = reconcile(create(step("a", "notify_only", "shop", "b"), step("b", "notify_only", "shop", "a")));
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Failed);
    assertThat(wfe.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("InvalidPlan"));
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aSafetyDenialFailsValidationWithItsReasonAndNotifiesBlocked() {
    WorkflowExecution wfe = reconcile(create(step("a", "restart_pod", "kube-system")));
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Failed);
    assertThat(wfe.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ProtectedNamespace"));
    assertThat(notifications).singleElement().satisfies(n -> {
      assertThat(n.type()).isEqualTo(NotificationType.BLOCKED);
      assertThat(n.fingerprint()).isEqualTo("f".repeat(64));
    });
    assertThat(runner.executed).isEmpty();
  }

  @Test
  void aBlockedNotificationCarriesTheSeverityJudgedWithTheProcessingNotTheAlertsLabel() {
    WorkflowExecution built = WorkflowFixtures.builtBy(client,
        client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get(), "staging", "critical", null,
        List.of(step("a", "restart_pod", "kube-system")), Map.of(KubernautLabels.REMEDIATION, "ar-1",
            KubernautLabels.FINGERPRINT, "f".repeat(40), KubernautLabels.SEVERITY, "warning"));
    assertThat(built.getSpec().getSeverity()).isEqualTo("critical");

    reconcile(built);

    assertThat(notifications).singleElement().satisfies(n -> {
      assertThat(n.type()).isEqualTo(NotificationType.BLOCKED);
      assertThat(n.severity()).as("as the remediation's own notifications carry it").isEqualTo("critical");
    });
  }

  @Test
  void aTimeBoundSafetyDenialRecordsWhenItLiftsAndAPermanentOneDoesNot() {
    WorkflowExecution cooled = reconcile(create(step("a", "cooled_restart", "shop")));

    assertThat(cooled.getStatus().getPhase()).isEqualTo(WorkflowPhase.Failed);
    assertThat(cooled.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Cooldown"));
    assertThat(cooled.getStatus().getBlockedUntil()).isEqualTo(COOLDOWN_LIFTS.toString());

    client.resource(cooled).delete();
    WorkflowExecution protectedNs = reconcile(create(step("a", "restart_pod", "kube-system")));
    assertThat(protectedNs.getStatus().getBlockedUntil()).isNull();
  }

  @Test
  void aDeniedAccessReviewFailsValidation() {
    server.reset();
    accessReviewsAnswer(false);
    seedCluster();
    WorkflowExecution wfe = reconcile(create(step("a", "increase_resources", "shop")));
    assertThat(wfe.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("PermissionDenied"));
    assertThat(wfe.getStatus().getMessage()).contains("may not patch deployments");
  }

  @Test
  void aFailedCriticalStepRollsBackTheCompletedStepsInReverseOrder() {
    WorkflowExecution wfe = reconcile(create(step("a", "increase_resources", "shop"),
        step("b", "scale_deployment", "shop", "a"), step("c", "rollout_restart", "shop", "b")));
    finish("a", ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    finish("b", ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    finish("c", ExecutionPhase.Failed);
    wfe = reconcile(wfe);

    KubernetesExecution undoB = execution("b-rollback");
    assertThat(undoB).as("the last completed step is undone first, as an execution of its own").isNotNull();
    assertThat(execution("a-rollback")).as("one rollback at a time").isNull();
    assertThat(undoB.getSpec().rollback()).isTrue();
    assertThat(undoB.getSpec().getRollbackOf()).isEqualTo("ar-1-workflow-b");
    assertThat(undoB.getSpec().getAction()).isEqualTo("scale_deployment");
    assertThat(undoB.getSpec().getRollbackData()).containsEntry("previousReplicas", "3");
    assertThat(undoB.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("WorkflowExecution"));
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Executing);
    assertThat(wfe.getStatus().getMessage()).contains("Rolling back step b");

    finishExecution(undoB, "b", ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    KubernetesExecution undoA = execution("a-rollback");
    assertThat(undoA).isNotNull();
    assertThat(undoA.getSpec().getAction()).isEqualTo("increase_resources");

    finishExecution(undoA, "a", ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.RolledBack);
    assertThat(wfe.getStatus().getMessage()).contains("Step c").contains("Rolled back steps b, a");
    assertThat(wfe.getStatus().getSteps()).extracting(st -> st.getPhase()).containsExactly("RolledBack", "RolledBack", "Failed");
    assertThat(execution("a").getStatus().getPhase()).as("the undone execution keeps its own status")
        .isEqualTo(ExecutionPhase.Completed);
    assertThat(runner.rolledBack).as("the workflow controller calls no action itself").isEmpty();
  }

  /**
   * An execution deleted by hand (to stop a runaway retry, say) is not created again under its name,
   * which would run its action from attempt 1 once more: its step counts as failed, and the completed
   * steps before it are rolled back as for any failed step.
   */
  @Test
  void anExecutionDeletedWhileItRanIsNotCreatedAgainAndItsStepCountsAsFailed() {
    WorkflowExecution wfe = reconcile(create(step("a", "increase_resources", "shop"),
        step("b", "scale_deployment", "shop", "a")));
    finish("a", ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    assertThat(execution("b")).as("step b created").isNotNull();
    finish("b", ExecutionPhase.Executing);
    wfe = reconcile(wfe);
    assertThat(wfe.getStatus().getSteps()).filteredOn(st -> st.getId().equals("b")).singleElement()
        .satisfies(st -> assertThat(st.getPhase()).as("seen running").isEqualTo("Executing"));
    KubernetesExecution b = execution("b");
    String uid = b.getMetadata().getUid();

    client.resource(b).withGracePeriod(0).delete();
    await().atMost(Duration.ofSeconds(5)).until(() -> execution("b") == null);
    wfe = reconcile(wfe);
    wfe = reconcile(wfe);

    KubernetesExecution again = execution("b");
    assertThat(again == null || !uid.equals(again.getMetadata().getUid()) ? again : null)
        .as("step b is not created again").isNull();
    assertThat(wfe.getStatus().getSteps()).filteredOn(st -> st.getId().equals("b")).singleElement()
        .satisfies(st -> {
          assertThat(st.getPhase()).isEqualTo("Failed");
          assertThat(st.getExecution()).isEqualTo("ar-1-workflow-b");
        });
    assertThat(wfe.getStatus().getMessage()).contains("was deleted").contains("Rolling back step a");
    assertThat(execution("a-rollback")).as("the completed step before it is undone").isNotNull();
  }

  /** Status names an execution before it is created: one whose create failed is created again, not taken as deleted. */
  @Test
  void anExecutionNamedInStatusButNeverSeenRunningIsCreatedAgain() {
    WorkflowExecution wfe = reconcile(create(step("a", "increase_resources", "shop")));
    KubernetesExecution a = execution("a");
    assertThat(a).isNotNull();
    client.resource(a).withGracePeriod(0).delete(); // as if its create had failed after the status write
    await().atMost(Duration.ofSeconds(5)).until(() -> execution("a") == null);

    wfe = reconcile(wfe);

    assertThat(execution("a")).as("created again: its action never ran").isNotNull();
    assertThat(wfe.getStatus().getPhase()).isNotEqualTo(WorkflowPhase.Failed);
  }

  @Test
  void aFailedRollbackFailsTheWorkflowAndNamesTheStepToUndoByHand() {
    WorkflowExecution wfe = reconcile(create(step("a", "increase_resources", "shop"),
        step("b", "scale_deployment", "shop", "a")));
    finish("a", ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    finish("b", ExecutionPhase.Failed);
    wfe = reconcile(wfe);
    finishExecution(execution("a-rollback"), "a", ExecutionPhase.Failed);
    wfe = reconcile(wfe);

    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Failed);
    assertThat(wfe.getStatus().getMessage()).contains("The rollback of step a (increase_resources) failed");
  }

  @Test
  void theKillSwitchStopsNewStepsAndEndsTheWorkflowOnceNothingRuns() {
    WorkflowExecution wfe = reconcile(create(step("a", "increase_resources", "shop"),
        step("b", "rollout_restart", "shop", "a")));
    killSwitch = true;
    finish("a", ExecutionPhase.Completed);
    wfe = reconcile(wfe);

    assertThat(execution("b")).isNull();
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Failed);
    assertThat(wfe.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("KillSwitch"));
    assertThat(wfe.getStatus().getMessage()).contains("steps b were not started");
  }

  private void assertRefusedBeforeAnythingRan(WorkflowExecution wfe, String because) {
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Failed);
    assertThat(wfe.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    assertThat(wfe.getStatus().getMessage()).contains("not the workflow its remediation built").contains(because);
    assertThat(runner.dryRuns).isEmpty();
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(audit.byKey().get("ar-1/refusal/WorkflowExecution/ar-1-workflow"))
        .as("the refusal is in the audit trail, keyed by the remediation the workflow names").isNotNull()
        .satisfies(e -> {
          assertThat(e.type()).isEqualTo(io.kubernaut.ports.audit.AuditEventType.BLOCK);
          assertThat(e.payload()).containsEntry("rule", "Rejected").containsEntry("resourceKind", "WorkflowExecution");
          assertThat(String.valueOf(e.payload().get("message"))).contains(because);
        });
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).as("a Warning Event on the workflow")
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("Rejected");
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getInvolvedObject().getName()).isEqualTo("ar-1-workflow");
          assertThat(e.getMessage()).contains(because);
        });
  }

  /** {@code wfe} with its status written by hand (the status subresource) as if it had been validated. */
  private WorkflowExecution writtenAsValidated(WorkflowExecution wfe) {
    io.kubernaut.k8s.crd.WorkflowExecutionStatus status = new io.kubernaut.k8s.crd.WorkflowExecutionStatus();
    status.setPhase(WorkflowPhase.Executing);
    wfe.setStatus(status);
    return client.resource(wfe).updateStatus();
  }

  @Test
  void aWorkflowMadeByHandWhoseStatusIsWrittenPastValidationIsRefusedBeforeItsFirstStep() {
    // Under ar-1's owner reference and name, steps ar-1 never recommended, its status written straight to Executing.
    create(step("a", "rollout_restart", "shop"));
    client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").delete();
    WorkflowExecution forged = writtenAsValidated(handMade(true, "automatic", step("a", "scale_deployment", "shop")));

    WorkflowExecution wfe = reconcile(reconcile(forged));

    assertRefusedBeforeAnythingRan(wfe, "are not those AlertRemediation ar-1 builds");
    assertThat(wfe.getStatus().getMessage()).contains("stopped before starting steps a");
  }

  @Test
  void aWorkflowPastValidationWhoseRemediationHasNotRecordedItsApprovalStartsNothing() {
    WorkflowExecution wfe = writtenAsValidated(create(step("a", "scale_deployment", "shop")));
    remediationIn(io.kubernaut.ports.remediation.RemediationPhase.AwaitingApproval);

    assertThat(reconciler.reconcile(wfe, contextFor()).getScheduleDelay()).as("looked at again for the approval")
        .contains(WorkflowExecutionReconciler.PROVENANCE_WAIT.toMillis());
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).isEmpty();

    remediationIn(io.kubernaut.ports.remediation.RemediationPhase.AwaitingApproval, "approved");
    reconcile(wfe);
    assertThat(execution("a")).as("started once the approval is recorded").isNotNull();
  }

  @Test
  void aLaterStepOfAGenuineWorkflowStartsAfterTheCheckIsMadeAgain() {
    WorkflowExecution wfe = reconcile(create(step("a", "increase_resources", "shop"),
        step("b", "rollout_restart", "shop", "a")));
    finish("a", ExecutionPhase.Completed);

    wfe = reconcile(wfe);

    assertThat(execution("b")).isNotNull();
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Executing);
    assertThat(audit.byKey().keySet()).noneMatch(k -> k.contains("/refusal/"));
  }

  @Test
  void aWorkflowMadeByHandWithoutItsRemediationsOwnerReferenceIsRefusedBeforeAnythingRuns() {
    assertRefusedBeforeAnythingRan(reconcile(reconcile(handMade(false, "automatic",
        step("a", "scale_deployment", "shop")))), "is not controlled by AlertRemediation ar-1");
  }

  /**
   * A workflow made by hand for a remediation that does not exist, with no owner reference: refused at validation
   * (Failed, Rejected, audited, a Warning), not left without a status for as long as it exists.
   */
  @Test
  void aWorkflowMadeByHandForARemediationThatDoesNotExistIsRefusedNotLeftWithoutAStatus() {
    client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").delete();
    WorkflowExecution wfe = reconcile(reconcile(handMade(false, "automatic", step("a", "scale_deployment", "shop"))));

    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Failed);
    assertThat(wfe.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    assertThat(wfe.getStatus().getMessage()).contains("not the workflow its remediation built")
        .contains("is not controlled by an AlertRemediation").contains("AlertRemediation ar-1 is not found");
    assertThat(runner.dryRuns).isEmpty();
    assertThat(safetyRequests).isEmpty();
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(audit.byKey().entrySet()).as("audited under the workflow's own name: no remediation exists to key it by")
        .singleElement().satisfies(e -> {
          assertThat(e.getKey()).endsWith("/refusal/WorkflowExecution/ar-1-workflow");
          assertThat(e.getValue().type()).isEqualTo(io.kubernaut.ports.audit.AuditEventType.BLOCK);
          assertThat(e.getValue().payload()).containsEntry("rule", "Rejected");
        });
    assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("Rejected");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("ar-1-workflow");
    });
  }

  @Test
  void aWorkflowUnderItsRemediationsOwnerReferenceWithStepsItNeverRecommendedIsRefused() {
    // ar-1's analysis recommended a restart; the workflow made by hand under its owner reference scales instead.
    create(step("a", "rollout_restart", "shop"));
    client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").delete();
    assertRefusedBeforeAnythingRan(reconcile(reconcile(handMade(true, "automatic",
        step("a", "scale_deployment", "shop")))), "are not those AlertRemediation ar-1 builds");
  }

  /**
   * The workflow its remediation built after an approval, from an analysis whose recommendations were written by
   * hand once its controller had sealed them (between the remediation's check and the approval): its spec is what
   * the remediation builds from that analysis, and still it is refused, as the result carries no valid seal.
   */
  @Test
  void aWorkflowBuiltFromAnAnalysisWhoseResultWasWrittenByHandIsRefused() {
    assertRefusedBeforeAnythingRan(rebuiltAfter(null, analysis -> { }), "it is built from AIAnalysis ar-1-analysis, "
        + "whose result is not the one its controller wrote and its remediation judged: its status's seal does not verify");
  }

  /**
   * The analysis's status cleared and its work done again after its remediation judged it (what an approver saw):
   * the new result carries a valid seal of its controller, but not the one the remediation recorded.
   */
  @Test
  void aWorkflowBuiltFromAnAnalysisProducedAgainAfterItsRemediationJudgedItIsRefused() {
    assertRefusedBeforeAnythingRan(rebuiltAfter(null, analysis -> {
      analysis.setStatus(io.kubernaut.k8s.fakes.TestSealer.SEALER.seal(analysis, analysis.getStatus()));
      assertThat(io.kubernaut.k8s.fakes.TestSealer.SEALER.broken(analysis)).as("a valid seal").isEmpty();
    }), "it is built from AIAnalysis ar-1-analysis, whose result is not the one its controller wrote and its "
        + "remediation judged: its result is not the one its remediation judged");
  }

  /**
   * The workflow ar-1 builds, once its first is deleted, from its processing changed by {@code processing} (null: as
   * it is) and its analysis recommending a scale instead of a restart, then changed by {@code analysis}; both
   * written by hand onto the API server.
   */
  private WorkflowExecution rebuiltAfter(java.util.function.Consumer<AlertProcessing> processing,
      java.util.function.Consumer<AIAnalysis> analysis) {
    create(step("a", "rollout_restart", "shop"));
    client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").withGracePeriod(0).delete();
    AlertProcessing classified = client.resources(AlertProcessing.class).inNamespace(NS).withName("ar-1-processing").get();
    if (processing != null) {
      processing.accept(classified);
      classified = client.resource(classified).updateStatus();
    }
    AIAnalysis analysed = client.resources(AIAnalysis.class).inNamespace(NS).withName("ar-1-analysis").get();
    if (analysis != null) {
      analysed.getStatus().setRecommendations(List.of(step("a", "scale_deployment", "shop")));
      analysis.accept(analysed);
      analysed = client.resource(analysed).updateStatus();
    }
    WorkflowExecution built = new WorkflowExecution();
    built.setMetadata(Children.ownedBy(remediation(), "ar-1-workflow"));
    built.getMetadata().setLabels(LABELS);
    built.setSpec(io.kubernaut.k8s.remediation.ChildFactory.workflowSpec(remediation(), classified, analysed));
    return reconcile(reconcile(client.resource(built).create()));
  }

  /**
   * A remediation that executed before results were sealed (an upgrade) recorded none: its workflow is not refused
   * part-way for children that carry no seal. One that has not executed yet is held to its children's seals.
   */
  @Test
  void aRemediationThatExecutedBeforeResultsWereSealedKeepsItsWorkflowGoing() {
    WorkflowExecution wfe = create(step("a", "rollout_restart", "shop"));
    for (Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>> kind : List.of(AlertProcessing.class,
        AIAnalysis.class)) {
      var child = client.resources(kind).inNamespace(NS).list().getItems().get(0);
      ((io.kubernaut.k8s.crd.SealedStatus) child.getStatus()).setSeal(null);
      client.resource(child).updateStatus();
    }
    executingWithoutARecord();

    assertThat(reconcile(reconcile(wfe)).getStatus().getPhase()).isEqualTo(WorkflowPhase.Executing);
  }

  /**
   * A workflow waiting for its remediation to record the analysis it judged, or its approval, is reconciled by
   * that write; the remediation's other status writes reconcile no workflow.
   */
  @Test
  void theRecordsAWaitingWorkflowWaitsForReconcileItAndOtherStatusWritesDoNot() {
    AlertRemediation before = remediation();
    before.setStatus(new io.kubernaut.k8s.crd.AlertRemediationStatus());
    before.getStatus().setPhase(io.kubernaut.ports.remediation.RemediationPhase.Analyzing);
    AlertRemediation moved = copy(before);
    moved.getStatus().setPhase(io.kubernaut.ports.remediation.RemediationPhase.Executing);
    assertThat(WorkflowExecutionReconciler.readsChange(moved, before)).as("a phase alone").isFalse();
    AlertRemediation judged = copy(moved);
    judged.getStatus().setAnalysisSeal("v1:analysis");
    assertThat(WorkflowExecutionReconciler.readsChange(judged, moved)).as("the analysis judged").isTrue();
    AlertRemediation approved = copy(judged);
    approved.getStatus().setApproval(new io.kubernaut.k8s.crd.ApprovalStatus("approved", "alice", "2026-12-06T10:00:00Z",
        "ok"));
    assertThat(WorkflowExecutionReconciler.readsChange(approved, judged)).as("the approval recorded").isTrue();
  }

  private static AlertRemediation copy(AlertRemediation ar) {
    return io.fabric8.kubernetes.client.utils.Serialization.clone(ar);
  }

  /** ar-1 executing without having recorded the results it judged, as one that executed before results were sealed. */
  private void executingWithoutARecord() {
    AlertRemediation ar = remediation();
    ar.getStatus().setProcessingSeal(null);
    ar.getStatus().setAnalysisSeal(null);
    ar.getStatus().setPhase(io.kubernaut.ports.remediation.RemediationPhase.Executing);
    client.resource(ar).updateStatus();
  }

  /** Without a record, a child that does carry a seal must verify: the exemption is for children from before seals. */
  @Test
  void aSealedChildOfARemediationExecutingWithoutARecordMustStillVerify() {
    WorkflowExecution wfe = create(step("a", "rollout_restart", "shop"));
    AIAnalysis analysis = client.resources(AIAnalysis.class).inNamespace(NS).withName("ar-1-analysis").get();
    analysis.getStatus().setRecommendations(List.of(step("a", "scale_deployment", "shop")));
    client.resource(analysis).updateStatus();
    executingWithoutARecord();

    assertRefusedBeforeAnythingRan(reconcile(reconcile(wfe)), "it is built from AIAnalysis ar-1-analysis, whose "
        + "result is not the one its controller wrote and its remediation judged: its status's seal does not verify");
  }

  /** As with an analysis: the environment of a processing written by hand (development's loose limits) is refused. */
  @Test
  void aWorkflowBuiltFromAProcessingWhoseClassificationWasWrittenByHandIsRefused() {
    assertRefusedBeforeAnythingRan(rebuiltAfter(processing -> {
      processing.getStatus().setEnvironment("development");
      processing.getStatus().setSeal(null);
    }, null), "it is built from AlertProcessing ar-1-processing, whose result is not the one its controller wrote and "
        + "its remediation judged: its status carries no seal");
  }

  @Test
  void aWorkflowWithARollbackStrategyItsRemediationDidNotChooseIsRefused() {
    // Its remediation builds workflows that roll back automatically; "manual" would leave a failed step in place.
    WorkflowExecution manual = create(step("a", "increase_resources", "shop"));
    assertRefusedBeforeAnythingRan(reconcile(reconcile(recreated(manual, spec -> spec.setRollbackStrategy("manual")))),
        "are not those");
  }

  @Test
  void theRollbackStrategyItsProcessingChoseIsTheOneItsWorkflowCarries() {
    WorkflowExecution manual = WorkflowFixtures.builtBy(client, remediation(), "staging", "manual",
        List.of(step("a", "increase_resources", "shop")), LABELS);

    assertThat(manual.getSpec().getRollbackStrategy()).isEqualTo("manual");
    assertThat(reconcile(reconcile(manual)).getStatus().getPhase()).as("built by its remediation")
        .isEqualTo(WorkflowPhase.Executing);
  }

  @Test
  void aStepTakesTheTimeoutOfItsAlertsSeverityOverItsEnvironmentsAndALegacyWorkflowWithoutOneItsEnvironments() {
    timeouts = new io.kubernaut.ports.pipeline.TimeoutSettings(io.kubernaut.ports.pipeline.TimeoutSettings.standard()
        .defaults(), Map.of("staging", Map.of("executionStep", Duration.ofMinutes(20))),
        Map.of("critical", Map.of("executionStep", Duration.ofMinutes(3))));
    WorkflowExecution critical = WorkflowFixtures.builtBy(client, remediation(), "staging", "critical", null,
        List.of(step("a", "increase_resources", "shop")), LABELS);
    assertThat(critical.getSpec().getSeverity()).isEqualTo("critical");

    reconcile(reconcile(critical));
    assertThat(execution("a").getSpec().getTimeout()).isEqualTo("180s");

    client.resource(execution("a")).withGracePeriod(0).delete();
    client.resource(critical).withGracePeriod(0).delete();
    WorkflowExecution legacy = WorkflowFixtures.builtBy(client, remediation(), "staging", "critical", null,
        List.of(step("a", "increase_resources", "shop")), LABELS);
    reconcile(reconcile(recreated(legacy, spec -> spec.setSeverity(null))));
    assertThat(execution("a").getSpec().getTimeout()).as("built before the spec carried the severity: not refused")
        .isEqualTo("1200s");
  }

  @Test
  void aWorkflowWithAnotherSeverityThanItsProcessingRecordedIsRefused() {
    WorkflowExecution warning = WorkflowFixtures.builtBy(client, remediation(), "staging", "critical", null,
        List.of(step("a", "increase_resources", "shop")), LABELS);

    assertRefusedBeforeAnythingRan(reconcile(reconcile(recreated(warning, spec -> spec.setSeverity("warning")))),
        "are not those");
  }

  @Test
  void aRollbackStrategyOtherThanTheOneItsProcessingChoseIsRefused() {
    // Its processing chose none for the environment; a workflow that rolls back automatically is not the one it built.
    WorkflowExecution automatic = WorkflowFixtures.builtBy(client, remediation(), "staging", "none",
        List.of(step("a", "increase_resources", "shop")), LABELS);

    assertRefusedBeforeAnythingRan(reconcile(reconcile(recreated(automatic,
        spec -> spec.setRollbackStrategy("automatic")))), "are not those");
  }

  /** {@code wfe} deleted and created again, under its name and owner, with its spec changed by {@code change}. */
  private WorkflowExecution recreated(WorkflowExecution wfe, java.util.function.Consumer<WorkflowExecutionSpec> change) {
    client.resource(wfe).withGracePeriod(0).delete();
    change.accept(wfe.getSpec());
    wfe.getMetadata().setResourceVersion(null);
    wfe.getMetadata().setUid(null);
    return client.resource(wfe).create();
  }

  private static final Map<String, String> LABELS = Map.of(KubernautLabels.REMEDIATION, "ar-1",
      KubernautLabels.FINGERPRINT, "f".repeat(40));

  private AlertRemediation remediation() {
    return client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get();
  }

  private void remediationIn(io.kubernaut.ports.remediation.RemediationPhase phase) {
    remediationIn(phase, null);
  }

  /** ar-1 in {@code phase}, with the approval decision its status records ({@code approved}, {@code rejected}), if any. */
  private void remediationIn(io.kubernaut.ports.remediation.RemediationPhase phase, String approval) {
    AlertRemediation ar = client.resources(AlertRemediation.class).inNamespace(NS).withName("ar-1").get();
    io.kubernaut.k8s.crd.AlertRemediationStatus status = new io.kubernaut.k8s.crd.AlertRemediationStatus();
    status.setPhase(phase);
    if (ar.getStatus() != null) { // the results it judged, as it recorded them
      status.setProcessingSeal(ar.getStatus().getProcessingSeal());
      status.setAnalysisSeal(ar.getStatus().getAnalysisSeal());
      status.setPriority(ar.getStatus().getPriority());
    }
    if (approval != null) {
      status.setApproval(new io.kubernaut.k8s.crd.ApprovalStatus(approval, "alice", Instant.now().toString(), "ok"));
    }
    ar.setStatus(status);
    client.resource(ar).updateStatus();
  }

  @Test
  void aWorkflowWhoseRemediationRecordedItsApprovalIsValidatedAndRuns() {
    WorkflowExecution wfe = create(step("a", "scale_deployment", "shop"));
    remediationIn(io.kubernaut.ports.remediation.RemediationPhase.AwaitingApproval, "approved");
    wfe = reconcile(reconcile(wfe));
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Executing);
    assertThat(execution("a")).isNotNull();
  }

  @Test
  void aWorkflowItsRemediationBuiltButWhoseRemediationEndedFirstEndsUnrunWithoutBeingAuditedAsARefusal() {
    WorkflowExecution wfe = create(step("a", "scale_deployment", "shop"));
    remediationIn(io.kubernaut.ports.remediation.RemediationPhase.Cancelled);

    wfe = reconcile(reconcile(wfe));

    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Failed);
    assertThat(wfe.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ParentEnded"))
        .noneSatisfy(c -> assertThat(c.getReason()).isEqualTo("Rejected"));
    assertThat(wfe.getStatus().getMessage()).contains("AlertRemediation ar-1 has ended (Cancelled), so none of its "
        + "steps runs").doesNotContain("not the workflow its remediation built");
    assertThat(runner.dryRuns).isEmpty();
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(audit.byKey()).as("a cancel that overtook its workflow is no refusal")
        .doesNotContainKey("ar-1/refusal/WorkflowExecution/ar-1-workflow");
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .noneSatisfy(e -> assertThat(e.getReason()).isEqualTo("Rejected"));
  }

  @Test
  void aWorkflowMadeByHandForARemediationThatHasEndedIsStillRefusedAndAudited() {
    create(step("a", "rollout_restart", "shop"));
    client.resources(WorkflowExecution.class).inNamespace(NS).withName("ar-1-workflow").delete();
    WorkflowExecution forged = handMade(true, "automatic", step("a", "scale_deployment", "shop"));
    remediationIn(io.kubernaut.ports.remediation.RemediationPhase.Cancelled);

    assertRefusedBeforeAnythingRan(reconcile(reconcile(forged)), "are not those AlertRemediation ar-1 builds");
  }

  @Test
  void aWorkflowWhoseRemediationAwaitsAnApprovalItHasNotRecordedWaitsAndRunsNothing() {
    WorkflowExecution wfe = create(step("a", "scale_deployment", "shop"));
    remediationIn(io.kubernaut.ports.remediation.RemediationPhase.AwaitingApproval);
    wfe = reconcile(reconcile(wfe));
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Validating);
    assertThat(runner.dryRuns).isEmpty();
    assertThat(client.resources(KubernetesExecution.class).inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void theAccessReviewAsksExactlyWhatTheThirdPartyActionDeclaresForTheTargetsKind() throws Exception {
    forgetRequests();

    reconcile(create(step("a", THIRD_PARTY.name(), "shop")));

    // Reviewed for the whole namespace: a grant there covers the target (and is remembered for the next one).
    assertThat(reviews()).containsExactly(
        "get apps/deployments ns=shop name=-",
        "patch apps/deployments ns=shop name=-",
        "list events ns=shop name=-",
        "create pods/eviction ns=- name=-");
  }

  @Test
  void aPermissionGrantedInTheWholeNamespaceIsReviewedOnceNotPerWorkflow() throws Exception {
    client.resource(reconcile(create(step("a", THIRD_PARTY.name(), "shop")))).withGracePeriod(0).delete();
    forgetRequests();

    WorkflowExecution second = reconcile(create(step("a", THIRD_PARTY.name(), "shop")));

    assertThat(second.getStatus().getPhase()).as("validated without asking again").isNotEqualTo(WorkflowPhase.Failed);
    assertThat(reviews()).as("access reviews for the second workflow, within the grant's TTL").isEmpty();
  }

  @Test
  void anActionThatDeclaresNoAccessIsNotReviewed() throws Exception {
    forgetRequests();

    reconcile(create(step("a", QUIET.name(), "shop")));

    assertThat(reviews()).isEmpty();
    assertThat(safetyRequests).isNotEmpty();
  }

  @Test
  void theSafetyEnvelopeGetsTheDeclaredImpactOfTheStepAndOfEveryExecutionThatExists() {
    otherExecution("kex-reboot", REBOOT.name(), new ObjectRef("Node", "", "worker-2"));
    otherExecution("kex-gone", "acme_uninstalled", new ObjectRef("Node", "", "worker-3"));
    CachedLedger.settle(ledger, NS);

    reconcile(create(step("a", THIRD_PARTY.name(), "shop")));

    assertThat(safetyRequests).as("checked while validating, and again when admitted against the ledger").hasSize(2)
        .allSatisfy(r -> {
      assertThat(r.action()).isEqualTo(THIRD_PARTY.name());
      assertThat(r.impact()).isEqualTo(THIRD_PARTY.impact());
      assertThat(r.executions()).extracting(ExecutionRecord::action, e -> e.impact().disruption())
          .containsExactlyInAnyOrder(
              Tuple.tuple(REBOOT.name(), DisruptionClass.NODE),
              Tuple.tuple("acme_uninstalled", DisruptionClass.NODE));
    });
  }

  @Test
  void theSafetyEnvelopeSeesTheCurrentLimitsOfTheContainerAStepWouldRaise() {
    client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("big")
        .withNamespace("shop").endMetadata().withNewSpec().withReplicas(1).withNewTemplate().withNewSpec()
        .addNewContainer().withName("sidecar").withNewResources()
            .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("64Mi")).endResources().endContainer()
        .addNewContainer().withName("app").withNewResources()
            .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi"))
            .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m")).endResources().endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
    Recommendation raise = new Recommendation("a", "increase_resources", new TargetRef("Deployment", "shop", "big"),
        Map.of("container", "app", "memoryLimit", "1Gi"), 0.9, "MEDIUM", "", List.of());

    reconcile(create(raise));

    assertThat(safetyRequests).first().satisfies(r ->
        assertThat(r.observed()).containsExactlyInAnyOrderEntriesOf(Map.of("memoryLimit", "256Mi", "cpuLimit", "500m")));
  }

  /** A running execution of another remediation, not a child of this workflow. */
  private void otherExecution(String name, String action, ObjectRef target) {
    KubernetesExecution kex = new KubernetesExecution();
    kex.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS)
        .withLabels(Map.of(KubernautLabels.REMEDIATION, "ar-0")).build());
    KubernetesExecutionSpec spec = new KubernetesExecutionSpec();
    spec.setRemediationRef(new RemediationRef("ar-0"));
    spec.setAction(action);
    spec.setTarget(target);
    spec.setParameters(Map.of());
    kex.setSpec(spec);
    client.resource(kex).create();
  }

  private void forgetRequests() throws InterruptedException {
    while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // drain
    }
  }

  /** The access reviews posted since the last {@link #forgetRequests()}, as {@code verb group/resource ns name}. */
  private List<String> reviews() throws InterruptedException {
    List<String> reviews = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if ("POST".equals(r.getMethod()) && r.getPath().startsWith("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")) {
        ResourceAttributes a = Serialization.unmarshal(r.getUtf8Body(), SelfSubjectAccessReview.class).getSpec()
            .getResourceAttributes();
        reviews.add(a.getVerb() + " " + (a.getGroup() == null || a.getGroup().isEmpty() ? "" : a.getGroup() + "/")
            + a.getResource() + (a.getSubresource() == null ? "" : "/" + a.getSubresource())
            + " ns=" + (a.getNamespace() == null ? "-" : a.getNamespace())
            + " name=" + (a.getName() == null ? "-" : a.getName()));
      }
    }
    return reviews;
  }

  private io.kubernaut.k8s.execution.KubernetesExecutionReconciler executions() {
    return new io.kubernaut.k8s.execution.KubernetesExecutionReconciler(ledger,
        new io.kubernaut.core.lifecycle.ExecutionConductor(), new io.kubernaut.core.safety.SafetyEnvelope(NS), CATALOG,
        runner, this::policy,
        new io.kubernaut.k8s.fakes.InMemoryAuditTrail(), PipelineMetrics.none(), NS, remediations.relays(),
        Clock.systemUTC());
  }

  /** Runs {@code wfe}'s step a (increase_resources) to completion, then fails its step b for good; the workflow after. */
  private WorkflowExecution aCompletedThenBFailed(io.kubernaut.k8s.execution.KubernetesExecutionReconciler executions,
      WorkflowExecution wfe) {
    wfe = reconcile(wfe);
    executions.reconcile(execution("a"), null);
    assertThat(execution("a").getStatus().getPhase()).as(execution("a").getStatus().getMessage())
        .isEqualTo(ExecutionPhase.Completed);
    wfe = reconcile(wfe);
    runner.executeOutcomes.add(io.kubernaut.ports.action.ActionOutcome.of(
        io.kubernaut.ports.action.ActionStatus.FAILED_PERMANENT, "Quota exceeded."));
    executions.reconcile(execution("b"), null);
    assertThat(execution("b").getStatus().getPhase()).isEqualTo(ExecutionPhase.Failed);
    return reconcile(wfe);
  }

  @Test
  void underTheManualStrategyAFailedStepEndsTheWorkflowNamingWhatToUndoAndNothingIsRolledBack() {
    WorkflowExecution wfe = aCompletedThenBFailed(executions(), WorkflowFixtures.builtBy(client, remediation(),
        "staging", "manual", List.of(step("a", "increase_resources", "shop"), step("b", "scale_deployment", "shop", "a")),
        LABELS));

    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.Failed);
    assertThat(wfe.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("RollbackRequired"));
    assertThat(wfe.getStatus().getMessage()).contains("rollbackStrategy is manual").contains("a");
    assertThat(execution("a-rollback")).as("no rollback execution").isNull();
    assertThat(runner.rolledBack).isEmpty();
  }

  @Test
  void aFailedStepIsUndoneByARollbackExecutionThatTheExecutionControllerRunsWithTheRecordedData() {
    var executions = executions();
    WorkflowExecution wfe = aCompletedThenBFailed(executions, create(step("a", "increase_resources", "shop"),
        step("b", "scale_deployment", "shop", "a")));
    KubernetesExecution undo = execution("a-rollback");
    assertThat(undo.getSpec().getRollbackData()).as("what step a recorded").isEqualTo(execution("a").getStatus().getRollbackData());
    executions.reconcile(undo, null);
    assertThat(runner.rolledBack).containsExactly("increase_resources@api");
    assertThat(runner.rollbackDataSeen).containsExactly(execution("a").getStatus().getRollbackData());
    assertThat(execution("a-rollback").getStatus().getPhase()).isEqualTo(ExecutionPhase.Completed);

    wfe = reconcile(wfe);
    assertThat(wfe.getStatus().getPhase()).isEqualTo(WorkflowPhase.RolledBack);
    assertThat(wfe.getStatus().getMessage()).contains("Step b (scale_deployment) failed: ").contains("Quota exceeded.")
        .contains("Rolled back steps a");
    assertThat(execution("a").getStatus().getPhase()).as("step a's own status is untouched").isEqualTo(ExecutionPhase.Completed);
  }
}
