package io.kubernaut.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How plugins reach the pod ({@code values/custom.yaml} has two): their initContainers run
 * third-party images, so they get no ServiceAccount token; only the operator container mounts one.
 * Jar pins and the pool and load settings reach the operator's environment.
 */
class PluginDeliveryTest {

  private static final String TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  private final RenderedChart chart = RenderedChart.withValues("custom.yaml");

  private PodSpec pod() {
    return chart.deployment().getSpec().getTemplate().getSpec();
  }

  @Test
  void pluginInitContainersGetNoServiceAccountTokenWhileTheOperatorMountsItsOwn() {
    assertThat(pod().getAutomountServiceAccountToken())
        .as("automounting would give every container, the plugin initContainers too, the operator's token")
        .isFalse();
    assertThat(pod().getInitContainers()).hasSize(2).allSatisfy(init -> assertThat(init.getVolumeMounts())
        .extracting(VolumeMount::getName).containsExactly("plugins"));

    Volume token = pod().getVolumes().stream().filter(v -> v.getProjected() != null).findFirst().orElseThrow();
    List<VolumeProjection> sources = token.getProjected().getSources();
    assertThat(sources).filteredOn(s -> s.getServiceAccountToken() != null).singleElement()
        .satisfies(s -> assertThat(s.getServiceAccountToken().getPath()).isEqualTo("token"));
    assertThat(sources).filteredOn(s -> s.getConfigMap() != null).singleElement()
        .satisfies(s -> assertThat(s.getConfigMap().getName()).isEqualTo("kube-root-ca.crt"));
    assertThat(sources).filteredOn(s -> s.getDownwardAPI() != null).singleElement()
        .satisfies(s -> assertThat(s.getDownwardAPI().getItems()).singleElement()
            .satisfies(i -> assertThat(i.getFieldRef().getFieldPath()).isEqualTo("metadata.namespace")));
    List<Container> mountingTheToken = pod().getContainers().stream()
        .filter(c -> c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(token.getName()))).toList();
    assertThat(mountingTheToken).extracting(Container::getName).containsExactly("kubernaut");
    assertThat(mountingTheToken.get(0).getVolumeMounts()).filteredOn(m -> m.getName().equals(token.getName()))
        .singleElement().satisfies(m -> {
          assertThat(m.getMountPath()).isEqualTo(TOKEN_DIR);
          assertThat(m.getReadOnly()).isTrue();
        });
  }

  @Test
  void theOperatorReadsThePluginsDirectoryReadOnly() {
    assertThat(pod().getContainers().get(0).getVolumeMounts()).filteredOn(m -> m.getName().equals("plugins"))
        .singleElement().satisfies(m -> assertThat(m.getReadOnly()).isTrue());
  }

  @Test
  void jarPinsAndPluginLimitsReachTheOperatorEnvironment() {
    Map<String, String> env = chart.env().entrySet().stream()
        .filter(e -> e.getValue().getValue() != null)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getValue()));

    assertThat(env.get("KUBERNAUT_PLUGIN_SHA256")).isEqualTo(
        "acme-actions/acme-actions-1.2.0.jar=3f5a0c8e2b6d4f19a7c3e5b8d0f2a4c6e8b1d3f5a7c9e0b2d4f6a8c1e3b5d7f9,"
            + "acme-actions/acme-deps.jar=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(env).containsEntry("KUBERNAUT_PLUGIN_CONCURRENCY", "4")
        .containsEntry("KUBERNAUT_PLUGIN_LOAD_TIMEOUT_SECONDS", "30");
  }

  @Test
  void withoutPinsTheDefaultsRenderNoPinAndTheDocumentedLimits() {
    RenderedChart defaults = RenderedChart.withValues();

    assertThat(defaults.env().get("KUBERNAUT_PLUGIN_SHA256").getValue()).isEmpty();
    assertThat(defaults.env().get("KUBERNAUT_PLUGIN_CONCURRENCY").getValue()).isEqualTo("8");
    assertThat(defaults.env().get("KUBERNAUT_PLUGIN_LOAD_TIMEOUT_SECONDS").getValue()).isEqualTo("10");
    assertThat(defaults.deployment().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
  }
}
