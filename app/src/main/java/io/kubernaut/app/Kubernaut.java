package io.kubernaut.app;

import io.kubernaut.db.Database;
import io.kubernaut.db.DatabaseSettings;
import io.kubernaut.http.api.HttpServer;
import io.kubernaut.http.api.HttpSettings;
import io.kubernaut.http.llm.InvestigationSettings;
import io.kubernaut.http.notify.NotificationSettings;
import io.kubernaut.http.verification.VerificationSettings;
import io.kubernaut.k8s.KubernetesConnection;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.k8s.embedded.JulBridge;
import io.kubernaut.k8s.remediation.AuditReprojector;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.plugin.host.ActionSelection;
import io.kubernaut.plugin.host.PluginSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running operator: the API connection (embedded or cluster), the audit database, the
 * controllers and the HTTP server, started in that order and stopped in reverse.
 */
public final class Kubernaut implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Kubernaut.class);

  private final OperatorConfig config;
  private final boolean embedded;
  private final KubernetesConnection connection;
  private final boolean ownsConnection;
  private final KubernautComponent component;
  private final Path tokenFile;
  private final StaticTokens tokens;
  private int httpPort;
  /** Set by the first {@link #close()} (or a failed start): a stop during the start ends it without the rest. */
  private boolean closed;
  /** Counted down once the first stop (a close() or a failed start's) has ended; a later close() waits for it. */
  private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

  private Kubernaut(OperatorConfig config, boolean embedded, KubernetesConnection connection, boolean ownsConnection,
      KubernautComponent component, Path tokenFile, StaticTokens tokens) {
    this.config = config;
    this.embedded = embedded;
    this.connection = connection;
    this.ownsConnection = ownsConnection;
    this.component = component;
    this.tokenFile = tokenFile;
    this.tokens = tokens;
  }

  /** Starts everything; with {@code auto} mode and no cluster configured it starts the embedded mode. */
  public static Kubernaut start(OperatorConfig config, ClusterDetector detector) {
    return start(config, detector, serving -> { });
  }

  /**
   * As {@link #start(OperatorConfig, ClusterDetector)}, handing the operator to {@code serving} as soon
   * as its HTTP server answers, before the controllers have listed what is in flight (seconds with
   * thousands of remediations): {@link Main} registers its graceful stop there, so that a SIGTERM
   * meanwhile drains the requests under way. A {@link #close()} during the start ends it: this then
   * returns the stopped operator.
   */
  public static Kubernaut start(OperatorConfig config, ClusterDetector detector, Consumer<Kubernaut> serving) {
    boolean embedded = switch (config.mode()) {
      case EMBEDDED -> true;
      case CLUSTER -> false;
      case AUTO -> !detector.clusterConfigured();
    };
    Path dataDir = config.dataDir();
    StaticTokens tokens = embedded ? StaticTokens.embedded(config) : StaticTokens.configured(config);
    KubernetesConnection connection = embedded
        ? KubernetesConnection.embedded(dataDir, config.namespace(), 0)
        : KubernetesConnection.cluster();
    return start(config, embedded, connection, true, tokens, serving);
  }

  /**
   * Starts an operator on an API server that outlives it (restart and leader-election drills):
   * embedded PostgreSQL in the data directory, the shared connection left open on close.
   */
  static Kubernaut startOn(OperatorConfig config, KubernetesConnection shared) {
    return start(config, true, shared, false, StaticTokens.embedded(config), serving -> { });
  }

  /**
   * Starts a cluster-mode operator on a test's API server: no embedded PostgreSQL, the database
   * only when {@code KUBERNAUT_DB_URL} is set, as the chart deploys it.
   */
  static Kubernaut startClusterModeOn(OperatorConfig config, KubernetesConnection shared) {
    return startClusterModeOn(config, shared, serving -> { });
  }

  /** As {@link #startClusterModeOn(OperatorConfig, KubernetesConnection)}, with {@code serving} as in {@link #start(OperatorConfig, ClusterDetector, Consumer)}. */
  static Kubernaut startClusterModeOn(OperatorConfig config, KubernetesConnection shared, Consumer<Kubernaut> serving) {
    return start(config, false, shared, false, StaticTokens.configured(config), serving);
  }

  private static Kubernaut start(OperatorConfig config, boolean embedded, KubernetesConnection connection,
      boolean ownsConnection, StaticTokens tokens, Consumer<Kubernaut> serving) {
    JulBridge.install();
    Path dataDir = config.dataDir();
    Path tokenFile = dataDir.resolve(StaticTokens.ADMIN_FILE);
    KubernautComponent component = null;
    Kubernaut kubernaut = null;
    try {
      component = DaggerKubernautComponent.builder()
          .connection(connection)
          .kubernetesSettings(new KubernetesSettings(config.namespace(), identity(config), config.leaderElection(),
              config.actionImpersonation(), config.managedNamespaces(embedded), config.shard(),
              config.investigationConcurrency(), config.maxRemediationsInFlight(), config.lateFiringWindow()))
          .httpSettings(new HttpSettings(config.httpPort(), tokens.admin(), tokens.ingest(), config.tokenAudience(),
              config.maxBodyBytes(), config.maxConcurrentIntake(), config.hmacSecret(), config.apiMaxConcurrentAnalyses()))
          .operatorConfig(config)
          .databaseSettings(new DatabaseSettings(config.dbUrl(), config.dbUser(), config.dbPassword(),
              dataDir.resolve("postgres"), AuditKeySource.resolve(config, embedded)))
          .notificationSettings(NotificationSettings.of(config.notifyConfig()))
          .investigationSettings(InvestigationSettings.of(config.investigators(), config.llmUrl(), config.llmModel(),
              config.llmApiKey(), config.holmesGptUrl()))
          .pluginSettings(new PluginSettings(config.pluginsDir(), config.actionCallTimeout(), config.pluginConcurrency(),
              config.actionImpersonation() ? config.namespace() : null,
              new ActionSelection(config.enabledActions(), config.enabledPlugins()), config.pluginLoadTimeout(),
              config.pluginPins()))
          .verificationSettings(config.verificationSettings())
          .build();
      kubernaut = new Kubernaut(config, embedded, connection, ownsConnection, component, tokenFile, tokens);
      kubernaut.startComponents(serving);
      return kubernaut;
    } catch (RuntimeException e) {
      if (kubernaut != null && !kubernaut.markClosed()) {
        LOG.info("The start ended as the operator stops: {}", e.getMessage());
        return kubernaut; // the close() under way stops what started
      }
      try {
        if (component != null) {
          stopStarted(component, e);
        }
        if (ownsConnection) {
          connection.close();
        }
      } finally {
        if (kubernaut != null) {
          kubernaut.stopped.countDown();
        }
      }
      throw e;
    }
  }

  /**
   * After a failed start, stops what may have started, as {@link #close()} does, before the client
   * goes: the informers and the stores (the duplicate flusher), the audit re-projector, the database
   * (an embedded PostgreSQL).
   */
  private static void stopStarted(KubernautComponent component, RuntimeException failure) {
    for (Runnable stop : List.<Runnable>of(() -> component.httpServer().close(), () -> component.auditReprojector().close(),
        () -> component.operatorRuntime().close(), () -> component.database().close())) {
      try {
        stop.run();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * Starts the database (connect and migrate) while the operator runtime reads its policy and
   * registers its controllers: the two are independent (an audit record written meanwhile waits for
   * the migrated schema, see {@code Database#connect}), so on two cores they overlap. The HTTP server
   * answers once the database is started and the API server has answered; then the controllers start,
   * and their informers list the remediations in flight (seconds with thousands of them), which the
   * gateway does not need: {@code /readyz} is 200 and says so as a degraded state meanwhile. Before them, the
   * installed CRDs must be this operator's ({@code InstalledCrdInspector}): until they are, {@code /readyz} is 503
   * and this waits (a stop ends the wait). This returns once the controllers have listed, and only then re-projects
   * the remediations into the audit trail.
   */
  private void startComponents(Consumer<Kubernaut> serving) {
    Thread database = new Thread(this::startDatabase, "kubernaut-database-start");
    database.start();
    try {
      component.operatorRuntime().prepare();
    } finally {
      joinUninterruptibly(database);
    }
    httpPort = component.httpServer().start();
    serving.accept(this);
    // After the HTTP server, so that their listing does not slow its start on a small CPU allowance.
    component.operatorRuntime().startInBackground();
    try {
      component.operatorRuntime().awaitStarted();
    } catch (RuntimeException e) {
      if (!isClosed()) {
        throw e;
      }
    }
    if (isClosed()) {
      LOG.info("Stopped while the controllers were starting");
      return;
    }
    // A close() from here on closes the re-projector too; one started after it would not run.
    component.auditReprojector().start();
    String base = "http://localhost:" + httpPort;
    LOG.info("Kubernaut is running in {} mode", embedded ? "embedded" : "cluster");
    VerificationSettings monitoring = config.verificationSettings();
    LOG.info("Verification: Prometheus {}, Alertmanager {}, silences {}",
        monitoring.prometheus().map(Object::toString).orElse("not configured"),
        monitoring.alertmanager().map(Object::toString).orElse("not configured"), monitoring.silences() ? "on" : "off");
    LOG.info("Alertmanager webhook URL: {}/api/v1/signals/prometheus", base);
    connection.kubeconfig().ifPresent(k -> LOG.info("kubeconfig: {}  (kubectl --kubeconfig {} get ar)", k, k));
    if (embedded) {
      LOG.info("API token files: {} (admin), {} (ingest: signals only)", tokenFile,
          tokenFile.resolveSibling(StaticTokens.INGEST_FILE));
    }
  }

  private void startDatabase() {
    if (embedded || config.dbUrl().isPresent()) {
      component.database().start();
    } else {
      LOG.warn("No KUBERNAUT_DB_URL is set in cluster mode; the audit trail stays unavailable and /readyz reports"
          + " the operator as degraded.");
      component.database().leaveUnconfigured("No audit database is configured: KUBERNAUT_DB_URL (chart value"
          + " database.url) is empty in cluster mode. Audit events are not stored and retention keeps finished"
          + " remediations; set it to a PostgreSQL.");
    }
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The HTTP port actually bound. */
  public int httpPort() {
    return httpPort;
  }

  /** The HTTP routes served, as {@code METHOD path} ({@link HttpServer#routes()}). */
  public List<String> httpRoutes() {
    return component.httpServer().routes();
  }

  /** The static admin token, allowed every {@code /api/**} route (empty when TokenReview is used). */
  public String apiToken() {
    return tokens.admin().orElse("");
  }

  /** The static ingest token, allowed the signal routes only (empty when none is configured). */
  public String ingestToken() {
    return tokens.ingest().orElse("");
  }

  /** The API server URL this operator talks to. */
  public String apiServerUrl() {
    return connection.url();
  }

  /** The embedded kubeconfig, when embedded. */
  public Optional<Path> kubeconfig() {
    return connection.kubeconfig();
  }

  Database database() {
    return component.database();
  }

  AuditReprojector auditReprojector() {
    return component.auditReprojector();
  }

  OperatorRuntime operatorRuntime() {
    return component.operatorRuntime();
  }

  /**
   * Runs {@code handler} once this replica has lost its leader Lease (another may hold it now) and
   * has stopped its controllers; {@link Main} exits, so that the replica restarts as a follower.
   */
  public void whenLeaseLost(Runnable handler) {
    component.operatorRuntime().whenLeaseLost(handler);
  }

  /** Marks this operator closed; false when it was already. */
  private synchronized boolean markClosed() {
    if (closed) {
      return false;
    }
    closed = true;
    return true;
  }

  /** Whether {@link #close()} has begun (or the start failed). */
  synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Graceful stop: readiness goes 503, in-flight requests drain, informers stop (a start under way
   * first ends), then the stores close. Only the first call does it.
   */
  @Override
  public void close() {
    if (!markClosed()) {
      awaitStopped(); // a shutdown hook's close() does not let the JVM halt in the middle of the first one
      return;
    }
    try {
      stop();
    } finally {
      stopped.countDown();
    }
  }

  private void awaitStopped() {
    try {
      if (!stopped.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("The first stop of this operator had not ended after 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stop() {
    component.operatorRuntime().beginStopping(); // no action call starts from here on
    HttpServer http = component.httpServer();
    http.beginDraining();
    try {
      Thread.sleep(Math.min(config.drainTimeout().toMillis(), 500));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
    component.auditReprojector().close();
    component.operatorRuntime().close();
    component.database().close();
    if (ownsConnection) {
      connection.close();
    }
    LOG.info("Kubernaut stopped");
  }

  private static String identity(OperatorConfig config) {
    return config.podName().orElseGet(() -> {
      try {
        return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
      } catch (UnknownHostException e) {
        return "kubernaut-" + ProcessHandle.current().pid();
      }
    });
  }
}
