package io.kubernaut.k8s;

import io.kubernaut.ports.safety.SafetyLimits;
import io.kubernaut.ports.safety.SafetyPolicy;
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
 * byEnvironment:     # any subset of the keys above, per environment
 *   production: {maxReplicas: 20, monitoringWindow: 10m}
 * </pre>
 * Missing keys keep their defaults; an environment's override starts from {@code limits}.
 */
final class SafetyPolicyParser {

  private SafetyPolicyParser() {}

  @SuppressWarnings("unchecked")
  static SafetyPolicy parse(Map<String, Object> safety) {
    SafetyLimits base = limits(SafetyLimits.defaults(), (Map<String, Object>) safety.getOrDefault("limits", Map.of()));
    Map<String, SafetyLimits> byEnvironment = new HashMap<>();
    ((Map<String, Object>) safety.getOrDefault("byEnvironment", Map.of()))
        .forEach((env, values) -> byEnvironment.put(env, limits(base, (Map<String, Object>) values)));
    Set<String> protectedNamespaces = safety.containsKey("protectedNamespaces")
        ? new LinkedHashSet<>(((List<Object>) safety.get("protectedNamespaces")).stream().map(String::valueOf).toList())
        : SafetyPolicy.DEFAULT_PROTECTED;
    return new SafetyPolicy(base, byEnvironment, protectedNamespaces);
  }

  private static SafetyLimits limits(SafetyLimits d, Map<String, Object> v) {
    return new SafetyLimits(
        integer(v, "maxReplicas", d.maxReplicas()),
        v.containsKey("maxScaleFactor") ? Double.parseDouble(String.valueOf(v.get("maxScaleFactor"))) : d.maxScaleFactor(),
        integer(v, "maxNodesDisrupted", d.maxNodesDisrupted()),
        v.containsKey("cooldown") ? ConfigMapPolicySource.duration(v.get("cooldown")) : d.cooldown(),
        integer(v, "failureThreshold", d.failureThreshold()),
        v.containsKey("failureBlock") ? ConfigMapPolicySource.duration(v.get("failureBlock")) : d.failureBlock(),
        v.containsKey("oscillationWindow") ? ConfigMapPolicySource.duration(v.get("oscillationWindow")) : d.oscillationWindow(),
        integer(v, "maxRestartsInWindow", d.maxRestartsInWindow()),
        v.containsKey("monitoringWindow") ? ConfigMapPolicySource.duration(v.get("monitoringWindow")) : d.monitoringWindow(),
        integer(v, "maxAttempts", d.maxAttempts()));
  }

  private static int integer(Map<String, Object> v, String key, int fallback) {
    return v.containsKey(key) ? Integer.parseInt(String.valueOf(v.get(key)).trim()) : fallback;
  }
}
