package io.kubernaut.plugin.host;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.BindsInstance;
import dagger.Component;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.ports.out.ClusterClientSource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.ActionRunner;
import java.nio.file.Path;
import java.time.Duration;
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

  @Test
  void moduleBindsOneCatalogAndRunnerOverBuiltinsAndPluginDirectory() throws Exception {
    PluginJars.examplePlugin(plugins);

    HostComponent host = DaggerActionHostModuleTest_HostComponent.factory()
        .create(new PluginSettings(plugins, Duration.ofSeconds(5)), new ClusterClientSource() {
          @Override
          public <T> T client(Class<T> type) {
            return type.cast(client);
          }
        }, text -> text);

    assertThat(host.catalog().list()).hasSize(18);
    assertThat(host.catalog().find("annotate_workload")).isPresent();
    assertThat(host.catalog()).isSameAs(host.catalog());
    assertThat(host.runner()).isNotNull();
  }
}
