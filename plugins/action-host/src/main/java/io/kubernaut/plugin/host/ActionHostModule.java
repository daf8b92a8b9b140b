package io.kubernaut.plugin.host;

import dagger.Module;
import dagger.Provides;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.ports.in.RedactSecrets;
import io.kubernaut.ports.out.ActionCatalog;
import io.kubernaut.ports.out.ActionRunner;
import io.kubernaut.ports.out.ClusterClientSource;
import javax.inject.Singleton;

/**
 * The action host's one public Dagger module. It needs a {@link PluginSettings} and a
 * {@link ClusterClientSource} (which yields the fabric8 {@link KubernetesClient}) bound elsewhere, loads the actions once (failing startup with a
 * {@link PluginLoadException} on an SPI mismatch or a duplicate name), and binds
 * {@link ActionCatalog} and {@link ActionRunner}. The runner redacts every outcome message and detail
 * with the {@link RedactSecrets} bound elsewhere, so nothing a plugin reports leaves the host unredacted.
 */
@Module
public final class ActionHostModule {

  private ActionHostModule() {}

  /** Loads built-ins and the enabled plugins' jars, checking pins and deadlines, and keeps the enabled actions. */
  @Provides
  @Singleton
  static LoadedActions loadedActions(PluginSettings settings) {
    ActionSelection selection = settings.selection();
    selection.warnAboutMissingPlugins(settings.pluginsDir());
    return selection.apply(new PluginLoader(ActionHostModule.class.getClassLoader(), settings.loadTimeout(), settings.pins())
        .load(settings.pluginsDir(), selection::pluginEnabled));
  }

  /** The catalog of loaded actions. */
  @Provides
  @Singleton
  static ActionCatalog actionCatalog(LoadedActions actions) {
    return new PluginActionCatalog(actions);
  }

  /** Runs loaded actions under deadlines on one bounded pool per plugin; what they report is redacted. */
  @Provides
  @Singleton
  static ActionRunner actionRunner(LoadedActions actions, ClusterClientSource clients, PluginSettings settings,
      RedactSecrets redactor) {
    return new RedactingActionRunner(new PluginActionRunner(actions, clients.client(KubernetesClient.class), settings),
        redactor);
  }
}
