package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.out.NotificationRouting;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.TimeoutSettings;
import io.kubernaut.ports.safety.SafetyPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline policy from ConfigMap {@code kubernaut-config}, watched with an informer and swapped
 * atomically on every change. A missing ConfigMap, key or value means the default; an invalid one
 * keeps the previous policy and logs why.
 */
public final class ConfigMapPolicySource implements PolicySource, AutoCloseable {

  public static final String NAME = "kubernaut-config";
  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapPolicySource.class);
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final AtomicReference<PipelinePolicy> current = new AtomicReference<>(PipelinePolicy.defaults());
  private final KubernetesClient client;
  private final String namespace;
  private final NotificationRouting notifications;
  private SharedIndexInformer<ConfigMap> informer;

  public ConfigMapPolicySource(KubernetesClient client, String namespace) {
    this(client, namespace, null);
  }

  /** Also hands the {@code notifications.yaml} key to the notification routing on every change. */
  public ConfigMapPolicySource(KubernetesClient client, String namespace, NotificationRouting notifications) {
    this.client = client;
    this.namespace = namespace;
    this.notifications = notifications;
  }

  /** Starts watching; safe to call once. */
  public ConfigMapPolicySource start() {
    informer = client.configMaps().inNamespace(namespace).withName(NAME).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap cm) {
        load(cm);
      }

      @Override
      public void onUpdate(ConfigMap before, ConfigMap after) {
        load(after);
      }

      @Override
      public void onDelete(ConfigMap cm, boolean unknownFinalState) {
        current.set(PipelinePolicy.defaults());
        LOG.info("ConfigMap {} was deleted; using the default policy", NAME);
      }
    });
    return this;
  }

  @Override
  public PipelinePolicy current() {
    return current.get();
  }

  void load(ConfigMap cm) {
    reloadNotifications(cm);
    try {
      current.set(parse(cm.getData() == null ? Map.of() : cm.getData()));
      LOG.info("Loaded the pipeline policy from ConfigMap {} (resourceVersion {})", NAME, cm.getMetadata().getResourceVersion());
    } catch (RuntimeException e) {
      LOG.warn("ConfigMap {} is invalid and was not applied; the previous policy stays: {}", NAME, e.getMessage());
    }
  }

  /** The route tree in {@code notifications.yaml}, when present, replaces the one in force; an invalid one is refused. */
  private void reloadNotifications(ConfigMap cm) {
    String yaml = cm.getData() == null ? null : cm.getData().get("notifications.yaml");
    if (notifications == null || yaml == null || yaml.isBlank()) {
      return;
    }
    try {
      notifications.reload(yaml);
      LOG.info("Loaded notification routes from ConfigMap {}: receivers {}", NAME, notifications.receivers());
    } catch (RuntimeException e) {
      LOG.warn("notifications.yaml in ConfigMap {} is invalid and was not applied; the previous routes stay: {}",
          NAME, e.getMessage());
    }
  }

  /** Parses the data keys {@code timeouts.yaml}, {@code safety.yaml}, {@code gates.yaml} and {@code retention}. */
  @SuppressWarnings("unchecked")
  public static PipelinePolicy parse(Map<String, String> data) {
    PipelinePolicy defaults = PipelinePolicy.defaults();
    TimeoutSettings timeouts = defaults.timeouts();
    if (data.containsKey("timeouts.yaml")) {
      Map<String, Object> t = Serialization.unmarshal(data.get("timeouts.yaml"), Map.class);
      Map<String, Duration> base = new HashMap<>(timeouts.defaults());
      if (t.get("overall") != null) {
        base.put(TimeoutSettings.OVERALL, duration(t.get("overall")));
      }
      base.putAll(durations((Map<String, Object>) t.getOrDefault("phases", Map.of())));
      timeouts = new TimeoutSettings(base, nested((Map<String, Object>) t.getOrDefault("byEnvironment", Map.of())),
          nested((Map<String, Object>) t.getOrDefault("bySeverity", Map.of())));
    }
    boolean dryRun = false;
    boolean killSwitch = false;
    SafetyPolicy safety = SafetyPolicy.standard();
    if (data.containsKey("safety.yaml")) {
      Map<String, Object> s = Serialization.unmarshal(data.get("safety.yaml"), Map.class);
      dryRun = Boolean.parseBoolean(String.valueOf(s.getOrDefault("dryRun", "false")));
      killSwitch = Boolean.parseBoolean(String.valueOf(s.getOrDefault("killSwitch", "false")));
      safety = SafetyPolicyParser.parse(s);
    }
    Duration retention = data.containsKey("retention") ? duration(data.get("retention").trim()) : defaults.retention();
    return new PipelinePolicy(timeouts, retention, dryRun, killSwitch, gates(data.get("gates.yaml")), safety,
        stormThresholds(data.get("storm.yaml")));
  }

  /**
   * {@code storm.yaml}: per environment {@code {duplicates, windowCount, window}}, turned into the
   * {@code env=count/rateCount/window} form of {@code KUBERNAUT_STORM_THRESHOLDS}; {@code null} when absent.
   */
  @SuppressWarnings("unchecked")
  static String stormThresholds(String yaml) {
    if (yaml == null || yaml.isBlank()) {
      return null;
    }
    Map<String, Object> storm = Serialization.unmarshal(yaml, Map.class);
    java.util.List<String> rules = new java.util.ArrayList<>();
    for (var e : new java.util.TreeMap<>(storm).entrySet()) {
      if (e.getKey().equals("topology") || !(e.getValue() instanceof Map)) {
        continue;
      }
      Map<String, Object> rule = (Map<String, Object>) e.getValue();
      Object duplicates = rule.get("duplicates");
      Object windowCount = rule.get("windowCount");
      Object window = rule.get("window");
      if (duplicates == null || windowCount == null || window == null) {
        throw new IllegalArgumentException("storm.yaml " + e.getKey() + " needs duplicates, windowCount and window");
      }
      duration(window);
      rules.add(e.getKey() + "=" + duplicates + "/" + windowCount + "/" + window);
    }
    return rules.isEmpty() ? null : String.join(",", rules);
  }

  /**
   * {@code gates.yaml}: {@code minConfidence} and {@code productionApprovalConfidence}, each 0..1, and
   * {@code autoApproveNodeActions}, the environments where node-disruptive actions need no approval.
   */
  @SuppressWarnings("unchecked")
  static AnalysisGates gates(String yaml) {
    AnalysisGates defaults = AnalysisGates.defaults();
    if (yaml == null || yaml.isBlank()) {
      return defaults;
    }
    Map<String, Object> g = Serialization.unmarshal(yaml, Map.class);
    return new AnalysisGates(
        number(g, "minConfidence", defaults.minConfidence()),
        number(g, "productionApprovalConfidence", defaults.productionApprovalConfidence()),
        environments(g == null ? null : g.get("autoApproveNodeActions")));
  }

  /** {@code autoApproveNodeActions}: a list of environment names (production, staging, development, unknown). */
  private static java.util.Set<String> environments(Object value) {
    if (value == null) {
      return java.util.Set.of();
    }
    if (!(value instanceof java.util.List<?> list)) {
      throw new IllegalArgumentException("gates.yaml autoApproveNodeActions must be a list of environments, got \""
          + value + "\"");
    }
    java.util.Set<String> known = java.util.Set.of("production", "staging", "development", "unknown");
    java.util.Set<String> result = new java.util.HashSet<>();
    for (Object e : list) {
      String env = String.valueOf(e).trim().toLowerCase(java.util.Locale.ROOT);
      if (!known.contains(env)) {
        throw new IllegalArgumentException("gates.yaml autoApproveNodeActions names unknown environment \"" + e
            + "\"; use production, staging, development or unknown.");
      }
      result.add(env);
    }
    return result;
  }

  private static double number(Map<String, Object> map, String key, double fallback) {
    Object v = map == null ? null : map.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("gates.yaml " + key + " must be a number between 0 and 1, got \"" + v + "\"", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Duration>> nested(Map<String, Object> table) {
    Map<String, Map<String, Duration>> result = new HashMap<>();
    table.forEach((selector, values) -> result.put(selector, durations((Map<String, Object>) values)));
    return result;
  }

  private static Map<String, Duration> durations(Map<String, Object> values) {
    Map<String, Duration> result = new HashMap<>();
    values.forEach((k, v) -> result.put(k, duration(v)));
    return result;
  }

  /** A Go-style duration such as {@code 90s}, {@code 5m} or {@code 1h30m}. */
  public static Duration parseDuration(String value) {
    return duration(value);
  }

  /** Go-style durations: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 24h}, {@code 2d}. */
  static Duration duration(Object value) {
    String text = String.valueOf(value).trim();
    Matcher m = DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      end = m.end();
    }
    if (end != text.length() || end == 0 || total.isZero()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration such as 90s, 5m, 1h or 24h");
    }
    return total;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
