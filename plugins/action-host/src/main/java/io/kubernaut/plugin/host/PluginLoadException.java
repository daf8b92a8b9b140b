package io.kubernaut.plugin.host;

/**
 * The plugins cannot be loaded as configured: an SPI version the host does not accept, two
 * actions with the same name, or an unreadable plugins directory. Permanent: startup fails, and
 * retrying without changing the plugins directory cannot help. (A plugin that fails to
 * instantiate or describe itself, or does not match its pin, is skipped instead.)
 */
public class PluginLoadException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** A load failure with a message naming the plugin sources involved. */
  public PluginLoadException(String message) {
    super(message);
  }

  /** A load failure caused by a class-loading or instantiation error. */
  public PluginLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
