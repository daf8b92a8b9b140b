package io.kubernaut.core.classification;

import io.kubernaut.ports.remediation.Environment;
import java.util.Locale;
import java.util.Map;

/**
 * Decides a namespace's environment: its {@code kubernaut.io/environment} (or
 * {@code environment}) label first, then explicit overrides, then the name's prefix, else unknown.
 */
public final class EnvironmentClassifier {

  public static final String ENVIRONMENT_LABEL = "kubernaut.io/environment";

  private final Map<String, Environment> overrides;

  /** @param overrides namespace name → environment, from {@code kubernaut-config} */
  public EnvironmentClassifier(Map<String, Environment> overrides) {
    this.overrides = Map.copyOf(overrides);
  }

  /** Classifies {@code namespace}, whose labels are {@code namespaceLabels}. */
  public Environment classify(String namespace, Map<String, String> namespaceLabels) {
    Environment labelled = fromLabel(namespaceLabels.get(ENVIRONMENT_LABEL));
    if (labelled == Environment.UNKNOWN) {
      labelled = fromLabel(namespaceLabels.get("environment"));
    }
    if (labelled != Environment.UNKNOWN) {
      return labelled;
    }
    Environment overridden = overrides.get(namespace);
    if (overridden != null) {
      return overridden;
    }
    return fromName(namespace);
  }

  private static Environment fromLabel(String value) {
    if (value == null) {
      return Environment.UNKNOWN;
    }
    return fromName(value);
  }

  /** {@code prod*}, {@code stag*}, {@code dev*} (also as a suffix after a dash), else unknown. */
  static Environment fromName(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    for (String part : n.split("[-_.]")) {
      if (part.startsWith("prod")) {
        return Environment.PRODUCTION;
      }
      if (part.startsWith("stag")) {
        return Environment.STAGING;
      }
      if (part.startsWith("dev")) {
        return Environment.DEVELOPMENT;
      }
    }
    return Environment.UNKNOWN;
  }
}
