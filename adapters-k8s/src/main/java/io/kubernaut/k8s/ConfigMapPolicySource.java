package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernaut.k8s.safety.SafetyInformers;
import io.kubernaut.ports.analysis.AnalysisGates;
import io.kubernaut.ports.out.NotificationRouting;
import io.kubernaut.ports.out.PolicySource;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.TimeoutSettings;
import io.kubernaut.ports.safety.SafetyPolicy;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.RemediationSummary;
import io.kubernaut.ports.remediation.Severity;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline policy from ConfigMap {@code kubernaut-config}, watched with an informer and swapped
 * atomically on every change. A missing ConfigMap, key or value means the default; an invalid one
 * keeps the previous policy and logs why. Each version's outcome is also an Event on the ConfigMap
 * ({@link PolicyOutcome}), so the one who wrote it reads it with {@code kubectl describe}.
 */
public final class ConfigMapPolicySource implements PolicySource, AutoCloseable {

  public static final String NAME = "kubernaut-config";
  private static final String TIMEOUTS = "timeouts.yaml";
  private static final String SAFETY = "safety.yaml";
  private static final String GATES = "gates.yaml";
  private static final String STORM = "storm.yaml";
  private static final String NOTIFICATIONS = "notifications.yaml";
  private static final String VERIFICATION = VerificationPolicyParser.FILE;
  private static final String ENVIRONMENTS = "environments.yaml";
  private static final String ROUTING = RoutingPolicyParser.FILE;
  /** The most namespaces {@code environments.yaml} may name. */
  static final int MAX_ENVIRONMENT_OVERRIDES = 10_000;
  static final Pattern NAMESPACE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  /** Every data key the operator reads; any other is refused. */
  public static final Set<String> DATA_KEYS = Set.of(TIMEOUTS, SAFETY, GATES, STORM, "retention", NOTIFICATIONS,
      VERIFICATION, ENVIRONMENTS, ROUTING);
  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapPolicySource.class);
  /** A storm window: one positive number and one unit, as the storm detector reads it. */
  private static final Pattern STORM_WINDOW = Pattern.compile("0*[1-9]\\d{0,5}[smh]");

  private final AtomicReference<PipelinePolicy> current = new AtomicReference<>(PipelinePolicy.defaults());
  private final List<java.util.function.BiConsumer<PipelinePolicy, PipelinePolicy>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Whether a ConfigMap has been applied since start: until then an invalid one has no previous policy to keep. */
  private volatile boolean applied;
  private final KubernetesClient client;
  private final String namespace;
  private final NotificationRouting notifications;
  private SharedIndexInformer<ConfigMap> informer;
  /** Records each version's Event off the informer's thread; made on the first Event. */
  private io.kubernaut.k8s.status.KubernetesEvents recorder;

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
        swap(PipelinePolicy.defaults());
        LOG.info("ConfigMap {} was deleted; using the default policy", NAME);
      }
    });
    return this;
  }

  @Override
  public PipelinePolicy current() {
    return current.get();
  }

  @Override
  public void whenChanged(java.util.function.BiConsumer<PipelinePolicy, PipelinePolicy> listener) {
    listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  /** Puts {@code next} in force and, when it differs, tells the listeners (each failure logged and contained). */
  private void swap(PipelinePolicy next) {
    PipelinePolicy previous = current.getAndSet(next);
    if (previous.equals(next)) {
      return;
    }
    for (var listener : listeners) {
      try {
        listener.accept(previous, next);
      } catch (RuntimeException e) {
        LOG.error("A listener of the pipeline policy's changes failed: {}", e.getMessage(), e);
      }
    }
  }

  /** Whether its watch on the API server is up (false before {@link #start()} and while the API server is away). */
  public boolean watching() {
    SharedIndexInformer<ConfigMap> running = informer;
    return running != null && SafetyInformers.watching(running);
  }

  /**
   * What became of a version of the ConfigMap, as the reason of the Event recorded on it: {@code kubectl
   * describe configmap kubernaut-config} tells whether the operator applied what was written, and why not.
   */
  enum PolicyOutcome {
    /** Applied as written. */
    PolicyApplied,
    /** Applied, but a part was refused (the notification routes, whose previous version stays). */
    PolicyAppliedWithWarnings,
    /** Not applied: the previous policy stays, or the kill switch is on when none was applied since start. */
    PolicyRefused
  }

  /** The longest Event message recorded; a refusal quotes the ConfigMap's own text, which may be long. */
  static final int MAX_EVENT_MESSAGE = 1_000;

  void load(ConfigMap cm) {
    record(cm, apply(cm));
  }

  /** What {@link #apply} made of one version: the Event's reason and message, and whether it failed closed. */
  private record Verdict(PolicyOutcome outcome, String message, boolean failedClosed) {}

  private Verdict apply(ConfigMap cm) {
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    try {
      ConfigKeys.requireKnown("ConfigMap " + NAME, "", data, DATA_KEYS);
    } catch (IllegalArgumentException e) {
      return refused(cm, e, " and notification routes", "");
    }
    Optional<String> routesRefused = reloadNotifications(cm);
    boolean routesGiven = notifications != null && data.get(NOTIFICATIONS) != null && !data.get(NOTIFICATIONS).isBlank();
    PipelinePolicy parsed;
    try {
      parsed = parse(data);
    } catch (RuntimeException e) {
      String routes = !routesGiven ? "" : routesRefused.map(why -> " Its notifications.yaml was refused too: " + why)
          .orElse(" Its notifications.yaml was applied: its notification routes are in force.");
      return refused(cm, e, "", routes);
    }
    swap(parsed);
    applied = true;
    LOG.info("Loaded the pipeline policy from ConfigMap {} (resourceVersion {})", NAME, cm.getMetadata().getResourceVersion());
    List<String> warnings = new java.util.ArrayList<>();
    routesRefused.ifPresent(why -> warnings.add("notifications.yaml was not applied, so the previous notification routes "
        + "stay: " + why));
    return new Verdict(warnings.isEmpty() ? PolicyOutcome.PolicyApplied : PolicyOutcome.PolicyAppliedWithWarnings,
        "Kubernaut applied " + version(cm) + (warnings.isEmpty() ? "." : ", with warnings: " + String.join(" ", warnings)),
        false);
  }

  private static String version(ConfigMap cm) {
    return "ConfigMap " + NAME + " (resourceVersion " + cm.getMetadata().getResourceVersion() + ")";
  }

  /**
   * Records the verdict as an Event on the ConfigMap, on a thread of its own (the informer's thread
   * applies the next version, a kill switch perhaps, without waiting for the API server's answer). Its
   * name derives from the version and the verdict, so replicas that load a version to the same verdict
   * record it once, and one that fails closed where another keeps its previous policy (it started
   * after the last valid version) records its own. A failure to record is logged and changes nothing.
   */
  private void record(ConfigMap cm, Verdict verdict) {
    if (client == null || cm.getMetadata() == null || cm.getMetadata().getName() == null) {
      return;
    }
    String message = verdict.message();
    String text = message.length() <= MAX_EVENT_MESSAGE ? message : message.substring(0, MAX_EVENT_MESSAGE - 1) + "…";
    String key = "policy-" + cm.getMetadata().getResourceVersion() + "-" + verdict.outcome().name()
        + (verdict.failedClosed() ? "-closed" : "");
    recorder().emitOnce(cm, key, verdict.outcome() != PolicyOutcome.PolicyApplied, verdict.outcome().name(), text,
        java.time.Instant.now());
  }

  private synchronized io.kubernaut.k8s.status.KubernetesEvents recorder() {
    if (recorder == null) {
      recorder = io.kubernaut.k8s.status.KubernetesEvents.queued(client, "kubernaut-config-events");
    }
    return recorder;
  }

  /**
   * An invalid ConfigMap is not applied. After a valid one, the policy applied last stays (the
   * operator's last known intent). Before any since start, there is none to keep: the operator does
   * not fall back to the permissive defaults (an invalid ConfigMap that turned the kill switch on, or
   * protected one more namespace, would be silently off) but fails closed, with the kill switch on,
   * until a valid ConfigMap is applied.
   */
  private Verdict refused(ConfigMap cm, RuntimeException e, String alsoKept, String routes) {
    if (applied) {
      String kept = "the previous policy" + (alsoKept.isEmpty() ? " stays" : alsoKept + " stay");
      LOG.warn("ConfigMap {} is invalid and was not applied; {}: {}", NAME, kept, e.getMessage());
      return new Verdict(PolicyOutcome.PolicyRefused, "Kubernaut did not apply " + version(cm) + ", so " + kept + ": "
          + e.getMessage() + routes, false);
    }
    swap(failClosed());
    LOG.error("ConfigMap {} is invalid and no valid policy has been applied since start: the kill switch is on, so "
        + "nothing is changed in the cluster, until the ConfigMap is fixed: {}", NAME, e.getMessage());
    return new Verdict(PolicyOutcome.PolicyRefused, "Kubernaut did not apply " + version(cm) + " and has applied no "
        + "valid policy since it started, so the kill switch is on and nothing is changed in the cluster until the "
        + "ConfigMap is fixed: " + e.getMessage() + routes, true);
  }

  /** The defaults with the kill switch on: what runs while the only ConfigMap seen since start is invalid. */
  static PipelinePolicy failClosed() {
    PipelinePolicy d = PipelinePolicy.defaults();
    return new PipelinePolicy(d.timeouts(), d.retention(), d.dryRun(), true, d.gates(), d.safety(), d.stormThresholds(),
        d.verification(), d.environments(), d.routing());
  }

  /**
   * The route tree in {@code notifications.yaml}, when present, replaces the one in force; an invalid one is refused.
   * Returns why it was refused, or empty.
   */
  private Optional<String> reloadNotifications(ConfigMap cm) {
    String yaml = cm.getData() == null ? null : cm.getData().get(NOTIFICATIONS);
    if (notifications == null || yaml == null || yaml.isBlank()) {
      return Optional.empty();
    }
    try {
      notifications.reload(yaml);
      LOG.info("Loaded notification routes from ConfigMap {}: receivers {}", NAME, notifications.receivers());
      return Optional.empty();
    } catch (RuntimeException e) {
      LOG.warn("notifications.yaml in ConfigMap {} is invalid and was not applied; the previous routes stay: {}",
          NAME, e.getMessage());
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  /**
   * Parses the data keys {@code timeouts.yaml}, {@code safety.yaml}, {@code gates.yaml},
   * {@code storm.yaml}, {@code verification.yaml}, {@code environments.yaml}, {@code routing.yaml} and
   * {@code retention}. A data key or a YAML key that no parser reads is
   * refused with an {@link IllegalArgumentException} naming it and its file.
   */
  public static PipelinePolicy parse(Map<String, String> data) {
    ConfigKeys.requireKnown("ConfigMap " + NAME, "", data, DATA_KEYS);
    PipelinePolicy defaults = PipelinePolicy.defaults();
    TimeoutSettings timeouts = data.containsKey(TIMEOUTS) ? timeouts(yaml(TIMEOUTS, data)) : defaults.timeouts();
    boolean dryRun = false;
    boolean killSwitch = false;
    SafetyPolicy safety = SafetyPolicy.standard();
    if (data.containsKey(SAFETY)) {
      Map<String, Object> s = yaml(SAFETY, data);
      dryRun = ConfigKeys.flag(SAFETY, "", s, "dryRun", false);
      killSwitch = ConfigKeys.flag(SAFETY, "", s, "killSwitch", false);
      safety = SafetyPolicyParser.parse(s);
    }
    Duration retention = data.containsKey("retention") ? duration(data.get("retention").trim()) : defaults.retention();
    return new PipelinePolicy(timeouts, retention, dryRun, killSwitch, gates(data.get(GATES)), safety,
        stormThresholds(data.get(STORM)), VerificationPolicyParser.parse(yaml(VERIFICATION, data)),
        environments(yaml(ENVIRONMENTS, data)), RoutingPolicyParser.parse(yaml(ROUTING, data)));
  }

  /**
   * {@code environments.yaml}: {@code namespaces}, a map of namespace name to {@code production},
   * {@code staging}, {@code development} or {@code unknown}, for namespaces that carry no environment
   * label (a label still decides first, then this, then the name patterns). A name that is no
   * namespace name, any other value, or more than {@value #MAX_ENVIRONMENT_OVERRIDES} names is refused.
   */
  static Map<String, Environment> environments(Map<String, Object> e) {
    ConfigKeys.requireKnown(ENVIRONMENTS, "", e, List.of("namespaces"));
    Map<String, Object> namespaces = ConfigKeys.section(ENVIRONMENTS, "namespaces", e.get("namespaces"));
    if (namespaces.size() > MAX_ENVIRONMENT_OVERRIDES) {
      throw new IllegalArgumentException("'namespaces' in " + ENVIRONMENTS + " names " + namespaces.size()
          + " namespaces; at most " + MAX_ENVIRONMENT_OVERRIDES + " are read.");
    }
    Map<String, Environment> overrides = new HashMap<>();
    namespaces.forEach((namespace, value) -> {
      if (!NAMESPACE_NAME.matcher(namespace).matches()) {
        throw new IllegalArgumentException("'namespaces." + namespace + "' in " + ENVIRONMENTS
            + " is not a namespace name (lower-case letters, digits and '-', at most 63).");
      }
      String text = value instanceof String t ? t.trim() : "";
      Environment environment = Environment.fromWireName(text);
      if (environment == Environment.UNKNOWN && !text.equalsIgnoreCase(Environment.UNKNOWN.wireName())) {
        throw new IllegalArgumentException("'namespaces." + namespace + "' in " + ENVIRONMENTS
            + " must be production, staging, development or unknown, got \"" + value + "\".");
      }
      overrides.put(namespace, environment);
    });
    return overrides;
  }

  /** A YAML data key as a map; blank is empty. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String key, Map<String, String> data) {
    String text = data.get(key);
    Map<String, Object> map = text == null || text.isBlank() ? null : Serialization.unmarshal(text, Map.class);
    return map == null ? Map.of() : map;
  }

  /** {@code timeouts.yaml}: {@code overall}, {@code phases}, {@code byEnvironment} and {@code bySeverity}. */
  private static TimeoutSettings timeouts(Map<String, Object> t) {
    ConfigKeys.requireKnown(TIMEOUTS, "", t, List.of("overall", "phases", "byEnvironment", "bySeverity"));
    Set<String> keys = TimeoutSettings.standard().defaults().keySet();
    Set<String> phases = new TreeSet<>(keys);
    phases.remove(TimeoutSettings.OVERALL);
    Map<String, Duration> base = new HashMap<>(TimeoutSettings.standard().defaults());
    if (t.get("overall") != null) {
      base.put(TimeoutSettings.OVERALL, duration(t.get("overall")));
    }
    base.putAll(durations(TIMEOUTS, "phases", t.get("phases"), phases));
    return new TimeoutSettings(base,
        nested("byEnvironment", t.get("byEnvironment"), wireNames(Environment.values(), Environment::wireName), keys),
        nested("bySeverity", t.get("bySeverity"), wireNames(Severity.values(), Severity::wireName), keys));
  }

  private static <E> Set<String> wireNames(E[] values, Function<E, String> wireName) {
    return Arrays.stream(values).map(wireName).collect(Collectors.toCollection(TreeSet::new));
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
    if (storm == null) {
      return null;
    }
    if (storm.containsKey("topology")) {
      throw new IllegalArgumentException("Unknown key 'topology' in " + STORM + ": topology storms are set by "
          + "KUBERNAUT_TOPOLOGY_STORM (storms.topology in the chart), not here.");
    }
    ConfigKeys.requireKnown(STORM, "", storm, wireNames(Environment.values(), Environment::wireName));
    java.util.List<String> rules = new java.util.ArrayList<>();
    for (var e : new java.util.TreeMap<>(storm).entrySet()) {
      Map<String, Object> rule = ConfigKeys.section(STORM, e.getKey(), e.getValue());
      ConfigKeys.requireKnown(STORM, e.getKey() + ".", rule, List.of("duplicates", "windowCount", "window"));
      Object duplicates = rule.get("duplicates");
      Object windowCount = rule.get("windowCount");
      Object window = rule.get("window");
      if (duplicates == null || windowCount == null || window == null) {
        throw new IllegalArgumentException("storm.yaml " + e.getKey() + " needs duplicates, windowCount and window");
      }
      // What the storm detector accepts (StormPolicy), checked here so an invalid value refuses the
      // ConfigMap instead of failing every duplicate delivery later.
      long count = whole(e.getKey() + ".duplicates", duplicates, 1, Long.MAX_VALUE);
      long rate = whole(e.getKey() + ".windowCount", windowCount, 1, RemediationSummary.RECENT_DUPLICATES);
      String span = String.valueOf(window).trim();
      if (!STORM_WINDOW.matcher(span).matches()) {
        throw new IllegalArgumentException("'" + e.getKey() + ".window' in " + STORM + " must be one number (at most "
            + "six digits) and one unit of s, m or h, such as 30s, 5m or 2h, got \"" + window + "\".");
      }
      rules.add(e.getKey() + "=" + count + "/" + rate + "/" + span);
    }
    return rules.isEmpty() ? null : String.join(",", rules);
  }

  /** A whole number from {@code min} to {@code max} at {@code path} of {@code storm.yaml}. */
  private static long whole(String path, Object value, long min, long max) {
    String text = String.valueOf(value).trim();
    long parsed;
    try {
      parsed = Long.parseLong(text);
    } catch (NumberFormatException ex) {
      parsed = min - 1;
    }
    if (parsed < min || parsed > max) {
      throw new IllegalArgumentException("'" + path + "' in " + STORM + " must be a whole number from " + min
          + (max == Long.MAX_VALUE ? " up" : " to " + max) + ", got \"" + value + "\".");
    }
    return parsed;
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
    ConfigKeys.requireKnown(GATES, "", g, List.of("minConfidence", "productionApprovalConfidence", "autoApproveNodeActions"));
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

  /** A finite number ({@link ConfigKeys#finite}: NaN passes every range check), refused as gates.yaml says it. */
  private static double number(Map<String, Object> map, String key, double fallback) {
    try {
      return ConfigKeys.finite(GATES, "", map, key, fallback);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("gates.yaml " + key + " must be a number between 0 and 1, got \""
          + map.get(key) + "\"", e);
    }
  }

  /** A table of duration overrides per selector (environment or severity) in {@code timeouts.yaml}. */
  private static Map<String, Map<String, Duration>> nested(String path, Object value, Set<String> selectors,
      Set<String> keys) {
    Map<String, Object> table = ConfigKeys.section(TIMEOUTS, path, value);
    ConfigKeys.requireKnown(TIMEOUTS, path + ".", table, selectors);
    Map<String, Map<String, Duration>> result = new HashMap<>();
    table.forEach((selector, values) -> result.put(selector,
        durations(TIMEOUTS, path + "." + selector, values, keys)));
    return result;
  }

  private static Map<String, Duration> durations(String file, String path, Object value, Set<String> keys) {
    Map<String, Object> values = ConfigKeys.section(file, path, value);
    ConfigKeys.requireKnown(file, path + ".", values, keys);
    Map<String, Duration> result = new HashMap<>();
    values.forEach((k, v) -> result.put(k, duration(v)));
    return result;
  }

  /** A Go-style duration such as {@code 90s}, {@code 5m} or {@code 1h30m}. */
  public static Duration parseDuration(String value) {
    return duration(value);
  }

  /** The longest duration taken ({@link io.kubernaut.ports.signal.GoDurations#MAX}). */
  static final Duration MAX_DURATION = io.kubernaut.ports.signal.GoDurations.MAX;

  /** Go-style durations: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 24h}, {@code 2d}; at most {@link #MAX_DURATION}. */
  static Duration duration(Object value) {
    return io.kubernaut.ports.signal.GoDurations.parse(value);
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    synchronized (this) {
      if (recorder != null) {
        recorder.close(); // sends the Events waiting, for 2 s at most
      }
    }
  }
}
