package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.kubernaut.k8s.crd.CrdCatalog;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RbacLeastPrivilegeTest {

  private static final RenderedChart DEFAULT = RenderedChart.withValues();
  private static final RenderedChart IMPERSONATION = RenderedChart.withValues("custom.yaml");

  @ParameterizedTest(name = "values: {0}")
  @ValueSource(strings = {"", "custom.yaml"})
  void noRenderedRuleGrantsWildcardVerbsResourcesOrApiGroups(String valuesFile) {
    RenderedChart chart = valuesFile.isEmpty() ? DEFAULT : RenderedChart.withValues(valuesFile);
    List<PolicyRule> rules = chart.allRules();

    assertThat(rules).isNotEmpty().allSatisfy(rule -> {
      assertThat(rule.getVerbs()).isNotEmpty().noneMatch(v -> v.contains("*"));
      assertThat(rule.getResources()).isNotEmpty().noneMatch(r -> r.contains("*"));
      assertThat(rule.getApiGroups()).isNotEmpty().noneMatch(g -> g.contains("*"));
    });
  }

  @Test
  void operatorManagesEveryCatalogKindWithItsStatusAndFinalizers() {
    List<String> plurals = CrdCatalog.KINDS.stream().map(HasMetadata::getPlural).toList();
    List<PolicyRule> crdRules =
        DEFAULT.operatorRules().stream().filter(r -> r.getApiGroups().contains("kubernaut.io")).toList();

    assertThat(plurals).allSatisfy(plural -> {
      assertThat(grants(crdRules, plural, "watch")).as("watch %s", plural).isTrue();
      assertThat(grants(crdRules, plural, "create")).as("create %s", plural).isTrue();
      assertThat(grants(crdRules, plural + "/status", "patch")).as("patch %s/status", plural).isTrue();
      assertThat(grants(crdRules, plural + "/finalizers", "update")).as("update %s/finalizers", plural).isTrue();
    });
  }

  @Test
  void operatorReadsOnlyItsOwnCustomResourceDefinitionsAndOnlyByName() {
    List<PolicyRule> crdRules = DEFAULT.operatorRules().stream()
        .filter(r -> r.getResources().contains("customresourcedefinitions")).toList();

    assertThat(crdRules).singleElement().satisfies(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("apiextensions.k8s.io");
      assertThat(rule.getVerbs()).as("compared at start, never written").containsExactly("get");
      assertThat(rule.getResourceNames()).containsExactlyInAnyOrderElementsOf(
          CrdCatalog.definitions().stream().map(c -> c.getMetadata().getName()).toList());
    });
  }

  @Test
  void operatorCanElectALeaderAndAuthenticateWebhookCallersButOnlyReadWorkloads() {
    List<PolicyRule> rules = DEFAULT.operatorRules();

    // fabric8's Lease lock creates the Lease and then patches it (ChartRbacCoverageTest records it doing so);
    // JOSDK refuses to start without get, create and update (ChartRbacCoverageTest runs its check on these rules).
    assertThat(Stream.of("get", "create", "update", "patch")).allSatisfy(verb ->
        assertThat(grants(rules, "leases", verb)).as("%s leases", verb).isTrue());
    assertThat(grants(rules, "tokenreviews", "create")).isTrue();
    assertThat(grants(rules, "selfsubjectaccessreviews", "create")).isTrue();
    assertThat(grants(rules, "subjectaccessreviews", "create")).as("authorizing API callers").isTrue();
    assertThat(grants(rules, "events", "create")).isTrue();
    // Fabric8ClusterInspector follows a pod's owner through its Job (to the CronJob).
    assertThat(grants(IMPERSONATION.operatorRules(), "jobs", "get")).isTrue();
    assertThat(grants(IMPERSONATION.operatorRules(), "alertremediations", "deletecollection")).isFalse();
    assertThat(grants(IMPERSONATION.operatorRules(), "kubernetesexecutions", "deletecollection"))
        .as("a remediation's KubernetesExecutions are deleted by label").isTrue();
    assertThat(grants(IMPERSONATION.operatorRules(), "deployments", "watch")).isTrue();
    assertThat(Stream.of("pods", "nodes", "deployments", "replicasets", "configmaps", "horizontalpodautoscalers"))
        .allSatisfy(resource -> assertThat(grants(IMPERSONATION.operatorRules(), resource, "delete"))
            .as("delete %s", resource).isFalse());
    assertThat(grants(rules, "secrets", "get")).isFalse();
  }

  @Test
  void operatorWritesConfigMapsOnlyInItsNamespaceAndUpdatesOnlyTheLedgerNeverItsOwnPolicy() {
    ClusterRole cluster = DEFAULT.one(ClusterRole.class, RenderedChart.RELEASE);
    assertThat(cluster.getRules()).as("no ConfigMap access cluster-wide")
        .noneMatch(r -> r.getResources().contains("configmaps"));
    Role role = DEFAULT.one(Role.class, RenderedChart.RELEASE);
    assertThat(role.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("configmaps"))
        .extracting(r -> r.getResourceNames() + " " + r.getVerbs())
        .containsExactlyInAnyOrder("[] [create]", "[kubernaut-config, kubernaut-disruption-ledger, kubernaut-safety-history] [get, list, watch]",
            "[kubernaut-disruption-ledger, kubernaut-safety-history] [update]");
  }

  @Test
  void withoutImpersonationOperatorClusterRoleCarriesTheEnabledActionRules() {
    List<PolicyRule> rules = DEFAULT.operatorRules();

    assertThat(grants(rules, "pods/eviction", "create")).as("drain_node").isTrue();
    assertThat(grants(rules, "services", "list")).as("quarantine_pod").isTrue();
    assertThat(DEFAULT.ofKind("ServiceAccount")).extracting(o -> o.getMetadata().getName())
        .containsExactly(RenderedChart.RELEASE);
    assertThat(DEFAULT.operatorRules()).noneMatch(r -> r.getVerbs().contains("impersonate"));
  }

  @Test
  void withImpersonationOperatorMayOnlyImpersonateTheEnabledActionServiceAccounts() {
    List<PolicyRule> rules = IMPERSONATION.operatorRules();

    assertThat(grants(rules, "pods/eviction", "create")).isFalse();
    assertThat(grants(rules, "deployments", "patch")).isFalse();
    assertThat(grants(rules, "pods", "delete")).isFalse();
    PolicyRule impersonate = rules.stream().filter(r -> r.getVerbs().contains("impersonate")).findFirst().orElseThrow();
    assertThat(impersonate.getVerbs()).containsExactly("impersonate");
    assertThat(impersonate.getResources()).containsExactly("serviceaccounts");
    assertThat(impersonate.getResourceNames())
        .contains("kubernaut-action-restart-pod", "kubernaut-action-notify-only",
            "kubernaut-action-restart-statefulset-pods")
        .doesNotContain("kubernaut-action-drain-node")
        .hasSize(17);
  }

  @Test
  void withImpersonationEachEnabledActionHasAServiceAccountBoundOnlyToItsOwnClusterRole() {
    List<String> actionAccounts = IMPERSONATION.all(ServiceAccount.class).stream()
        .map(sa -> sa.getMetadata().getName()).filter(n -> n.startsWith("kubernaut-action-")).toList();

    assertThat(actionAccounts).hasSize(17).doesNotContain("kubernaut-action-drain-node");
    assertThat(actionAccounts).allSatisfy(account -> {
      List<ClusterRoleBinding> bindings = IMPERSONATION.all(ClusterRoleBinding.class).stream()
          .filter(b -> b.getSubjects().stream().anyMatch(s -> account.equals(s.getName())))
          .toList();
      assertThat(bindings).as("bindings of %s", account).singleElement().satisfies(b -> {
        assertThat(b.getSubjects()).hasSize(1);
        assertThat(b.getRoleRef().getName()).isEqualTo(account);
      });
    });
  }

  @Test
  void withImpersonationActionClusterRolesHoldExactlyTheRulesFromValues() {
    ClusterRole scale = IMPERSONATION.one(ClusterRole.class, "kubernaut-action-scale-deployment");
    ClusterRole notify = IMPERSONATION.one(ClusterRole.class, "kubernaut-action-notify-only");
    ClusterRole custom = IMPERSONATION.one(ClusterRole.class, "kubernaut-action-restart-statefulset-pods");

    assertThat(scale.getRules()).extracting(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getVerbs())
        .containsExactly("[apps] [deployments] [get, update]");
    assertThat(notify.getRules()).isNullOrEmpty();
    assertThat(custom.getRules()).extracting(r -> r.getResources() + " " + r.getVerbs())
        .containsExactly("[pods] [get, delete]");
    assertThat(IMPERSONATION.all(ClusterRole.class)).extracting(r -> r.getMetadata().getName())
        .doesNotContain("kubernaut-action-drain-node");
  }

  @Test
  void theApiRolesGrantIngestSignalsOnlyViewerReadsOnlyAndApproverReadsApprovesAndInvestigates() {
    List<String> ingest = kubernautGrants("kubernaut-ingest");
    List<String> viewer = kubernautGrants("kubernaut-viewer");
    List<String> approver = kubernautGrants("kubernaut-approver");

    assertThat(ingest).containsExactly("create signals");
    assertThat(viewer).containsExactlyInAnyOrder("get remediations", "list remediations", "get audit", "get context");
    assertThat(approver).containsExactlyInAnyOrder("get remediations", "list remediations", "get audit",
        "get context", "update remediations/approval", "create investigations");
    assertThat(DEFAULT.ofKind("ClusterRole").stream().map(r -> r.getMetadata().getName()))
        .contains("kubernaut-ingest", "kubernaut-viewer", "kubernaut-approver");
  }

  /** "verb resource" for each kubernaut.io grant of a ClusterRole; any other API group fails the test. */
  private static List<String> kubernautGrants(String clusterRole) {
    List<PolicyRule> rules = DEFAULT.one(ClusterRole.class, clusterRole).getRules();
    assertThat(rules).allSatisfy(rule -> assertThat(rule.getApiGroups()).containsExactly("kubernaut.io"));
    return rules.stream().flatMap(rule -> rule.getResources().stream()
        .flatMap(resource -> rule.getVerbs().stream().map(verb -> verb + " " + resource))).toList();
  }

  private static boolean grants(List<PolicyRule> rules, String resource, String verb) {
    return rules.stream().anyMatch(r -> r.getResources().contains(resource) && r.getVerbs().contains(verb));
  }
}
