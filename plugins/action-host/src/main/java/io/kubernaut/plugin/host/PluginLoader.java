package io.kubernaut.plugin.host;

import io.kubernaut.spi.action.ActionDescriptor;
import io.kubernaut.spi.action.RemediationAction;
import io.kubernaut.spi.action.SpiVersion;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds actions: built-ins on the application class path, then one class loader per
 * sub-directory of the plugins directory. Each constructor and {@code descriptor()} runs under the
 * load deadline ({@link ActionInstantiator}); a plugin directory whose jars do not match their
 * SHA-256 pins is refused before any of its classes load ({@link JarVerifier}). A plugin that
 * hangs, throws or is refused is skipped, logged with its name and the reason, and the others
 * load; a built-in that fails is skipped alone. Start-up still fails, naming the sources, on an
 * SPI version the host does not accept or a duplicate action name. This is the only place in the
 * operator that uses {@link ServiceLoader}.
 */
final class PluginLoader {

  private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

  private final ClassLoader applicationLoader;
  private final ActionInstantiator instantiator;
  private final JarVerifier verifier;
  private final JarPins pins;

  /** A loader with the default load deadline and no pins. */
  PluginLoader(ClassLoader applicationLoader) {
    this(applicationLoader, PluginSettings.DEFAULT_LOAD_TIMEOUT, JarPins.NONE);
  }

  PluginLoader(ClassLoader applicationLoader, Duration loadTimeout, JarPins pins) {
    this.applicationLoader = applicationLoader;
    this.instantiator = new ActionInstantiator(loadTimeout);
    this.verifier = new JarVerifier(pins);
    this.pins = pins;
  }

  /** Loads every action; throws {@link PluginLoadException} on an SPI mismatch or a duplicate name. */
  LoadedActions load(Path pluginsDir) {
    return load(pluginsDir, name -> true);
  }

  /** Loads the built-ins and the plugins whose directory name is enabled; the others are not opened. */
  LoadedActions load(Path pluginsDir, Predicate<String> pluginEnabled) {
    List<LoadedAction> found = new ArrayList<>(builtins());
    List<Path> dirs = enabled(pluginDirectories(pluginsDir), pluginEnabled);
    warnAboutPinsWithoutPlugin(dirs);
    for (Path dir : dirs) {
      found.addAll(plugin(dir));
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

  /** The built-ins: one that fails to instantiate or describe itself is skipped alone. */
  private List<LoadedAction> builtins() {
    List<ServiceLoader.Provider<RemediationAction>> providers;
    try {
      providers = providers(ServiceLoader.load(RemediationAction.class, applicationLoader), null);
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new PluginLoadException("Cannot list the built-in actions on the class path: " + e
          + ". The operator's build is broken.", e);
    }
    List<LoadedAction> found = new ArrayList<>();
    for (ServiceLoader.Provider<RemediationAction> p : providers) {
      try {
        found.add(instantiator.instantiate(p, sourceOf(p.type(), "classpath")));
      } catch (ActionInstantiator.Refusal r) {
        LOG.warn("Skipping built-in action {}. {} The other actions load.", p.type().getName(), r.getMessage());
      }
    }
    return found;
  }

  /** One plugin directory, loaded whole or not at all: refused on a pin mismatch, skipped when an action fails. */
  private List<LoadedAction> plugin(Path dir) {
    String name = dir.getFileName().toString();
    List<Path> jars = jars(dir);
    if (jars.isEmpty()) {
      LOG.warn("Plugin directory {} holds no jar; skipping it", dir);
      return List.of();
    }
    Optional<String> refusal = verifier.refusal(name, jars);
    if (refusal.isPresent()) {
      LOG.error("Refusing plugin {} from {}: {} None of its actions load; fix the jar or its pin in "
          + "KUBERNAUT_PLUGIN_SHA256.", name, dir, refusal.get());
      return List.of();
    }
    PluginClassLoader loader = new PluginClassLoader(name, urls(dir, jars), applicationLoader);
    List<LoadedAction> found = new ArrayList<>();
    try {
      for (ServiceLoader.Provider<RemediationAction> p : providers(ServiceLoader.load(RemediationAction.class, loader), loader)) {
        found.add(instantiator.instantiate(p, sourceOf(p.type(), dir.toString())));
      }
      return found;
    } catch (ActionInstantiator.Refusal r) {
      LOG.warn("Skipping plugin {} from {}. {} None of its actions load; the other plugins do.", name, dir, r.getMessage());
    } catch (ServiceConfigurationError | LinkageError e) {
      Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
      if (spiMismatch(cause)) {
        throw new PluginLoadException("Plugin " + name + " from " + dir + " needs a part of the action SPI this operator "
            + "does not have (SPI " + SpiVersion.CURRENT + "): " + cause + ". Rebuild it against kubernaut-action-spi "
            + SpiVersion.CURRENT + " or upgrade the operator.", cause);
      }
      LOG.warn("Skipping plugin {} from {}: its services file cannot be read ({}). None of its actions load; "
          + "the other plugins do.", name, dir, e.toString());
    }
    return List.of();
  }

  /**
   * Whether {@code error} is the JVM failing to link a plugin against this host's action SPI (a class,
   * method or field of {@code io.kubernaut.spi} it does not have): a plugin built for a newer SPI, which
   * fails start-up as a declared newer SPI version does, instead of being skipped with a warning.
   */
  static boolean spiMismatch(Throwable error) {
    // What a missing class, method or field raises; not AbstractMethodError or IncompatibleClassChangeError,
    // which an older plugin can raise against a newer host.
    boolean missing = error instanceof NoSuchMethodError || error instanceof NoSuchFieldError
        || error instanceof NoClassDefFoundError;
    return missing && error.getMessage() != null
        && (error.getMessage().contains("io.kubernaut.spi.") || error.getMessage().contains("io/kubernaut/spi/"));
  }

  /** The providers defined by {@code own} (or by anyone, for the class path), classes loaded but not initialised. */
  private static List<ServiceLoader.Provider<RemediationAction>> providers(
      ServiceLoader<RemediationAction> services, ClassLoader own) {
    return services.stream().filter(p -> own == null || p.type().getClassLoader() == own).toList();
  }

  private void warnAboutPinsWithoutPlugin(List<Path> dirs) {
    for (String pinned : pins.plugins()) {
      if (dirs.stream().noneMatch(d -> d.getFileName().toString().equals(pinned))) {
        LOG.warn("KUBERNAUT_PLUGIN_SHA256 pins jars of plugin {}, but the plugins directory has no {} sub-directory",
            pinned, pinned);
      }
    }
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

  private static List<Path> jars(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new PluginLoadException("Cannot list plugin directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private static URL[] urls(Path dir, List<Path> jars) {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new PluginLoadException("Bad jar path in " + dir + ": " + e.getMessage(), e);
      }
    }
    return urls.toArray(URL[]::new);
  }
}
