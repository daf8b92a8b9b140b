package io.kubernaut.k8s.workflow;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.kubernaut.core.lifecycle.WorkflowConductor;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.AlertRemediationSpec;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.KubernetesExecutionSpec;
import io.kubernaut.k8s.crd.ObjectRef;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.k8s.fakes.InMemoryActionRunner;
import io.kubernaut.ports.action.AccessNeed;
import io.kubernaut.ports.action.ActionEffect;
import io.kubernaut.ports.action.ActionImpact;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionRisk;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.PipelineMetrics;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.safety.ExecutionRecord;
import io.kubernaut.ports.safety.SafetyRequest;
import io.kubernaut.ports.safety.SafetyVerdict;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Validating phase reviews exactly the access a step's action declares in the catalog and
 * hands the safety envelope the impact it declares: a third-party action is treated like a
 * built-in one, and no action name decides anything.
 */
@EnableKubernetesMockClient(crud = true)
class WorkflowExecutionAccessTest {

  static final String NS = "kubernaut-system";

  KubernetesMockServer server;
  KubernetesClient client;
  private final List<SafetyRequest> safetyRequests = new ArrayList<>();

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

  private final ActionCatalog catalog = new ActionCatalog() {
    private final Map<String, ActionInfo> actions = Map.of(THIRD_PARTY.name(), THIRD_PARTY, REBOOT.name(), REBOOT,
        QUIET.name(), QUIET);

    @Override
    public List<ActionInfo> list() {
      return List.copyOf(actions.values());
    }

    @Override
    public Optional<ActionInfo> find(String name) {
      return Optional.ofNullable(actions.get(name));
    }

    @Override
    public List<String> validate(String name, Map<String, String> parameters) {
      return List.of();
    }
  };

  private WorkflowExecutionReconciler reconciler;

  @BeforeEach
  void setUp() {
    reconciler = new WorkflowExecutionReconciler(client, new WorkflowConductor(), r -> {
      safetyRequests.add(r);
      return SafetyVerdict.allow("ok");
    }, catalog, new InMemoryActionRunner(), PipelinePolicy::defaults, n -> { }, null, PipelineMetrics.none(),
        Clock.systemUTC());
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReturn(201, new SelfSubjectAccessReviewBuilder().withNewStatus().withAllowed(true).endStatus().build())
        .always();
    client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("api")
        .withNamespace("shop").endMetadata().withNewSpec().withReplicas(3).endSpec().build()).create();
    AlertRemediation ar = new AlertRemediation();
    ar.setMetadata(new ObjectMetaBuilder().withName("ar-1").withNamespace(NS).build());
    AlertRemediationSpec spec = new AlertRemediationSpec();
    spec.setFingerprint("f".repeat(64));
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    ar.setSpec(spec);
    client.resource(ar).create();
  }

  @Test
  void theAccessReviewAsksExactlyWhatTheThirdPartyActionDeclaresForTheTargetsKind() throws Exception {
    forgetRequests();

    validate(step("a", THIRD_PARTY.name()));

    assertThat(reviews()).containsExactly(
        "get apps/deployments ns=shop name=api",
        "patch apps/deployments ns=shop name=api",
        "list events ns=shop name=-",
        "create pods/eviction ns=- name=-");
  }

  @Test
  void anActionThatDeclaresNoAccessIsNotReviewed() throws Exception {
    forgetRequests();

    validate(step("a", QUIET.name()));

    assertThat(reviews()).isEmpty();
    assertThat(safetyRequests).isNotEmpty();
  }

  @Test
  void theSafetyEnvelopeGetsTheDeclaredImpactOfTheStepAndOfEveryExecutionThatExists() {
    execution("kex-reboot", REBOOT.name(), new ObjectRef("Node", "", "worker-2"));
    execution("kex-gone", "acme_uninstalled", new ObjectRef("Node", "", "worker-3"));

    validate(step("a", THIRD_PARTY.name()));

    assertThat(safetyRequests).singleElement().satisfies(r -> {
      assertThat(r.action()).isEqualTo(THIRD_PARTY.name());
      assertThat(r.impact()).isEqualTo(THIRD_PARTY.impact());
      assertThat(r.executions()).extracting(ExecutionRecord::action, e -> e.impact().disruption())
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(REBOOT.name(), DisruptionClass.NODE),
              org.assertj.core.groups.Tuple.tuple("acme_uninstalled", DisruptionClass.NODE));
    });
  }

  private static Recommendation step(String id, String action) {
    return new Recommendation(id, action, new TargetRef("Deployment", "shop", "api"), Map.of(), 0.9, "HIGH", "",
        List.of());
  }

  private void execution(String name, String action, ObjectRef target) {
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

  @SuppressWarnings("unchecked")
  private void validate(Recommendation... steps) {
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(new ObjectMetaBuilder().withName("ar-1-workflow").withNamespace(NS)
        .withLabels(Map.of(KubernautLabels.REMEDIATION, "ar-1", KubernautLabels.FINGERPRINT, "f".repeat(40))).build());
    WorkflowExecutionSpec spec = new WorkflowExecutionSpec();
    spec.setRemediationRef(new RemediationRef("ar-1"));
    spec.setEnvironment("staging");
    spec.setTarget(new ObjectRef("Deployment", "shop", "api"));
    spec.setSteps(List.of(steps));
    spec.setRollbackStrategy("automatic");
    wfe.setSpec(spec);
    WorkflowExecution created = client.resource(wfe).create();
    Set<KubernetesExecution> executions = new HashSet<>();
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
    reconciler.reconcile(created, context);
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
}
