package io.kubernaut.ports.out;

import java.util.List;

/**
 * Driven port: the live notification routing config. A ConfigMap watcher (or a file) hands it the
 * YAML of the notification config; the new route tree and receivers replace the old ones in one
 * atomic swap, so a delivery sees either the old config or the new one, never a mix.
 */
public interface NotificationRouting {

  /**
   * Parses, validates and installs a config.
   *
   * @throws io.kubernaut.ports.failure.PermanentException with a sentence naming the faulty field
   *     when the YAML is invalid; the previous config then stays in force
   */
  void reload(String yaml);

  /** The receiver names of the config in force. */
  List<String> receivers();
}
