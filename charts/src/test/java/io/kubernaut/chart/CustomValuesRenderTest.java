package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Renders {@code values/custom.yaml}: plugins, ServiceMonitor, NetworkPolicy, external DB, existing token Secret. */
class CustomValuesRenderTest {

  private final RenderedChart chart = RenderedChart.withValues("custom.yaml");

  @Test
  void eachPluginGetsAnInitContainerCopyingItsJarsIntoItsOwnPluginsSubdirectory() {
    List<Container> inits = chart.deployment().getSpec().getTemplate().getSpec().getInitContainers();

    assertThat(inits).extracting(Container::getName).containsExactly("plugin-acme-actions", "plugin-db-failover");
    assertThat(inits.get(0).getImage()).isEqualTo("registry.example.com/acme/kubernaut-actions:1.2.0");
    assertThat(String.join(" ", inits.get(0).getCommand()))
        .contains("cp /plugins/*.jar /opt/kubernaut/plugins/acme-actions/");
    assertThat(inits.get(1).getImagePullPolicy()).isEqualTo("Always");
    assertThat(inits).allSatisfy(init -> {
      assertThat(init.getVolumeMounts()).extracting(m -> m.getName() + "=" + m.getMountPath())
          .containsExactly("plugins=/opt/kubernaut/plugins");
      assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(init.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    });
    assertThat(chart.env().get("KUBERNAUT_ENABLED_PLUGINS").getValue()).isEqualTo("acme-actions,db-failover");
  }

  @Test
  void externalDatabaseIsConfiguredByUrlUserAndPasswordSecret() {
    Map<String, EnvVar> env = chart.env();

    assertThat(env.get("KUBERNAUT_DB_URL").getValue()).isEqualTo("jdbc:postgresql://postgres.db.svc:5432/kubernaut");
    assertThat(env.get("KUBERNAUT_DB_USER").getValue()).isEqualTo("kubernaut_app");
    assertThat(env.get("KUBERNAUT_DB_PASSWORD").getValue()).isNull();
    assertThat(env.get("KUBERNAUT_DB_PASSWORD").getValueFrom().getSecretKeyRef())
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("kubernaut-db"))
        .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("pg-password"));
  }

  @Test
  void existingTokenSecretIsReferencedAndNoSecretIsGenerated() {
    assertThat(chart.all(Secret.class)).isEmpty();
    assertThat(chart.env().get("KUBERNAUT_API_TOKEN").getValueFrom().getSecretKeyRef())
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("kubernaut-webhook-token"))
        .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("bearer"));
    assertThat(chart.env().get("KUBERNAUT_INGEST_TOKEN").getValueFrom().getSecretKeyRef())
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("alertmanager-ingest-token"))
        .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("ingest"));
    assertThat(chart.env().get("KUBERNAUT_TOKEN_AUDIENCE").getValue()).isEqualTo("kubernaut-prod");
    assertThat(chart.ofKind("Secret")).as("existing Secrets are not generated").isEmpty();
  }

  @Test
  void anExistingAuditKeySecretIsReferenced() {
    assertThat(chart.env().get("KUBERNAUT_AUDIT_KEY").getValueFrom().getSecretKeyRef())
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo("kubernaut-audit"))
        .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("hmac"));
    assertThat(chart.env().get("KUBERNAUT_AUDIT_KEYS_RETIRED").getValueFrom().getSecretKeyRef())
        .as("the keys retired by a rotation").satisfies(ref -> assertThat(ref.getName()).isEqualTo("kubernaut-audit-retired"))
        .satisfies(ref -> assertThat(ref.getKey()).isEqualTo("before-2026-12"));
  }

  @Test
  void investigatorsAndTheirEndpointsComeFromValues() {
    Map<String, EnvVar> env = chart.env();

    assertThat(env.get("KUBERNAUT_INVESTIGATORS").getValue()).isEqualTo("holmesgpt,llm,rules");
    assertThat(env.get("KUBERNAUT_LLM_URL").getValue()).isEqualTo("http://ollama.ai.svc:11434/v1");
    assertThat(env.get("KUBERNAUT_LLM_MODEL").getValue()).isEqualTo("llama3.1:8b");
    assertThat(env.get("KUBERNAUT_LLM_API_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("kubernaut-llm");
    assertThat(env.get("KUBERNAUT_HOLMESGPT_URL").getValue()).isEqualTo("http://holmesgpt-api.holmes.svc:8080");
    assertThat(env.get("KUBERNAUT_NOTIFY_CONFIG").getValue()).isEqualTo("/etc/kubernaut/notify.yaml");
  }

  @Test
  void serviceMonitorScrapesMetricsOnTheHttpPort() {
    HasMetadata monitor = chart.ofKind("ServiceMonitor").get(0);

    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    List<Map<String, Object>> endpoints =
        ((GenericKubernetesResource) monitor).get("spec", "endpoints");
    assertThat(endpoints).singleElement()
        .satisfies(e -> assertThat(e).containsEntry("port", "http").containsEntry("path", "/metrics")
            .containsEntry("interval", "15s"));
  }

  @Test
  void networkPolicyAdmitsOnlyTheConfiguredPeersToTheHttpPort() {
    NetworkPolicy policy = chart.one(NetworkPolicy.class, RenderedChart.RELEASE);

    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
      assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
      assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(
          peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring"));
    });
  }

  @Test
  void replicaCountFromValuesReachesTheDeployment() {
    assertThat(chart.deployment().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void grafanaDashboardShipsAsASidecarConfigMapWithPanelsOnKubernautMetrics() throws Exception {
    io.fabric8.kubernetes.api.model.ConfigMap dashboard = chart.all(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
        .filter(cm -> cm.getMetadata().getName().endsWith("-dashboard")).findFirst().orElseThrow();
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dashboard.getData().get("kubernaut.json"));
    assertThat(json.path("title").asText()).isEqualTo("Kubernaut");
    assertThat(json.path("panels").findValuesAsText("expr"))
        .anyMatch(e -> e.contains("kubernaut_remediations"))
        .anyMatch(e -> e.contains("kubernaut_signals_received_total"))
        .anyMatch(e -> e.contains("kubernaut_phase_duration_seconds_bucket"))
        .anyMatch(e -> e.contains("kubernaut_pipeline_places_in_use"))
        .anyMatch(e -> e.contains("kubernaut_events_dropped_total"))
        .anyMatch(e -> e.contains("kubernaut_alerts_truncated_total"));
  }
}
