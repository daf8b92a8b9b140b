package io.kubernaut.app;

import io.kubernaut.core.storm.StormPolicy;
import io.kubernaut.http.verification.VerificationSettings;
import io.kubernaut.http.verification.VerificationSettings.Endpoint;
import io.kubernaut.core.storm.TopologyStormWindow;
import io.kubernaut.plugin.host.JarPins;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.kubernaut.k8s.Shard;
import java.util.Optional;
import java.util.Set;

/** The operator's typed configuration, read from environment variables. Each setting is declared once here. */
public final class OperatorConfig {

  public static final Setting MODE = Setting.of("KUBERNAUT_MODE", "auto",
      "`cluster` (in-cluster or kubeconfig), `embedded`, or `auto`: embedded when no cluster is configured.");
  public static final Setting HTTP_PORT = Setting.of("KUBERNAUT_HTTP_PORT", "8080",
      "Port of the gateway, REST API, health and metrics.");
  public static final Setting DATA_DIR = Setting.of("KUBERNAUT_DATA_DIR", "./.kubernaut",
      "Embedded mode: database files, the generated `kubeconfig`, `api-token`, `ingest-token`, `plugins/`.");
  public static final Setting NAMESPACE = Setting.of("KUBERNAUT_NAMESPACE", "kubernaut-system",
      "Where the custom resources and `kubernaut-config` live.");
  public static final Setting API_TOKEN = Setting.secret("KUBERNAUT_API_TOKEN",
      "Static admin token: allowed every `/api/**` route, recorded as `admin-token` on approvals. Embedded mode with "
          + "none set generates one into `$KUBERNAUT_DATA_DIR/api-token`. Cluster mode with neither static token set "
          + "uses TokenReview and SubjectAccessReview ([api.md](api.md#authentication-and-authorization)).");
  public static final Setting INGEST_TOKEN = Setting.secret("KUBERNAUT_INGEST_TOKEN",
      "Static ingest token: allowed the signal routes only (Alertmanager's credential). Embedded mode with none set "
          + "generates one into `$KUBERNAUT_DATA_DIR/ingest-token`.");
  public static final Setting TOKEN_AUDIENCE = Setting.of("KUBERNAUT_TOKEN_AUDIENCE", "kubernaut",
      "TokenReview mode: the audience a bearer token must be issued for (a projected ServiceAccount token's "
          + "`audience`); tokens for other audiences, such as a pod's default token, answer `401`.");
  public static final Setting PLUGINS_DIR = Setting.of("KUBERNAUT_PLUGINS_DIR", "",
      "Third-party action jars, one sub-directory per plugin. Default `$KUBERNAUT_DATA_DIR/plugins` "
          + "(`/opt/kubernaut/plugins` in the image).");
  public static final Setting PLUGIN_CONCURRENCY = Setting.of("KUBERNAUT_PLUGIN_CONCURRENCY", "8",
      "Calls of one plugin that run at once: each plugin directory, and the built-ins together, get a pool of this "
          + "many threads, so a plugin whose calls hang cannot starve the others.");
  public static final Setting PLUGIN_LOAD_TIMEOUT_SECONDS = Setting.of("KUBERNAUT_PLUGIN_LOAD_TIMEOUT_SECONDS", "10",
      "Longest a plugin action's constructor and its `descriptor()` may take at start; a plugin that hangs or throws "
          + "there is skipped with a WARN naming it, the others load.");
  public static final Setting PLUGIN_SHA256 = Setting.of("KUBERNAUT_PLUGIN_SHA256", "",
      "Optional SHA-256 pins of plugin jars, `<plugin>/<jar>=<64 hex digits>` separated by commas; a plugin with a "
          + "pin loads only if every jar in its directory is pinned and matches, else it is refused with an ERROR.");
  public static final Setting DB_URL = Setting.of("KUBERNAUT_DB_URL", "",
      "JDBC URL of an external PostgreSQL; embedded PostgreSQL when unset in embedded mode.");
  public static final Setting DB_USER = Setting.of("KUBERNAUT_DB_USER", "kubernaut", "User for the external PostgreSQL.");
  public static final Setting DB_PASSWORD = Setting.secret("KUBERNAUT_DB_PASSWORD", "Password for the external PostgreSQL.");
  public static final Setting AUDIT_KEY = Setting.secret("KUBERNAUT_AUDIT_KEY",
      "HMAC-SHA256 key (at least 32 bytes) chaining each audit record to the previous one of its remediation; "
          + "every replica needs the same. Embedded mode with none set generates one into `$KUBERNAUT_DATA_DIR/audit-key`; "
          + "cluster mode with none set writes records unchained.");
  public static final Setting AUDIT_KEYS_RETIRED = Setting.secret("KUBERNAUT_AUDIT_KEYS_RETIRED",
      "Audit keys retired by a rotation, one per line (each at least 32 bytes): audit records, chain heads and sealed "
          + "results written under them still verify; nothing is written with them. Needs a current key "
          + "(`KUBERNAUT_AUDIT_KEY`, or embedded mode's generated one).");
  public static final Setting INVESTIGATORS = Setting.of("KUBERNAUT_INVESTIGATORS", "rules",
      "Ordered investigator chain, e.g. `holmesgpt,llm,rules`.");
  public static final Setting INVESTIGATION_CONCURRENCY = Setting.of("KUBERNAUT_INVESTIGATION_CONCURRENCY",
      String.valueOf(io.kubernaut.k8s.KubernetesSettings.INVESTIGATION_CONCURRENCY),
      "Investigations that call out (HolmesGPT, an LLM) made at once, on threads of their own; the rest wait in the "
          + "order they came. Lower it for an endpoint that limits its rate, raise it for one that answers many at once.");
  public static final Setting MAX_REMEDIATIONS_IN_FLIGHT = Setting.of("KUBERNAUT_MAX_REMEDIATIONS_IN_FLIGHT",
      String.valueOf(io.kubernaut.k8s.KubernetesSettings.REMEDIATIONS_IN_FLIGHT),
      "Remediations of a shard that work at once (processing, analysing, executing steps); `0` for no limit. The rest "
          + "wait in Pending (reason `Queued`), oldest first, and start as places free; awaiting approval and "
          + "monitoring hold no place. A remediation that waits longer than the processing timeout ends TimedOut.");
  public static final Setting LLM_URL = Setting.of("KUBERNAUT_LLM_URL", "",
      "OpenAI-compatible endpoint, e.g. `http://host:11434/v1`.");
  public static final Setting LLM_MODEL = Setting.of("KUBERNAUT_LLM_MODEL", "", "Model name for the LLM investigator.");
  public static final Setting LLM_API_KEY = Setting.secret("KUBERNAUT_LLM_API_KEY", "API key for the LLM endpoint.");
  public static final Setting HOLMESGPT_URL = Setting.of("KUBERNAUT_HOLMESGPT_URL", "", "HolmesGPT-API base URL.");
  public static final Setting MAX_BODY_BYTES = Setting.of("KUBERNAUT_MAX_BODY_BYTES", "262144",
      "Largest request body accepted by the gateway (256 KiB); larger ones get 413.");
  public static final Setting API_MAX_CONCURRENT_ANALYSES = Setting.of("KUBERNAUT_API_MAX_CONCURRENT_ANALYSES",
      String.valueOf(io.kubernaut.http.api.HttpSettings.DEFAULT_CONCURRENT_ANALYSES),
      "Requests to `/api/v1/investigate`, `/recovery/analyze` and `/postexec/analyze` that run the investigator chain at "
          + "once; each holds an HTTP thread while HolmesGPT or the LLM answers. Beyond it a caller gets 503 with "
          + "Retry-After and nothing is called. The controllers' own investigations are not counted.");
  public static final Setting MAX_CONCURRENT_INTAKE = Setting.of("KUBERNAUT_MAX_CONCURRENT_INTAKE", "256",
      "Signal requests processed at once before the gateway answers 503 with Retry-After.");
  public static final Setting LEADER_ELECTION = Setting.of("KUBERNAUT_LEADER_ELECTION", "true",
      "Reconcile only while holding the `kubernaut-leader` Lease (`kubernaut-leader-shard-<i>` with `KUBERNAUT_SHARD` "
          + "set to `i/n`, n > 1), so that 2 replicas can run.");
  public static final Setting POD_NAME = Setting.of("KUBERNAUT_POD_NAME", "",
      "This replica's identity for leader election; defaults to the host name and the process id.");
  public static final Setting SHARD = Setting.of("KUBERNAUT_SHARD", "",
      "`i/n`: reconcile only shard `i` of `n` (0 <= i < n <= 64), the remediations whose target namespace hashes to `i`, "
          + "holding the Lease `kubernaut-leader-shard-<i>`; every replica's gateway accepts alerts for all shards. "
          + "Unset reconciles every remediation.");
  public static final Setting HMAC_SECRET = Setting.secret("KUBERNAUT_HMAC_SECRET",
      "When set, signal requests must carry `X-Kubernaut-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`; "
          + "timestamps more than 5 minutes away are refused as replays (401).");
  public static final Setting STORM_THRESHOLDS = Setting.of("KUBERNAUT_STORM_THRESHOLDS", StormPolicy.DEFAULTS,
      "Alert-storm escalation per environment as `env=count/rateCount/window`; unknown environments use staging's.");
  public static final Setting TOPOLOGY_STORM = Setting.of("KUBERNAUT_TOPOLOGY_STORM", "5/2m",
      "Fold into one storm AlertRemediation when more than N resources fire one alertname within the window "
          + "(`N/window`); `off` disables.");

  public static final Setting ACTION_IMPERSONATION = Setting.of("KUBERNAUT_ACTION_IMPERSONATION", "false",
      "Least privilege: run (and access-review) each action as ServiceAccount `kubernaut-action-<name>` "
          + "(`_` becomes `-`) in the operator's namespace.");
  public static final Setting MANAGED_NAMESPACES = Setting.of("KUBERNAUT_MANAGED_NAMESPACES", "",
      "Label selector (key=value, key!=value, key, !key; comma-separated) of the namespaces Kubernaut may change; alerts elsewhere are analysed and end recommend-only. * manages every namespace. Unset: kubernaut.io/managed=true in cluster mode, every namespace in embedded mode.");

  public static final Setting ENABLED_PLUGINS = Setting.of("KUBERNAUT_ENABLED_PLUGINS", "",
      "Comma-separated plugin directories under the plugins directory that load; unset loads every one, `none` none.");
  public static final Setting ENABLED_ACTIONS = Setting.of("KUBERNAUT_ENABLED_ACTIONS", "",
      "Comma-separated actions in the catalog; unset enables every loaded action, `none` none. A disabled action is "
          + "absent from `GET /api/v1/actions`, refused by validation as not in the catalog, and logged once at start.");
  public static final Setting EXPORTED_NAMESPACE_JOBS = Setting.of("KUBERNAUT_EXPORTED_NAMESPACE_JOBS",
      "kube-state-metrics",
      "Comma-separated scrape jobs (the alert's `job` label) whose `exported_namespace` label names the target's "
          + "namespace; for any other job the `namespace` label wins. `none` trusts no job.");
  public static final Setting IGNORED_ALERTS = Setting.of("KUBERNAUT_IGNORED_ALERTS", "Watchdog,InfoInhibitor",
      "Comma-separated alert names (exact) that need no remediation; the gateway answers them 200 with result "
          + "`ignored` and creates nothing. `none` ignores none by name.");
  public static final Setting LATE_FIRING_WINDOW_SECONDS = Setting.of("KUBERNAUT_LATE_FIRING_WINDOW_SECONDS",
      String.valueOf(io.kubernaut.ports.remediation.ResolvedAlerts.DEFAULT_LATE_FIRING_WINDOW.toSeconds()),
      "How long after an alert's resolution a firing notification of the same episode (same fingerprint, "
          + "`startsAt` no later) is taken as late and answered 200 `ignored` (reason `ResolvedEpisode`), 0 to 86400; "
          + "0 takes none as late.");

  public static final Setting NOTIFY_CONFIG = Setting.of("KUBERNAUT_NOTIFY_CONFIG", "",
      "Path of a notification routing YAML, read at start; unset sends every notification to the log.");

  public static final Setting PROMETHEUS_URL = Setting.of("KUBERNAUT_PROMETHEUS_URL", "",
      "Base URL of the Prometheus HTTP API that verification queries (`GET /api/v1/query`), e.g. "
          + "`http://prometheus-operated.monitoring:9090`; a path prefix is kept. Unset: metric checks answer "
          + "unreachable and remediations are judged as without it.");
  public static final Setting PROMETHEUS_TOKEN = Setting.secret("KUBERNAUT_PROMETHEUS_TOKEN",
      "Bearer token sent to Prometheus.");
  public static final Setting PROMETHEUS_TOKEN_FILE = Setting.of("KUBERNAUT_PROMETHEUS_TOKEN_FILE", "",
      "File holding the bearer token for Prometheus, read on every request (a rotated ServiceAccount token is "
          + "picked up); not together with `KUBERNAUT_PROMETHEUS_TOKEN`.");
  public static final Setting PROMETHEUS_USERNAME = Setting.of("KUBERNAUT_PROMETHEUS_USERNAME", "",
      "Basic-auth user for Prometheus, with `KUBERNAUT_PROMETHEUS_PASSWORD`; not together with a token.");
  public static final Setting PROMETHEUS_PASSWORD = Setting.secret("KUBERNAUT_PROMETHEUS_PASSWORD",
      "Basic-auth password for Prometheus.");
  public static final Setting ALERTMANAGER_URL = Setting.of("KUBERNAUT_ALERTMANAGER_URL", "",
      "Base URL of the Alertmanager API v2, e.g. `http://alertmanager-operated.monitoring:9093`: whether an alert is "
          + "still active (`GET /api/v2/alerts`) and the silences. Unset: alert states are unknown and silences off.");
  public static final Setting ALERTMANAGER_TOKEN = Setting.secret("KUBERNAUT_ALERTMANAGER_TOKEN",
      "Bearer token sent to Alertmanager.");
  public static final Setting ALERTMANAGER_TOKEN_FILE = Setting.of("KUBERNAUT_ALERTMANAGER_TOKEN_FILE", "",
      "File holding the bearer token for Alertmanager, read on every request; not together with "
          + "`KUBERNAUT_ALERTMANAGER_TOKEN`.");
  public static final Setting ALERTMANAGER_USERNAME = Setting.of("KUBERNAUT_ALERTMANAGER_USERNAME", "",
      "Basic-auth user for Alertmanager, with `KUBERNAUT_ALERTMANAGER_PASSWORD`; not together with a token.");
  public static final Setting ALERTMANAGER_PASSWORD = Setting.secret("KUBERNAUT_ALERTMANAGER_PASSWORD",
      "Basic-auth password for Alertmanager.");
  public static final Setting MONITORING_TIMEOUT_SECONDS = Setting.of("KUBERNAUT_MONITORING_TIMEOUT_SECONDS", "5",
      "Longest one request to Prometheus or Alertmanager may take, connection included; a slower one counts as "
          + "unreachable. After 5 such failures in a row (or 429/5xx answers) that API is not called for "
          + "`KUBERNAUT_MONITORING_BREAKER_SECONDS`.");
  public static final Setting MONITORING_BREAKER_SECONDS = Setting.of("KUBERNAUT_MONITORING_BREAKER_SECONDS", "30",
      "How long Prometheus or Alertmanager is not called after 5 failures in a row (its circuit breaker is open); "
          + "then one trial call is let through.");
  public static final Setting SILENCES = Setting.of("KUBERNAUT_SILENCES", "false",
      "`true`: while a remediation acts, silence its alert in Alertmanager (exact matchers, `createdBy: kubernaut`, "
          + "the AlertRemediation's name in the comment) and expire the silence when verification ends. Needs "
          + "`KUBERNAUT_ALERTMANAGER_URL`; the operator refuses to start without it.");

  /** Every setting, in the order of the table in docs/configuration.md. */
  public static final List<Setting> SETTINGS = List.of(MODE, HTTP_PORT, DATA_DIR, NAMESPACE, API_TOKEN, INGEST_TOKEN,
      TOKEN_AUDIENCE, PLUGINS_DIR,
      PLUGIN_CONCURRENCY, PLUGIN_LOAD_TIMEOUT_SECONDS, PLUGIN_SHA256, DB_URL, DB_USER, DB_PASSWORD, AUDIT_KEY, AUDIT_KEYS_RETIRED,
      INVESTIGATORS, INVESTIGATION_CONCURRENCY, MAX_REMEDIATIONS_IN_FLIGHT, LLM_URL, LLM_MODEL, LLM_API_KEY, HOLMESGPT_URL, MAX_BODY_BYTES,
      MAX_CONCURRENT_INTAKE, API_MAX_CONCURRENT_ANALYSES, LEADER_ELECTION, POD_NAME, SHARD, NOTIFY_CONFIG, HMAC_SECRET, STORM_THRESHOLDS, TOPOLOGY_STORM,
      ACTION_IMPERSONATION, MANAGED_NAMESPACES, ENABLED_PLUGINS, ENABLED_ACTIONS, EXPORTED_NAMESPACE_JOBS,
      IGNORED_ALERTS, LATE_FIRING_WINDOW_SECONDS, PROMETHEUS_URL, PROMETHEUS_TOKEN, PROMETHEUS_TOKEN_FILE, PROMETHEUS_USERNAME, PROMETHEUS_PASSWORD,
      ALERTMANAGER_URL, ALERTMANAGER_TOKEN, ALERTMANAGER_TOKEN_FILE, ALERTMANAGER_USERNAME, ALERTMANAGER_PASSWORD,
      MONITORING_TIMEOUT_SECONDS, MONITORING_BREAKER_SECONDS, SILENCES);

  /** How the operator reaches Kubernetes. */
  public enum Mode { AUTO, CLUSTER, EMBEDDED }

  private final Map<String, String> values;

  private OperatorConfig(Map<String, String> values) {
    this.values = values;
  }

  /** Reads every setting from {@code env}, applying defaults; rejects unknown modes and bad numbers. */
  public static OperatorConfig from(Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    for (Setting s : SETTINGS) {
      String v = env.get(s.name());
      values.put(s.name(), v == null || v.isBlank() ? s.defaultValue() : v.trim());
    }
    OperatorConfig config = new OperatorConfig(values);
    config.mode();
    config.httpPort();
    config.maxBodyBytes();
    config.maxConcurrentIntake();
    config.apiMaxConcurrentAnalyses();
    config.stormPolicy();
    config.topologyStorm();
    config.pluginConcurrency();
    config.investigationConcurrency();
    config.maxRemediationsInFlight();
    config.lateFiringWindow();
    config.shard();
    config.pluginLoadTimeout();
    config.pluginPins();
    config.verificationSettings();
    return config;
  }

  private String get(Setting s) {
    return values.get(s.name());
  }

  /**
   * A switch: true or false (any case); anything else is refused, naming the variable. Read as
   * {@code Boolean.parseBoolean}, a {@code yes} or {@code 1} was false: leader election or action
   * impersonation meant on was silently off.
   */
  private boolean flag(Setting s) {
    String v = get(s).trim().toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(s.name() + " must be true or false, got \"" + get(s) + "\".");
    }
    return v.equals("true");
  }

  private Optional<String> optional(Setting s) {
    return Optional.of(get(s)).filter(v -> !v.isBlank());
  }

  private int integer(Setting s, int min, int max) {
    try {
      int v = Integer.parseInt(get(s));
      if (v < min || v > max) {
        throw new IllegalArgumentException(s.name() + " must be between " + min + " and " + max + ", got " + v + ".");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(s.name() + " must be a whole number, got \"" + get(s) + "\".", e);
    }
  }

  public Mode mode() {
    try {
      return Mode.valueOf(get(MODE).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(MODE.name() + " must be auto, cluster or embedded, got \"" + get(MODE) + "\".", e);
    }
  }

  public int httpPort() { return integer(HTTP_PORT, 0, 65535); }
  public Path dataDir() { return Path.of(get(DATA_DIR)).toAbsolutePath().normalize(); }
  public String namespace() { return get(NAMESPACE); }
  public Optional<String> apiToken() { return optional(API_TOKEN); }
  public Optional<String> ingestToken() { return optional(INGEST_TOKEN); }
  public String tokenAudience() { return get(TOKEN_AUDIENCE); }
  public Path pluginsDir() { return optional(PLUGINS_DIR).map(Path::of).orElse(dataDir().resolve("plugins")); }
  public int pluginConcurrency() { return integer(PLUGIN_CONCURRENCY, 1, 256); }
  public int investigationConcurrency() { return integer(INVESTIGATION_CONCURRENCY, 1, 256); }

  public int maxRemediationsInFlight() { return integer(MAX_REMEDIATIONS_IN_FLIGHT, 0, 100_000); }
  public Duration pluginLoadTimeout() { return Duration.ofSeconds(integer(PLUGIN_LOAD_TIMEOUT_SECONDS, 1, 3600)); }

  /** The plugin jar pins; a malformed entry names the variable and the expected form. */
  public JarPins pluginPins() {
    try {
      return JarPins.parse(get(PLUGIN_SHA256));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PLUGIN_SHA256.name() + ": " + e.getMessage(), e);
    }
  }

  public Optional<String> dbUrl() { return optional(DB_URL); }
  public Optional<String> auditKey() { return optional(AUDIT_KEY); }
  /** The retired audit keys' texts, one per non-blank line. */
  public List<String> retiredAuditKeys() {
    return get(AUDIT_KEYS_RETIRED).lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
  public String dbUser() { return get(DB_USER); }
  public String dbPassword() { return get(DB_PASSWORD); }
  public List<String> investigators() { return List.of(get(INVESTIGATORS).split("\\s*,\\s*")); }
  public Optional<String> llmUrl() { return optional(LLM_URL); }
  public Optional<String> llmModel() { return optional(LLM_MODEL); }
  public Optional<String> llmApiKey() { return optional(LLM_API_KEY); }
  public Optional<String> holmesGptUrl() { return optional(HOLMESGPT_URL); }
  public int maxBodyBytes() { return integer(MAX_BODY_BYTES, 1024, 64 * 1024 * 1024); }
  public int maxConcurrentIntake() { return integer(MAX_CONCURRENT_INTAKE, 1, 100_000); }
  public int apiMaxConcurrentAnalyses() { return integer(API_MAX_CONCURRENT_ANALYSES, 1, 1_000); }
  public boolean leaderElection() { return flag(LEADER_ELECTION); }
  public Optional<String> podName() { return optional(POD_NAME); }

  /** The remediations this replica reconciles ({@code KUBERNAUT_SHARD}); all when unset. */
  public Shard shard() {
    try {
      return Shard.parse(get(SHARD));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SHARD.name() + ": " + e.getMessage(), e);
    }
  }
  public Optional<Path> notifyConfig() { return optional(NOTIFY_CONFIG).map(Path::of); }
  public boolean actionImpersonation() { return flag(ACTION_IMPERSONATION); }

  /** The managed-namespace selector in effect: as set, else the opt-in label in cluster mode and everything embedded. */
  public String managedNamespaces(boolean embedded) {
    String set = get(MANAGED_NAMESPACES);
    return !set.isBlank() ? set.trim() : embedded ? "" : "kubernaut.io/managed=true";
  }

  /** The enabled plugin directories, or empty for all. */
  public Optional<Set<String>> enabledPlugins() { return optional(ENABLED_PLUGINS).map(OperatorConfig::names); }
  /** The enabled actions, or empty for all. */
  public Optional<Set<String>> enabledActions() { return optional(ENABLED_ACTIONS).map(OperatorConfig::names); }
  /** The scrape jobs whose {@code exported_namespace} is trusted. */
  public Set<String> exportedNamespaceJobs() { return names(get(EXPORTED_NAMESPACE_JOBS)); }
  /** The alert names the gateway answers as ignored. */
  public Set<String> ignoredAlerts() { return names(get(IGNORED_ALERTS)); }
  /** How long after an alert episode's resolution a firing of it is late, no news; zero takes none as late. */
  public Duration lateFiringWindow() {
    return Duration.ofSeconds(integer(LATE_FIRING_WINDOW_SECONDS, 0,
        (int) io.kubernaut.ports.remediation.ResolvedAlerts.MAX_LATE_FIRING_WINDOW.toSeconds()));
  }
  /** The longest a single plugin call may take; each step's own deadline usually ends it sooner. */
  public Duration actionCallTimeout() { return Duration.ofMinutes(10); }
  public Duration drainTimeout() { return Duration.ofSeconds(5); }
  public Optional<String> hmacSecret() { return optional(HMAC_SECRET); }

  /**
   * Where Prometheus and Alertmanager are and how to authenticate; refuses half-set credentials, two
   * credentials at once, a URL that is not http(s), and silences without an Alertmanager, naming the variable.
   */
  public VerificationSettings verificationSettings() {
    boolean silences = flag(SILENCES);
    Optional<Endpoint> alertmanager = endpoint(ALERTMANAGER_URL, ALERTMANAGER_TOKEN, ALERTMANAGER_TOKEN_FILE,
        ALERTMANAGER_USERNAME, ALERTMANAGER_PASSWORD);
    if (silences && alertmanager.isEmpty()) {
      throw new IllegalArgumentException(SILENCES.name() + "=true needs " + ALERTMANAGER_URL.name() + ": silences "
          + "are created in Alertmanager. Set the URL, or set " + SILENCES.name() + "=false.");
    }
    return new VerificationSettings(endpoint(PROMETHEUS_URL, PROMETHEUS_TOKEN, PROMETHEUS_TOKEN_FILE,
        PROMETHEUS_USERNAME, PROMETHEUS_PASSWORD), alertmanager, silences,
        Duration.ofSeconds(integer(MONITORING_TIMEOUT_SECONDS, 1, 300)),
        new VerificationSettings.Breaker(VerificationSettings.Breaker.DEFAULT.failures(),
            Duration.ofSeconds(integer(MONITORING_BREAKER_SECONDS, 1, 3600))));
  }

  private Optional<Endpoint> endpoint(Setting url, Setting token, Setting tokenFile, Setting username,
      Setting password) {
    if (optional(url).isEmpty()) {
      for (Setting credential : List.of(token, tokenFile, username, password)) {
        if (optional(credential).isPresent()) {
          throw new IllegalArgumentException(credential.name() + " is set but " + url.name() + " is not.");
        }
      }
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(get(url));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(url.name() + " is not a URL: " + e.getReason() + ".", e);
    }
    try {
      return Optional.of(new Endpoint(uri, optional(token), optional(tokenFile).map(Path::of), optional(username),
          optional(password)));
    } catch (IllegalArgumentException e) {
      String prefix = url.name().substring(0, url.name().length() - "_URL".length());
      throw new IllegalArgumentException(prefix + "_*: " + e.getMessage(), e);
    }
  }

  /** A comma-separated list as a set; {@code none} is the empty set. */
  private static Set<String> names(String list) {
    Set<String> names = new LinkedHashSet<>();
    for (String name : list.split(",")) {
      if (!name.isBlank()) {
        names.add(name.strip());
      }
    }
    return names.equals(Set.of("none")) ? Set.of() : Set.copyOf(names);
  }

  /** The storm thresholds; a malformed value names the variable and the expected form. */
  public StormPolicy stormPolicy() {
    try {
      return StormPolicy.parse(get(STORM_THRESHOLDS));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(STORM_THRESHOLDS.name() + ": " + e.getMessage(), e);
    }
  }

  /** A fresh topology-storm window as configured; a malformed value names the variable. */
  public TopologyStormWindow topologyStorm() {
    try {
      return TopologyStormWindow.parse(get(TOPOLOGY_STORM));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(TOPOLOGY_STORM.name() + ": " + e.getMessage(), e);
    }
  }
}
