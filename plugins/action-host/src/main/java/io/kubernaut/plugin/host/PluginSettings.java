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
 * @param maxConcurrentCalls how many plugin calls may run at once; further calls queue briefly
 * @param impersonationNamespace when set (least-privilege mode, {@code KUBERNAUT_ACTION_IMPERSONATION}),
 *     each action's client impersonates ServiceAccount {@code kubernaut-action-<name>} of this
 *     namespace, {@code _} in the name becoming {@code -}; null to use the operator's identity
 * @param selection which plugins load and which actions enter the catalog
 */
public record PluginSettings(Path pluginsDir, Duration callTimeout, int maxConcurrentCalls, String impersonationNamespace,
    ActionSelection selection) {

  /** Checks the values. */
  public PluginSettings {
    Objects.requireNonNull(pluginsDir, "pluginsDir");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(selection, "selection");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
    }
    if (maxConcurrentCalls < 1) {
      throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, got " + maxConcurrentCalls);
    }
  }

  /** Settings that load every plugin and enable every action. */
  public PluginSettings(Path pluginsDir, Duration callTimeout, int maxConcurrentCalls, String impersonationNamespace) {
    this(pluginsDir, callTimeout, maxConcurrentCalls, impersonationNamespace, ActionSelection.ALL);
  }

  /** Settings without impersonation. */
  public PluginSettings(Path pluginsDir, Duration callTimeout, int maxConcurrentCalls) {
    this(pluginsDir, callTimeout, maxConcurrentCalls, null);
  }

  /** Settings with 8 concurrent calls. */
  public PluginSettings(Path pluginsDir, Duration callTimeout) {
    this(pluginsDir, callTimeout, 8);
  }
}
