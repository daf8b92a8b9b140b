package io.kubernaut.k8s;

import io.kubernaut.ports.verification.SuccessCondition;
import io.kubernaut.ports.verification.VerificationCheck;
import io.kubernaut.ports.verification.VerificationPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verification checks from {@code verification.yaml} in {@code kubernaut-config}:
 * <pre>
 * shippedDefaults: true      # the operator's checks per alert family for alerts not listed below
 * alerts:
 *   KubePodCrashLooping:     # the alert's name; an empty list turns verification off for it
 *     - name: restarts-stopped
 *       query: sum(increase(kube_pod_container_status_restarts_total{namespace="${namespace}",pod=~"${workload}-.*"}[3m]))
 *       successCondition: "== 0"     # &lt; &lt;= &gt; &gt;= == != and a number, or empty
 *       interval: 1m
 *       count: 2                 # passing measurements needed
 *       failureLimit: 3          # failing measurements tolerated
 *       inconclusiveLimit: 2     # measurements without data tolerated
 * </pre>
 * Every key is strict; a check needs {@code name}, {@code query} and {@code successCondition}; the
 * others default to an interval of 30s, count 3, failureLimit 0 and inconclusiveLimit 2.
 */
final class VerificationPolicyParser {

  static final String FILE = "verification.yaml";
  static final List<String> TOP_KEYS = List.of("shippedDefaults", "alerts");
  static final List<String> CHECK_KEYS = List.of("name", "query", "successCondition", "interval", "count", "failureLimit",
      "inconclusiveLimit");
  private static final Set<String> PLACEHOLDERS = Set.of("namespace", "pod", "workload", "node");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  private VerificationPolicyParser() {}

  static VerificationPolicy parse(Map<String, Object> yaml) {
    ConfigKeys.requireKnown(FILE, "", yaml, TOP_KEYS);
    Object shipped = yaml.getOrDefault("shippedDefaults", true);
    if (!(shipped instanceof Boolean)) {
      throw new IllegalArgumentException("'shippedDefaults' in " + FILE + " must be true or false, got \"" + shipped + "\".");
    }
    Map<String, Object> alerts = ConfigKeys.section(FILE, "alerts", yaml.get("alerts"));
    Map<String, List<VerificationCheck>> byAlert = new LinkedHashMap<>();
    alerts.forEach((alert, checks) -> byAlert.put(alert, checks(alert, checks)));
    return new VerificationPolicy(byAlert, (Boolean) shipped);
  }

  private static List<VerificationCheck> checks(String alert, Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("'alerts." + alert + "' in " + FILE + " must be a list of checks, got \"" + value
          + "\".");
    }
    Set<String> names = new HashSet<>();
    return list.stream().map(item -> {
      String path = "alerts." + alert + "[" + list.indexOf(item) + "]";
      Map<String, Object> c = ConfigKeys.section(FILE, path, item);
      ConfigKeys.requireKnown(FILE, path + ".", c, CHECK_KEYS);
      for (String required : List.of("name", "query", "successCondition")) {
        if (c.get(required) == null || String.valueOf(c.get(required)).isBlank()) {
          throw new IllegalArgumentException("'" + path + "' in " + FILE + " needs '" + required + "'.");
        }
      }
      String name = String.valueOf(c.get("name"));
      if (!names.add(name)) {
        throw new IllegalArgumentException("'" + path + "' in " + FILE + " repeats check name '" + name + "'.");
      }
      String query = String.valueOf(c.get("query"));
      Matcher m = PLACEHOLDER.matcher(query);
      while (m.find()) {
        if (!PLACEHOLDERS.contains(m.group(1))) {
          throw new IllegalArgumentException("'" + path + ".query' in " + FILE + " uses unknown placeholder ${" + m.group(1)
              + "}; the placeholders are ${namespace}, ${pod}, ${workload} and ${node}.");
        }
      }
      try {
        return new VerificationCheck(name, query, SuccessCondition.parse(String.valueOf(c.get("successCondition"))),
            c.containsKey("interval") ? ConfigMapPolicySource.duration(c.get("interval")) : Duration.ofSeconds(30),
            integer(c, "count", 3), integer(c, "failureLimit", 0), integer(c, "inconclusiveLimit", 2));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + path + "' in " + FILE + ": " + e.getMessage(), e);
      }
    }).toList();
  }

  private static int integer(Map<String, Object> c, String key, int fallback) {
    Object v = c.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got \"" + v + "\"", e);
    }
  }
}
