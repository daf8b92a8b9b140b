package io.kubernaut.http.notify;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the notification module needs from the operator's configuration.
 *
 * @param configFile the YAML named by {@code KUBERNAUT_NOTIFY_CONFIG}; without one, every
 *     notification goes to the log
 * @param environment how {@code {env: NAME}} secret references are resolved (the process
 *     environment in production)
 */
public record NotificationSettings(Optional<Path> configFile, UnaryOperator<String> environment) {

  public NotificationSettings {
    Objects.requireNonNull(configFile, "configFile");
    Objects.requireNonNull(environment, "environment");
  }

  /** Settings that resolve secret references from the process environment. */
  public static NotificationSettings of(Optional<Path> configFile) {
    return new NotificationSettings(configFile, System::getenv);
  }
}
