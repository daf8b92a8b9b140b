package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultRenderTest {

  private final RenderedChart chart = RenderedChart.withValues();

  private PodSpec pod() {
    return chart.deployment().getSpec().getTemplate().getSpec();
  }

  private Container operator() {
    return pod().getContainers().get(0);
  }

  @Test
  void defaultValuesRenderTheOperatorObjects() {
    assertThat(chart.objects()).extracting(HasMetadata::getKind)
        .contains("Deployment", "Service", "ConfigMap", "ServiceAccount", "ClusterRole", "ClusterRoleBinding",
            "Role", "RoleBinding", "PodDisruptionBudget")
        .doesNotContain("ServiceMonitor", "NetworkPolicy");
    assertThat(chart.one(ConfigMap.class, "kubernaut-config").getData())
        .containsKeys("timeouts.yaml", "storm.yaml", "safety.yaml", "gates.yaml", "notifications.yaml", "retention");
    assertThat(chart.one(ServiceAccount.class, RenderedChart.RELEASE).getMetadata().getNamespace())
        .isEqualTo(RenderedChart.NAMESPACE);
  }

  @Test
  void deploymentRunsTwoReplicasWithProbesOnTheNamedHttpPort() {
    assertThat(chart.deployment().getSpec().getReplicas()).isEqualTo(2);
    assertThat(operator().getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getName()).isEqualTo("http"))
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    assertThat(operator().getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator().getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(operator().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator().getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(operator().getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator().getResources().getLimits()).containsKey("memory");
  }

  @Test
  void podRunsNonRootWithReadOnlyRootAndNoCapabilities() {
    assertThat(pod().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator().getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator().getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod().getVolumes()).filteredOn(v -> v.getEmptyDir() != null).extracting(Volume::getName)
        .containsExactlyInAnyOrder("tmp", "plugins");
    assertThat(operator().getVolumeMounts()).extracting(m -> m.getName() + "=" + m.getMountPath())
        .containsExactlyInAnyOrder("tmp=/tmp", "plugins=/opt/kubernaut/plugins",
            "kube-api-access=/var/run/secrets/kubernetes.io/serviceaccount");
  }

  @Test
  void operatorEnvironmentComesFromValues() {
    Map<String, EnvVar> env = chart.env();

    assertThat(env.get("KUBERNAUT_MODE").getValue()).isEqualTo("cluster");
    assertThat(env.get("KUBERNAUT_HTTP_PORT").getValue()).isEqualTo("8080");
    assertThat(env.get("KUBERNAUT_NAMESPACE").getValue()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(env.get("KUBERNAUT_PLUGINS_DIR").getValue()).isEqualTo("/opt/kubernaut/plugins");
    assertThat(env.get("KUBERNAUT_INVESTIGATORS").getValue()).isEqualTo("rules");
    assertThat(env.get("KUBERNAUT_ENABLED_PLUGINS").getValue()).isEmpty();
    assertThat(env.get("KUBERNAUT_ENABLED_ACTIONS").getValue().split(","))
        .contains("restart_pod", "drain_node", "notify_only").hasSize(17);
    assertThat(env.get("KUBERNAUT_API_TOKEN").getValueFrom().getSecretKeyRef())
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("kubernaut-api-token"))
        .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("token"));
    assertThat(env.get("KUBERNAUT_INGEST_TOKEN").getValueFrom().getSecretKeyRef())
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("kubernaut-ingest-token"))
        .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("token"));
    assertThat(env.get("KUBERNAUT_TOKEN_AUDIENCE").getValue()).isEqualTo("kubernaut");
    assertThat(env).doesNotContainKeys("KUBERNAUT_DB_URL", "KUBERNAUT_DB_PASSWORD", "KUBERNAUT_LLM_URL",
        "KUBERNAUT_LLM_API_KEY", "KUBERNAUT_HOLMESGPT_URL", "KUBERNAUT_NOTIFY_CONFIG");
  }

  /**
   * The generated Secret is a {@code pre-install} hook (created once, kept on upgrade and
   * uninstall, like the API token's); helm-java's {@code template} does not render hooks, so its
   * template is read for them.
   */
  @Test
  void theAuditKeyComesFromASecretGeneratedOnceAtInstallAndKept() throws Exception {
    String template = Files.readString(RenderedChart.chartDir().resolve("templates/audit-key-secret.yaml"));

    assertThat(chart.env().get("KUBERNAUT_AUDIT_KEY").getValueFrom().getSecretKeyRef())
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("kubernaut-audit-key"))
        .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("audit-key"));
    assertThat(chart.env()).as("no retired keys unless a Secret is named").doesNotContainKey("KUBERNAUT_AUDIT_KEYS_RETIRED");
    assertThat(template).contains("{{- if not .Values.auditKey.existingSecret }}", "helm.sh/hook: pre-install",
        "helm.sh/resource-policy: keep", "name: {{ include \"kubernaut.auditKeySecretName\" . }}",
        "{{ randAlphaNum 48 | b64enc }}");
  }

  @Test
  void serviceExposesTheGatewayPortToTheOperatorPods() {
    Service service = chart.one(Service.class, RenderedChart.RELEASE);

    assertThat(service.getSpec().getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(8080))
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
    assertThat(service.getSpec().getSelector())
        .isEqualTo(chart.deployment().getSpec().getSelector().getMatchLabels());
  }

  @Test
  void disruptionBudgetKeepsOneOperatorAvailable() {
    PodDisruptionBudget pdb = chart.one(PodDisruptionBudget.class, RenderedChart.RELEASE);

    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(chart.deployment().getSpec().getSelector().getMatchLabels());
  }

  @Test
  void operatorServiceAccountIsBoundToItsClusterRoleAndLeaseRole() {
    ClusterRoleBinding clusterBinding = chart.one(ClusterRoleBinding.class, RenderedChart.RELEASE);
    RoleBinding binding = chart.one(RoleBinding.class, RenderedChart.RELEASE);

    assertThat(pod().getServiceAccountName()).isEqualTo(RenderedChart.RELEASE);
    assertThat(clusterBinding.getRoleRef().getName()).isEqualTo(RenderedChart.RELEASE);
    assertThat(clusterBinding.getSubjects()).singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo(RenderedChart.RELEASE))
        .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE));
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getSubjects()).singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo(RenderedChart.RELEASE));
  }
}
