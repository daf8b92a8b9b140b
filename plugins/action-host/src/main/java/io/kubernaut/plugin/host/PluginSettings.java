package io.kubernaut.plugin.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the action host loads and runs plugins.
 *
 * @param pluginsDir the directory holding one sub-directory per third-party plugin
 *     ({@code KUBERNAUT_PLUGINS_DIR}); it may be absent, then only built-ins load
 * @param callTimeout the longest any single plugin call may take, whatever the request's deadline
 * @param maxConcurrentCalls how many calls of one plugin may run at once
 *     ({@code KUBERNAUT_PLUGIN_CONCURRENCY}); each plugin directory, and the built-ins together,
 *     get a pool of this many threads, so a hung plugin cannot take another's threads
 * @param impersonationNamespace when set (least-privilege mode, {@code KUBERNAUT_ACTION_IMPERSONATION}),
 *     each action's client impersonates ServiceAccount {@code kubernaut-action-<name>} of this
 *     namespace, {@code _} in the name becoming {@code -}; null to use the operator's identity
 * @param selection which plugins load and which actions enter the catalog
 * @param loadTimeout the longest a plugin's constructor, and then its {@code descriptor()}, may
 *     take at start-up ({@code KUBERNAUT_PLUGIN_LOAD_TIMEOUT_SECONDS}); a slower plugin is skipped
 * @param pins expected SHA-256 digests of plugin jars ({@code KUBERNAUT_PLUGIN_SHA256})
 */
public record PluginSettings(Path pluginsDir, Duration callTimeout, int maxConcurrentCalls,
    String impersonationNamespace, ActionSelection selection, Duration loadTimeout, JarPins pins) {

  /** The default {@link #loadTimeout}. */
  public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(10);

  /** Checks the values. */
  public PluginSettings {
    Objects.requireNonNull(pluginsDir, "pluginsDir");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(loadTimeout, "loadTimeout");
    Objects.requireNonNull(pins, "pins");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
    }
    if (loadTimeout.isNegative() || loadTimeout.isZero()) {
      throw new IllegalArgumentException("loadTimeout must be positive, got " + loadTimeout);
    }
    if (maxConcurrentCalls < 1) {
      throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, got " + maxConcurrentCalls);
    }
  }

  /** Settings that load every plugin, enable every action, with the default load timeout and no pins. */
  public PluginSettings(Path pluginsDir, Duration callTimeout, int maxConcurrentCalls, String impersonationNamespace) {
    this(pluginsDir, callTimeout, maxConcurrentCalls, impersonationNamespace, ActionSelection.ALL, DEFAULT_LOAD_TIMEOUT,
        JarPins.NONE);
  }

  /** Settings with this selection, the default load timeout and no pins. */
  public PluginSettings(Path pluginsDir, Duration callTimeout, int maxConcurrentCalls, String impersonationNamespace,
      ActionSelection selection) {
    this(pluginsDir, callTimeout, maxConcurrentCalls, impersonationNamespace, selection, DEFAULT_LOAD_TIMEOUT, JarPins.NONE);
  }

  /** Settings without impersonation. */
  public PluginSettings(Path pluginsDir, Duration callTimeout, int maxConcurrentCalls) {
    this(pluginsDir, callTimeout, maxConcurrentCalls, null);
  }

  /** Settings with 8 concurrent calls per plugin. */
  public PluginSettings(Path pluginsDir, Duration callTimeout) {
    this(pluginsDir, callTimeout, 8);
  }
}
