package io.kubernaut.k8s;

import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * Refuses keys no parser of {@code kubernaut-config} reads, so that a typo or a setting at the
 * wrong place is an error naming the key and the file instead of a value silently ignored.
 */
final class ConfigKeys {

  private ConfigKeys() {}

  /**
   * Throws an {@link IllegalArgumentException} naming the first unknown key of {@code map}.
   *
   * @param file the ConfigMap key being parsed, e.g. {@code safety.yaml}
   * @param prefix where {@code map} sits in the file, e.g. {@code limits.}, or empty at the top
   * @param map the parsed section; null is an empty section
   * @param known the keys this section accepts
   */
  static void requireKnown(String file, String prefix, Map<String, ?> map, Collection<String> known) {
    if (map == null) {
      return;
    }
    for (String key : new TreeSet<>(map.keySet())) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("Unknown key '" + prefix + key + "' in " + file + "; the keys read there are "
            + String.join(", ", new TreeSet<>(known)) + ".");
      }
    }
  }

  /** A nested section: a map, empty when absent, or an error naming it when it is not a map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> section(String file, String path, Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("'" + path + "' in " + file + " must be a map of keys, got \"" + value + "\".");
    }
    return (Map<String, Object>) value;
  }

  /**
   * A switch: YAML's {@code true} or {@code false}, {@code fallback} when absent. Anything else is
   * refused: the YAML 1.2 loader reads {@code yes}, {@code on} or {@code 1} as a string or a number,
   * and reading those as false turned a kill switch meant on silently off.
   */
  static boolean flag(String file, String path, Map<String, ?> map, String key, boolean fallback) {
    Object value = map == null ? null : map.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("'" + path + key + "' in " + file + " must be true or false, got \"" + value
        + "\".");
  }

  /**
   * A finite number, {@code fallback} when absent. {@code NaN} and infinities are refused: every
   * comparison with NaN is false, so a NaN limit or threshold passed its range check and then let
   * everything through.
   */
  static double finite(String file, String path, Map<String, ?> map, String key, double fallback) {
    Object value = map == null ? null : map.get(key);
    if (value == null) {
      return fallback;
    }
    double parsed;
    try {
      parsed = Double.parseDouble(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + path + key + "' in " + file + " must be a number, got \"" + value + "\".",
          e);
    }
    if (!Double.isFinite(parsed)) {
      throw new IllegalArgumentException("'" + path + key + "' in " + file + " must be a finite number, got \"" + value
          + "\".");
    }
    return parsed;
  }
}
