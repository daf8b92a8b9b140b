package io.kubernaut.plugin.host;

import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.RemediationAction;
import io.kubernaut.spi.action.SpiVersion;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds actions: built-ins on the application class path, then one class loader per
 * sub-directory of the plugins directory. Fails startup, naming the sources, on an SPI version
 * the host does not accept, a duplicate action name, or a plugin that cannot be instantiated.
 * This is the only place in the operator that uses {@link ServiceLoader}.
 */
final class PluginLoader {

  private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

  private final ClassLoader applicationLoader;

  PluginLoader(ClassLoader applicationLoader) {
    this.applicationLoader = applicationLoader;
  }

  /** Loads every action; throws {@link PluginLoadException} listing every problem found. */
  LoadedActions load(Path pluginsDir) {
    return load(pluginsDir, name -> true);
  }

  /** Loads the built-ins and the plugins whose directory name is enabled; the others are not opened. */
  LoadedActions load(Path pluginsDir, Predicate<String> pluginEnabled) {
    List<LoadedAction> found = new ArrayList<>();
    found.addAll(discover(ServiceLoader.load(RemediationAction.class, applicationLoader), null, "classpath"));
    for (Path dir : enabled(pluginDirectories(pluginsDir), pluginEnabled)) {
      PluginClassLoader loader = new PluginClassLoader(dir.getFileName().toString(), jars(dir), applicationLoader);
      found.addAll(discover(ServiceLoader.load(RemediationAction.class, loader), loader, dir.toString()));
    }
    return index(found);
  }

  /** Builds the catalog from given actions without scanning anything; for tests and embedded setups. */
  static LoadedActions of(List<RemediationAction> actions) {
    List<LoadedAction> found = actions.stream()
        .map(a -> new LoadedAction(a, a.descriptor(), "given:" + a.getClass().getName(), a.getClass().getClassLoader()))
        .toList();
    return index(found);
  }

  private static LoadedActions index(List<LoadedAction> found) {
    List<String> problems = new ArrayList<>();
    Map<String, LoadedAction> byName = new LinkedHashMap<>();
    for (LoadedAction candidate : found) {
      ActionDescriptor d = candidate.descriptor();
      if (!SpiVersion.isCompatible(SpiVersion.CURRENT, d.spiVersion())) {
        problems.add("Action " + d.name() + " from " + candidate.source() + " was built for action SPI "
            + d.spiVersion() + ", but this operator implements SPI " + SpiVersion.CURRENT
            + " (same major, minor not newer). Rebuild the plugin against kubernaut-action-spi " + SpiVersion.CURRENT
            + " or remove it.");
        continue;
      }
      LoadedAction earlier = byName.putIfAbsent(d.name(), candidate);
      if (earlier != null) {
        problems.add("Action name " + d.name() + " is declared twice: by " + earlier.source() + " and by "
            + candidate.source() + ". Remove or rename one of them.");
      }
    }
    if (!problems.isEmpty()) {
      throw new PluginLoadException("Cannot load action plugins: " + String.join(" ", problems));
    }
    byName.values().forEach(a -> LOG.info("Discovered action {} {} from {}",
        a.descriptor().name(), a.descriptor().version(), a.source()));
    return new LoadedActions(byName);
  }

  /** Instantiates the providers defined by {@code own} (or by anyone, for the class path). */
  private static List<LoadedAction> discover(
      ServiceLoader<RemediationAction> services, ClassLoader own, String where) {
    List<LoadedAction> found = new ArrayList<>();
    try {
      services.stream()
          .filter(p -> own == null || p.type().getClassLoader() == own)
          .forEach(p -> {
            RemediationAction action = instantiate(p, where);
            ActionDescriptor d = describe(action, where);
            found.add(new LoadedAction(action, d, sourceOf(p.type(), where), p.type().getClassLoader()));
          });
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new PluginLoadException("Cannot load action plugins from " + where + ": " + e + ". Fix or remove the plugin.", e);
    }
    return found;
  }

  private static RemediationAction instantiate(ServiceLoader.Provider<RemediationAction> provider, String where) {
    try {
      return provider.get();
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      throw new PluginLoadException("Cannot instantiate action " + provider.type().getName() + " from " + where
          + ": " + e + ". Fix or remove the plugin.", e);
    }
  }

  private static ActionDescriptor describe(RemediationAction action, String where) {
    try {
      ActionDescriptor d = action.descriptor();
      if (d == null) {
        throw new PluginLoadException("Action " + action.getClass().getName() + " from " + where
            + " returned no descriptor. Fix or remove the plugin.");
      }
      return d;
    } catch (RuntimeException | LinkageError e) {
      if (e instanceof PluginLoadException ple) {
        throw ple;
      }
      throw new PluginLoadException("Action " + action.getClass().getName() + " from " + where
          + " failed to describe itself: " + e + ". Fix or remove the plugin.", e);
    }
  }

  /** The jar (or directory) a class came from, e.g. {@code plugins/acme/acme-1.0.jar}. */
  private static String sourceOf(Class<?> type, String where) {
    CodeSource cs = type.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return where;
    }
    String location = cs.getLocation().getPath();
    String file = location.substring(location.lastIndexOf('/', location.length() - 2) + 1);
    return "classpath".equals(where) ? "classpath:" + file : where + "/" + file;
  }

  private static List<Path> enabled(List<Path> dirs, Predicate<String> pluginEnabled) {
    List<Path> kept = new ArrayList<>();
    for (Path dir : dirs) {
      if (pluginEnabled.test(dir.getFileName().toString())) {
        kept.add(dir);
      } else {
        LOG.info("Plugin directory {} is disabled: it is not in KUBERNAUT_ENABLED_PLUGINS, so it is not loaded", dir);
      }
    }
    return kept;
  }

  private static List<Path> pluginDirectories(Path pluginsDir) {
    if (!Files.isDirectory(pluginsDir)) {
      LOG.info("Plugins directory {} does not exist; loading built-in actions only", pluginsDir);
      return List.of();
    }
    try (Stream<Path> entries = Files.list(pluginsDir)) {
      return entries.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new PluginLoadException("Cannot list plugins directory " + pluginsDir + ": " + e.getMessage(), e);
    }
  }

  private static URL[] jars(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> jars = entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
      if (jars.isEmpty()) {
        LOG.warn("Plugin directory {} holds no jar; skipping it", dir);
      }
      List<URL> urls = new ArrayList<>();
      for (Path jar : jars) {
        urls.add(jar.toUri().toURL());
      }
      return urls.toArray(URL[]::new);
    } catch (MalformedURLException e) {
      throw new PluginLoadException("Bad jar path in " + dir + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PluginLoadException("Cannot list plugin directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
