package io.kubernaut.app;

/**
 * One operator setting: its environment variable, default and description, declared once in
 * {@link OperatorConfig#SETTINGS}. The table in docs/configuration.md and the Helm values follow it.
 *
 * @param name the environment variable
 * @param defaultValue the default, or empty when unset by default
 * @param description what it controls
 * @param secret whether its value must never be logged
 */
public record Setting(String name, String defaultValue, String description, boolean secret) {
  static Setting of(String name, String defaultValue, String description) {
    return new Setting(name, defaultValue, description, false);
  }

  static Setting secret(String name, String description) {
    return new Setting(name, "", description, true);
  }
}
