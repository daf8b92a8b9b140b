package io.kubernaut.plugin.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which plugins load and which actions enter the catalog ({@code KUBERNAUT_ENABLED_PLUGINS},
 * {@code KUBERNAUT_ENABLED_ACTIONS}). An empty optional enables every one. A disabled plugin's
 * directory is not loaded at all; a disabled action is left out of the catalog and the runner, so
 * validation refuses it as "not in the catalog" and nothing can run it.
 *
 * @param actions the names of the enabled actions, or empty for all
 * @param plugins the names of the enabled plugin directories under the plugins directory, or empty for all
 */
public record ActionSelection(Optional<Set<String>> actions, Optional<Set<String>> plugins) {

  /** Every plugin and every action. */
  public static final ActionSelection ALL = new ActionSelection(Optional.empty(), Optional.empty());

  private static final Logger LOG = LoggerFactory.getLogger(ActionSelection.class);

  /** Copies the sets. */
  public ActionSelection {
    actions = actions.map(Set::copyOf);
    plugins = plugins.map(Set::copyOf);
  }

  /** Whether the plugin in directory {@code name} loads. */
  boolean pluginEnabled(String name) {
    return plugins.map(p -> p.contains(name)).orElse(true);
  }

  /** Whether the action {@code name} enters the catalog. */
  boolean actionEnabled(String name) {
    return actions.map(a -> a.contains(name)).orElse(true);
  }

  /** Logs each enabled plugin that has no directory under {@code pluginsDir}, since it cannot load. */
  void warnAboutMissingPlugins(Path pluginsDir) {
    Set<String> missing = new TreeSet<>();
    plugins.ifPresent(names -> names.stream().filter(n -> !Files.isDirectory(pluginsDir.resolve(n))).forEach(missing::add));
    if (!missing.isEmpty()) {
      LOG.warn("KUBERNAUT_ENABLED_PLUGINS names {}, which have no directory under {}; nothing was loaded for them",
          missing, pluginsDir);
    }
  }

  /** The loaded actions this selection enables; logs each one left out, and each enabled name that was not loaded. */
  LoadedActions apply(LoadedActions loaded) {
    if (actions.isEmpty()) {
      return loaded;
    }
    Map<String, LoadedAction> kept = new LinkedHashMap<>();
    for (LoadedAction a : loaded.all()) {
      String name = a.descriptor().name();
      if (actionEnabled(name)) {
        kept.put(name, a);
      } else {
        LOG.info("Action {} from {} is disabled: it is not in KUBERNAUT_ENABLED_ACTIONS, so it is left out of the "
            + "catalog and cannot run", name, a.source());
      }
    }
    Set<String> unknown = new TreeSet<>(actions.get());
    unknown.removeAll(kept.keySet());
    if (!unknown.isEmpty()) {
      LOG.warn("KUBERNAUT_ENABLED_ACTIONS names {}, which no loaded plugin provides; check the names against "
          + "GET /api/v1/actions", unknown);
    }
    return new LoadedActions(kept);
  }
}
