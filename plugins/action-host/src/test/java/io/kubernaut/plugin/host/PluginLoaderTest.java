package io.kubernaut.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.plugin.host.fixtures.FixtureAction;
import io.kubernaut.plugin.host.fixtures.FutureSpiAction;
import io.kubernaut.plugin.host.fixtures.ImpostorRestartPod;
import io.kubernaut.plugin.host.fixtures.ThrowingAction;
import io.kubernaut.spi.action.RemediationAction;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {

  @TempDir Path plugins;

  private final PluginLoader loader = new PluginLoader(PluginLoaderTest.class.getClassLoader());

  @Test
  void builtinActionsLoadFromTheClassPathWhenThePluginsDirectoryIsMissing() {
    LoadedActions actions = loader.load(plugins.resolve("absent"));

    assertThat(actions.all()).hasSize(17);
    assertThat(actions.find("drain_node")).get()
        .satisfies(a -> assertThat(a.source()).startsWith("classpath:").contains("actions-builtin"));
  }

  @Test
  void examplePluginLoadsFromItsDirectoryThroughItsOwnClassLoader() throws Exception {
    PluginJars.examplePlugin(plugins);

    LoadedActions actions = loader.load(plugins);

    LoadedAction example = actions.find("annotate_workload").orElseThrow();
    assertThat(example.classLoader()).isInstanceOf(PluginClassLoader.class);
    assertThat(example.source()).contains("example").endsWith("kubernaut-example-plugin-0.1.0-SNAPSHOT.jar");
    assertThat(actions.all()).hasSize(18);
    assertThatThrownBy(() -> Class.forName("com.example.kubernaut.annotate.AnnotateWorkload"))
        .as("the example plugin must not be on the operator's class path")
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void pluginClassesComeFromThePluginJarEvenWhenTheHostHasTheSameClass() throws Exception {
    PluginJars.jar(plugins, "throwing", new Class<?>[] {FixtureAction.class, ThrowingAction.class}, ThrowingAction.class);

    LoadedAction loaded = loader.load(plugins).find("throwing_action").orElseThrow();

    assertThat(loaded.action().getClass()).isNotSameAs(ThrowingAction.class);
    assertThat(loaded.action().getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
    assertThat(loaded.action()).as("the SPI is shared parent-first").isInstanceOf(RemediationAction.class);
  }

  @Test
  void aPluginBuiltForAnotherSpiMajorFailsStartupNamingItsJar() throws Exception {
    PluginJars.jar(plugins, "future", new Class<?>[] {FixtureAction.class, FutureSpiAction.class}, FutureSpiAction.class);

    assertThatThrownBy(() -> loader.load(plugins)).isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("future_spi_action").hasMessageContaining("future/future.jar")
        .hasMessageContaining("SPI 2.0").hasMessageContaining("implements SPI " + io.kubernaut.spi.action.SpiVersion.CURRENT);
  }

  @Test
  void aDuplicateActionNameFailsStartupNamingBothSources() throws Exception {
    PluginJars.jar(plugins, "impostor", new Class<?>[] {FixtureAction.class, ImpostorRestartPod.class},
        ImpostorRestartPod.class);

    assertThatThrownBy(() -> loader.load(plugins)).isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("restart_pod is declared twice")
        .hasMessageContaining("classpath:").hasMessageContaining("impostor/impostor.jar");
  }

  @Test
  void parentFirstAllowlistCoversTheSharedApisOnly() {
    assertThat(PluginClassLoader.isParentFirst("io.kubernaut.spi.action.RemediationAction")).isTrue();
    assertThat(PluginClassLoader.isParentFirst("io.fabric8.kubernetes.client.KubernetesClient")).isTrue();
    assertThat(PluginClassLoader.isParentFirst("com.fasterxml.jackson.databind.ObjectMapper")).isTrue();
    assertThat(PluginClassLoader.isParentFirst("org.slf4j.Logger")).isTrue();
    assertThat(PluginClassLoader.isParentFirst("io.kubernaut.plugin.host.PluginLoader")).isFalse();
    assertThat(PluginClassLoader.isParentFirst("com.google.common.collect.ImmutableList")).isFalse();
  }
}
