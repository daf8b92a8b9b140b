package io.kubernaut.plugin.host;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Expected SHA-256 digests of plugin jars, from {@code KUBERNAUT_PLUGIN_SHA256}: entries
 * {@code <plugin>/<jar>=<64 hex digits>} separated by commas or white space, where
 * {@code <plugin>} is the plugin's sub-directory of the plugins directory. A plugin with at least
 * one pin must pin every jar in its directory. The pins live in the operator's configuration, not
 * in the plugin directory, because the plugin's own image writes that directory.
 */
public final class JarPins {

  /** No pins: every jar loads unchecked. */
  public static final JarPins NONE = new JarPins(Map.of());

  private static final Pattern ENTRY = Pattern.compile("([^/=\\s,]+)/([^/=\\s,]+\\.jar)=([0-9a-fA-F]{64})");

  private final Map<String, Map<String, String>> byPlugin;

  private JarPins(Map<String, Map<String, String>> byPlugin) {
    this.byPlugin = byPlugin;
  }

  /**
   * Parses {@code <plugin>/<jar>=<hex>} entries; blank means no pins.
   *
   * @throws IllegalArgumentException naming the malformed or repeated entry
   */
  public static JarPins parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    Map<String, Map<String, String>> byPlugin = new TreeMap<>();
    for (String entry : text.trim().split("[,\\s]+")) {
      var m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException("Plugin jar pin \"" + entry + "\" is not of the form "
            + "<plugin>/<jar>.jar=<64 hex digits of its SHA-256>.");
      }
      String previous = byPlugin.computeIfAbsent(m.group(1), p -> new TreeMap<>())
          .put(m.group(2), m.group(3).toLowerCase(Locale.ROOT));
      if (previous != null) {
        throw new IllegalArgumentException("Plugin jar " + m.group(1) + "/" + m.group(2) + " is pinned twice.");
      }
    }
    return new JarPins(byPlugin);
  }

  /** Whether any jar of this plugin is pinned; then every jar of it must be. */
  boolean pinsAnyJarOf(String plugin) {
    return byPlugin.containsKey(plugin);
  }

  /** The expected lower-case hex digest of {@code plugin/jar}, if pinned. */
  Optional<String> expected(String plugin, String jar) {
    return Optional.ofNullable(byPlugin.getOrDefault(plugin, Map.of()).get(jar));
  }

  /** The pinned jar names of a plugin. */
  Iterable<String> jarsOf(String plugin) {
    return Collections.unmodifiableSet(byPlugin.getOrDefault(plugin, Map.of()).keySet());
  }

  /** The plugins that have pins. */
  Iterable<String> plugins() {
    return Collections.unmodifiableSet(byPlugin.keySet());
  }
}
