package io.kubernaut.core.classification;

import io.kubernaut.ports.remediation.Environment;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides an environment. A namespace: its {@code kubernaut.io/environment} (or {@code environment})
 * label first, then the operator's overrides ({@code environments.yaml} of {@code kubernaut-config},
 * read at each decision, so a change applies to the next alert), then its name, else unknown (SPEC §4).
 * A node: its own environment label, else production. In a name, any part meaning production
 * wins over parts meaning staging or development ({@code devops-prod} is production).
 */
public final class EnvironmentClassifier {

  public static final String ENVIRONMENT_LABEL = "kubernaut.io/environment";

  private final Supplier<Map<String, Environment>> overrides;

  /** @param overrides namespace name → environment, fixed */
  public EnvironmentClassifier(Map<String, Environment> overrides) {
    Map<String, Environment> fixed = Map.copyOf(overrides);
    this.overrides = () -> fixed;
  }

  /** @param overrides the current namespace name → environment overrides, from {@code kubernaut-config} */
  public EnvironmentClassifier(Supplier<Map<String, Environment>> overrides) {
    this.overrides = overrides;
  }

  /** Classifies {@code namespace}, whose labels are {@code namespaceLabels}. */
  public Environment classify(String namespace, Map<String, String> namespaceLabels) {
    Environment labelled = labelled(namespaceLabels);
    if (labelled != Environment.UNKNOWN) {
      return labelled;
    }
    Environment overridden = overrides.get().get(namespace);
    return overridden != null ? overridden : fromName(namespace);
  }

  /** Classifies a node from its labels: production unless an environment label says otherwise. */
  public Environment classifyNode(Map<String, String> nodeLabels) {
    Environment labelled = labelled(nodeLabels);
    return labelled != Environment.UNKNOWN ? labelled : Environment.PRODUCTION;
  }

  private static Environment labelled(Map<String, String> labels) {
    Environment labelled = fromLabel(labels.get(ENVIRONMENT_LABEL));
    return labelled != Environment.UNKNOWN ? labelled : fromLabel(labels.get("environment"));
  }

  private static Environment fromLabel(String value) {
    if (value == null) {
      return Environment.UNKNOWN;
    }
    return fromName(value);
  }

  /**
   * {@code prod*} or {@code prd} in any part (parts split at {@code - _ .}) is production; else the
   * first part starting {@code stag} or {@code dev} decides; else unknown.
   */
  static Environment fromName(String name) {
    // Parts by index, not String.split: its pattern was compiled for every alert classified.
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    Environment decided = Environment.UNKNOWN;
    int start = 0;
    for (int end = 0; end <= lower.length(); end++) {
      if (end < lower.length() && !isSeparator(lower.charAt(end))) {
        continue;
      }
      int length = end - start;
      if ((length >= 4 && lower.startsWith("prod", start)) || (length == 3 && lower.startsWith("prd", start))) {
        return Environment.PRODUCTION;
      }
      if (decided == Environment.UNKNOWN && length >= 4 && lower.startsWith("stag", start)) {
        decided = Environment.STAGING;
      } else if (decided == Environment.UNKNOWN && length >= 3 && lower.startsWith("dev", start)) {
        decided = Environment.DEVELOPMENT;
      }
      start = end + 1;
    }
    return decided;
  }

  private static boolean isSeparator(char c) {
    return c == '-' || c == '_' || c == '.';
  }

}
