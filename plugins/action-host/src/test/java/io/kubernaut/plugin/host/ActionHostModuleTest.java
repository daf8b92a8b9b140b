package io.kubernaut.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.BindsInstance;
import dagger.Component;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.ports.out.ClusterClientSource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubernaut.ports.action.ActionInfo;
import io.kubernaut.ports.action.ActionOutcome;
import io.kubernaut.ports.action.ActionRequest;
import io.kubernaut.ports.action.ActionStatus;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.signal.TargetRef;
import io.kubernaut.ports.out.ActionRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class ActionHostModuleTest {

  KubernetesClient client;

  @TempDir Path plugins;

  /** A component shaped like the app's: settings and client come from outside. */
  @Singleton
  @Component(modules = ActionHostModule.class)
  interface HostComponent {
    ActionCatalog catalog();

    ActionRunner runner();

    @Component.Factory
    interface Factory {
      HostComponent create(@BindsInstance PluginSettings settings, @BindsInstance ClusterClientSource clients,
          @BindsInstance RedactSecrets redactor);
    }
  }

  private HostComponent host(PluginSettings settings) {
    return DaggerActionHostModuleTest_HostComponent.factory().create(settings, new ClusterClientSource() {
      @Override
      public <T> T client(Class<T> type) {
        return type.cast(client);
      }
    }, text -> text);
  }

  private PluginSettings selecting(ActionSelection selection) {
    return new PluginSettings(plugins, Duration.ofSeconds(5), 8, null, selection);
  }

  @Test
  void moduleBindsOneCatalogAndRunnerOverBuiltinsAndPluginDirectory() throws Exception {
    PluginJars.examplePlugin(plugins);

    HostComponent host = host(new PluginSettings(plugins, Duration.ofSeconds(5)));

    assertThat(host.catalog().list()).hasSize(18);
    assertThat(host.catalog().find("annotate_workload")).isPresent();
    assertThat(host.catalog()).isSameAs(host.catalog());
    assertThat(host.runner()).isNotNull();
  }

  @Test
  void onlyTheEnabledActionsEnterTheCatalogAndADisabledOneIsRefusedAsNotInTheCatalog() throws Exception {
    PluginJars.examplePlugin(plugins);

    HostComponent host = host(selecting(new ActionSelection(
        Optional.of(Set.of("restart_pod", "scale_deployment", "annotate_workload")), Optional.empty())));

    assertThat(host.catalog().list()).extracting(ActionInfo::name)
        .containsExactlyInAnyOrder("restart_pod", "scale_deployment", "annotate_workload");
    assertThat(host.catalog().find("drain_node")).isEmpty();
    assertThat(host.catalog().validate("drain_node", Map.of("node", "worker-2")))
        .singleElement().asString().contains("drain_node is not in the catalog");
  }

  @Test
  void aDisabledActionCannotRun() {
    HostComponent host = host(selecting(new ActionSelection(Optional.of(Set.of("restart_pod")), Optional.empty())));

    ActionOutcome outcome = host.runner().execute(new ActionRequest("kex-1", 1, "drain_node",
        new TargetRef("Node", "", "worker-2"), Map.of(), false, Instant.now().plusSeconds(5)));

    assertThat(outcome.status()).isEqualTo(ActionStatus.FAILED_PERMANENT);
    assertThat(outcome.message()).isEqualTo("Action drain_node is not in the catalog; the execute cannot run.");
  }

  @Test
  void aPluginLeftOutOfTheEnabledPluginsIsNotLoaded() throws Exception {
    PluginJars.examplePlugin(plugins);

    HostComponent withoutExample = host(selecting(new ActionSelection(Optional.empty(), Optional.of(Set.of("acme")))));
    HostComponent withExample = host(selecting(new ActionSelection(Optional.empty(), Optional.of(Set.of("example")))));

    assertThat(withoutExample.catalog().find("annotate_workload")).isEmpty();
    assertThat(withoutExample.catalog().list()).hasSize(17);
    assertThat(withExample.catalog().find("annotate_workload")).isPresent();
  }
}
