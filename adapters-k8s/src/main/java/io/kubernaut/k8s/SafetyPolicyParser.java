package io.kubernaut.k8s;

import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.action.DisruptionClass;
import io.kubernaut.ports.safety.DisruptionBudget;
import io.kubernaut.ports.safety.NodeShare;
import io.kubernaut.ports.safety.ResourceBounds;
import io.kubernaut.ports.safety.SafetyLimits;
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.safety.VerificationRules;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safety envelope from {@code safety.yaml} in {@code kubernaut-config}:
 * <pre>
 * protectedNamespaces: [kube-system, kube-public, vault]
 * limits:            # defaults for every environment
 *   maxReplicas: 50
 *   maxScaleFactor: 3
 *   maxNodesDisrupted: 1
 *   cooldown: 5m
 *   failureThreshold: 3
 *   failureBlock: 1h
 *   oscillationWindow: 2h
 *   maxRestartsInWindow: 3
 *   monitoringWindow: 5m
 *   maxAttempts: 3
 *   maxResourceFactor: 2        # increase_resources and the like: at most this factor over the current limit ...
 *   maxMemoryLimit: 16Gi        # ... and at most these limits
 *   maxCpuLimit: "8"
 *   maxStorageFactor: 2         # expand_pvc and the like: at most this factor over the current request ...
 *   maxStorageSize: 1Ti         # ... and at most this size
 *   rollbackOnFailedVerification: true   # true, false or approval; default approval in production, true elsewhere
 *   failedVerificationThreshold: 3       # failed verifications of one action on one target ...
 *   failedVerificationWindow: 4h         # ... within this window block that action on that target
 * byEnvironment:     # any subset of the keys above, per environment
 *   production: {maxReplicas: 20, monitoringWindow: 10m}
 * budget:            # cluster-wide, the same for every environment
 *   maxNodesUnavailable: 1          # or a percentage of nodes, "10%"
 *   minHealthyNodes: "51%"          # or a count
 *   maxActionsPerHour: 120          # 0: no limit
 *   maxActionsPerHourByClass: {node: 3}   # none, pod, workload, node; 0 or absent: no limit
 *   maxConcurrentRemediationsPerNamespace: 5   # 0: no limit
 * </pre>
 * Missing keys keep their defaults; an environment's override starts from {@code limits}. A key
 * not listed here, or an environment that does not exist, is refused naming it.
 */
final class SafetyPolicyParser {

  private static final String FILE = "safety.yaml";
  /** The top-level keys; {@code killSwitch} and {@code dryRun} are read by {@link ConfigMapPolicySource}. */
  static final List<String> TOP_KEYS = List.of("killSwitch", "dryRun", "protectedNamespaces", "limits", "byEnvironment",
      "budget");
  /** The keys of {@code budget}: every component of {@link DisruptionBudget}. */
  static final List<String> BUDGET_KEYS = List.of("maxNodesUnavailable", "minHealthyNodes", "maxActionsPerHour",
      "maxActionsPerHourByClass", "maxConcurrentRemediationsPerNamespace");
  /** The keys of {@code limits} and of each environment's override: every component of {@link SafetyLimits}. */
  static final List<String> LIMIT_KEYS = List.of("maxReplicas", "maxScaleFactor", "maxNodesDisrupted", "cooldown",
      "failureThreshold", "failureBlock", "oscillationWindow", "maxRestartsInWindow", "monitoringWindow", "maxAttempts",
      "maxResourceFactor", "maxMemoryLimit", "maxCpuLimit", "maxStorageFactor", "maxStorageSize",
      "rollbackOnFailedVerification", "failedVerificationThreshold", "failedVerificationWindow");

  private SafetyPolicyParser() {}

  @SuppressWarnings("unchecked")
  static SafetyPolicy parse(Map<String, Object> safety) {
    ConfigKeys.requireKnown(FILE, "", safety, TOP_KEYS);
    SafetyLimits base = limits(SafetyLimits.defaults(), ConfigKeys.section(FILE, "limits", safety.get("limits")), "limits.");
    Map<String, SafetyLimits> byEnvironment = new HashMap<>();
    Map<String, Object> overrides = ConfigKeys.section(FILE, "byEnvironment", safety.get("byEnvironment"));
    ConfigKeys.requireKnown(FILE, "byEnvironment.", overrides,
        Arrays.stream(Environment.values()).map(Environment::wireName).toList());
    overrides.forEach((env, values) -> byEnvironment.put(env,
        limits(base, ConfigKeys.section(FILE, "byEnvironment." + env, values), "byEnvironment." + env + ".")));
    Object listed = safety.get("protectedNamespaces");
    if (listed != null && !(listed instanceof List)) {
      throw new IllegalArgumentException("'protectedNamespaces' in " + FILE + " must be a list of namespaces, got \""
          + listed + "\".");
    }
    Set<String> protectedNamespaces = SafetyPolicy.DEFAULT_PROTECTED;
    if (listed != null) {
      // Each a namespace name as it is: a pattern ("payments-*"), another case or a map would protect no namespace,
      // while the policy said it did.
      protectedNamespaces = new LinkedHashSet<>();
      List<Object> names = (List<Object>) listed;
      for (int i = 0; i < names.size(); i++) {
        Object name = names.get(i);
        if (!(name instanceof String text) || !ConfigMapPolicySource.NAMESPACE_NAME.matcher(text).matches()) {
          throw new IllegalArgumentException("'protectedNamespaces[" + i + "]' in " + FILE + " is not a namespace "
              + "name (lower-case letters, digits and '-', at most 63; no patterns), got \"" + name + "\".");
        }
        protectedNamespaces.add(text);
      }
    }
    return new SafetyPolicy(base, byEnvironment, protectedNamespaces,
        budget(ConfigKeys.section(FILE, "budget", safety.get("budget"))));
  }

  private static DisruptionBudget budget(Map<String, Object> v) {
    ConfigKeys.requireKnown(FILE, "budget.", v, BUDGET_KEYS);
    DisruptionBudget d = DisruptionBudget.defaults();
    Map<String, Object> classes = ConfigKeys.section(FILE, "budget.maxActionsPerHourByClass",
        v.get("maxActionsPerHourByClass"));
    ConfigKeys.requireKnown(FILE, "budget.maxActionsPerHourByClass.", classes,
        Arrays.stream(DisruptionClass.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    Map<DisruptionClass, Integer> byClass = new EnumMap<>(DisruptionClass.class);
    if (v.containsKey("maxActionsPerHourByClass")) {
      classes.forEach((k, n) -> byClass.put(DisruptionClass.valueOf(k.toUpperCase(Locale.ROOT)),
          integer(classes, k, 0)));
    } else {
      byClass.putAll(d.maxActionsPerHourByClass());
    }
    return new DisruptionBudget(
        share(v, "maxNodesUnavailable", d.maxNodesUnavailable()),
        share(v, "minHealthyNodes", d.minHealthyNodes()),
        integer(v, "maxActionsPerHour", d.maxActionsPerHour()),
        byClass,
        integer(v, "maxConcurrentRemediationsPerNamespace", d.maxConcurrentRemediationsPerNamespace()));
  }

  private static SafetyLimits limits(SafetyLimits d, Map<String, Object> v, String prefix) {
    ConfigKeys.requireKnown(FILE, prefix, v, LIMIT_KEYS);
    return new SafetyLimits(
        integer(v, "maxReplicas", d.maxReplicas()),
        ConfigKeys.finite(FILE, prefix, v, "maxScaleFactor", d.maxScaleFactor()),
        integer(v, "maxNodesDisrupted", d.maxNodesDisrupted()),
        v.containsKey("cooldown") ? ConfigMapPolicySource.duration(v.get("cooldown")) : d.cooldown(),
        integer(v, "failureThreshold", d.failureThreshold()),
        v.containsKey("failureBlock") ? ConfigMapPolicySource.duration(v.get("failureBlock")) : d.failureBlock(),
        v.containsKey("oscillationWindow") ? ConfigMapPolicySource.duration(v.get("oscillationWindow")) : d.oscillationWindow(),
        integer(v, "maxRestartsInWindow", d.maxRestartsInWindow()),
        v.containsKey("monitoringWindow") ? ConfigMapPolicySource.duration(v.get("monitoringWindow")) : d.monitoringWindow(),
        integer(v, "maxAttempts", d.maxAttempts()),
        bounds(d.bounds(), v, prefix),
        verification(d.verification(), v, prefix));
  }

  /** {@code rollbackOnFailedVerification} (true, false, approval) and the failed-verification block. */
  private static VerificationRules verification(VerificationRules d, Map<String, Object> v, String prefix) {
    try {
      return new VerificationRules(
          v.containsKey("rollbackOnFailedVerification")
              ? VerificationRules.Rollback.parse(String.valueOf(v.get("rollbackOnFailedVerification"))) : d.rollback(),
          integer(v, "failedVerificationThreshold", d.failedThreshold()),
          v.containsKey("failedVerificationWindow") ? ConfigMapPolicySource.duration(v.get("failedVerificationWindow"))
              : d.failedWindow());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + prefix + "' in " + FILE + ": " + e.getMessage(), e);
    }
  }

  private static ResourceBounds bounds(ResourceBounds d, Map<String, Object> v, String prefix) {
    double resourceFactor = ConfigKeys.finite(FILE, prefix, v, "maxResourceFactor", d.maxResourceFactor());
    double storageFactor = ConfigKeys.finite(FILE, prefix, v, "maxStorageFactor", d.maxStorageFactor());
    try {
      return new ResourceBounds(
          resourceFactor,
          v.containsKey("maxMemoryLimit") ? String.valueOf(v.get("maxMemoryLimit")) : d.maxMemoryLimit(),
          v.containsKey("maxCpuLimit") ? String.valueOf(v.get("maxCpuLimit")) : d.maxCpuLimit(),
          storageFactor,
          v.containsKey("maxStorageSize") ? String.valueOf(v.get("maxStorageSize")) : d.maxStorageSize());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + prefix + "' in " + FILE + ": " + e.getMessage(), e);
    }
  }

  private static NodeShare share(Map<String, Object> v, String key, NodeShare fallback) {
    if (!v.containsKey(key)) {
      return fallback;
    }
    try {
      return NodeShare.parse(String.valueOf(v.get(key)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'budget." + key + "' in " + FILE + ": " + e.getMessage(), e);
    }
  }

  private static int integer(Map<String, Object> v, String key, int fallback) {
    return v.containsKey(key) ? Integer.parseInt(String.valueOf(v.get(key)).trim()) : fallback;
  }
}
