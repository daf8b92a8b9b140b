package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.kubernaut.k8s.ConfigMapPolicySource;
import io.kubernaut.ports.out.PipelineMetrics;
import java.util.Map;
import io.kubernaut.k8s.KubernetesSettings;
import io.kubernaut.ports.out.HealthIndicator;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java Operator SDK runtime: one controller per Kubernaut kind, leader election through a
 * Lease, and a readiness answer for {@code /readyz}.
 */
public final class OperatorRuntime implements HealthIndicator, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);
  public static final String LEASE_NAME = "kubernaut-leader";
  /**
   * Objects per page of an informer's initial LIST (the API server's continue tokens page the
   * rest), so that listing 10,000 remediations is not one response held whole in the heap.
   */
  public static final Long LIST_PAGE = 500L;
  /** How long a controller waits at start for the informers it reads to have listed. */
  public static final Duration CACHE_SYNC_TIMEOUT = Duration.ofSeconds(30);
  /**
   * How long a stop waits for a start under way to end: inside the chart's 30 s termination grace
   * period with the drain and the stores' close.
   */
  static final Duration STOP_WAITS_FOR_START = Duration.ofSeconds(20);
  /** The longest a failed reconcile waits before it is tried again ({@link #retry}). */
  public static final Duration RETRY_AT_MOST = Duration.ofSeconds(30);
  /** How often the installed CRDs are read again while they differ from this operator's. */
  public static final Duration CRD_RECHECK = Duration.ofSeconds(10);
  /** The reconcile threads every controller shares, besides those action calls may hold (JOSDK's default, 50). */
  public static final int SHARED_RECONCILE_THREADS =
      io.javaoperatorsdk.operator.api.config.ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER;

  private final Operator operator;
  private final List<Reconciler<?>> reconcilers;
  private final KubernetesSettings settings;
  private final ConfigMapPolicySource policies;
  private final List<AutoCloseable> closedAfter = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Runnable> startedBefore = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<java.util.function.Supplier<List<String>>> informersDown = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean started;
  private volatile boolean stopping;
  /** The policy read and the reconcilers registered: the API server has answered. */
  private volatile boolean prepared;
  /** Starts the controllers (their informers list what is in flight) while the gateway already serves. */
  private volatile Thread starter;
  private volatile RuntimeException startFailure;
  private volatile long startingSince;
  private volatile boolean leaseLost;
  private final List<Runnable> leaseLossHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Runnable> stopAnnouncements = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicBoolean stopAnnounced = new java.util.concurrent.atomic.AtomicBoolean();
  /** Holds the controllers' start until the installed CRDs are this operator's; null: no check ({@link #requireInstalledCrds}). */
  private volatile CrdGatekeeper crds;

  public OperatorRuntime(KubernetesClient client, KubernetesSettings settings, List<Reconciler<?>> reconcilers,
      ConfigMapPolicySource policies) {
    this(client, settings, reconcilers, policies, PipelineMetrics.none());
  }

  public OperatorRuntime(KubernetesClient client, KubernetesSettings settings, List<Reconciler<?>> reconcilers,
      ConfigMapPolicySource policies, PipelineMetrics metrics) {
    this(client, settings, reconcilers, policies, metrics, 0);
  }

  /**
   * @param waitingCallers the most reconciles that can be waiting on action calls at once
   *     ({@link io.kubernaut.ports.out.ActionRunner#mostWaitingCallers}): JOSDK gets that many
   *     reconcile threads more than {@link #SHARED_RECONCILE_THREADS}, so that calls that hang
   *     (a plugin's, up to the step's deadline) never hold the threads every controller shares
   */
  public OperatorRuntime(KubernetesClient client, KubernetesSettings settings, List<Reconciler<?>> reconcilers,
      ConfigMapPolicySource policies, PipelineMetrics metrics, int waitingCallers) {
    if (waitingCallers < 0) {
      throw new IllegalArgumentException("waitingCallers must be 0 or more, not " + waitingCallers + ".");
    }
    int reconcileThreads = SHARED_RECONCILE_THREADS + waitingCallers;
    LOG.info("Reconcile threads: {} ({} shared by the controllers, {} for action calls that can wait)",
        reconcileThreads, SHARED_RECONCILE_THREADS, waitingCallers);
    this.settings = settings;
    this.policies = policies;
    this.reconcilers = List.copyOf(reconcilers);
    this.operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withConcurrentReconciliationThreads(reconcileThreads)
          .withResourceCloner(new PrimaryCloner(client.getKubernetesSerialization()))
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false)
          .withStopOnInformerErrorDuringStartup(false)
          .withInformerStoppedHandler((informer, error) -> informerStopped(error))
          .withCacheSyncTimeout(CACHE_SYNC_TIMEOUT)
          .withMetrics(new Metrics() {
            @Override
            public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
              metrics.reconcileFailed(resource.getKind());
            }
          });
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
            .aLeaderElectionConfiguration(settings.shard().leaseName(LEASE_NAME))
            .withLeaseNamespace(settings.namespace())
            .withIdentity(settings.identity())
            // JOSDK, told not to exit, would only log the loss and reconcile on beside the new holder.
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(new LeaderCallbacks(() -> { }, this::stoppedLeading, leader -> { }))
            .build());
      }
    });
  }

  /**
   * Failed reconciliations are retried without a limit: 1 s after each of the first two failures,
   * then doubling to at most 30 s. JOSDK's default gives up after five attempts (about 26 s): an
   * API server outage longer than that left resources stranded mid-pipeline, because an informer's
   * re-list after the outage brings no event for an object that did not change. Unbounded retry with a capped backoff
   * is what controller-runtime's rate-limited queue does too.
   */
  static GenericRetry retry() {
    return new GenericRetry().setInitialInterval(1_000).setIntervalMultiplier(2).setMaxInterval(RETRY_AT_MOST.toMillis())
        .withoutMaxAttempts();
  }

  /**
   * An informer that stops while the operator stops is the plan (debug); one that stops on its
   * own is a fault readiness reports (error: it is not restarted).
   */
  private void informerStopped(Throwable error) {
    if (stopping) {
      LOG.debug("An informer stopped as the operator stops");
      return;
    }
    LOG.error("An informer stopped ({}); readiness reports it and the operator keeps serving the gateway",
        error == null ? "no cause" : error.getMessage());
  }

  /** Registers every reconciler and starts the controllers; returns once their informers have listed. */
  public void start() {
    prepare();
    startInBackground();
    awaitStarted();
  }

  /**
   * Reads the policy (the API server has answered once this returns) and registers every reconciler
   * on the operator's namespace; {@link #health()} is up from then on, as the gateway can persist
   * alerts.
   */
  public synchronized void prepare() {
    if (prepared) {
      return;
    }
    policies.start();
    register();
    prepared = true;
  }

  /**
   * Runs the {@link #startFirst} steps and starts the controllers on a thread of their own, and
   * returns at once: their informers list every remediation in flight, seconds with thousands of
   * them, which the gateway need not wait for (where its own cache has not listed yet it reads the
   * API server). Until they have, {@link #controllers()} is down, a degraded state.
   */
  public synchronized void startInBackground() {
    if (stopping || starter != null) {
      return; // a stop began first: nothing starts (awaitStarted says so)
    }
    prepare();
    startingSince = System.nanoTime();
    Thread thread = new Thread(this::startControllers, "kubernaut-controllers-start");
    thread.setDaemon(true);
    starter = thread;
    thread.start();
  }

  /** Waits until the controllers have started; throws what their start threw. */
  public void awaitStarted() {
    Thread thread = starter;
    if (thread == null) {
      throw new IllegalStateException("The controllers were not started.");
    }
    joinUninterruptibly(thread, null);
    if (startFailure != null) {
      throw startFailure;
    }
  }

  /**
   * The controllers start only once the CustomResourceDefinitions installed are this operator's
   * ({@code inspector}, read again every {@code recheck} until they are; {@link CrdGatekeeper}).
   */
  public void requireInstalledCrds(InstalledCrdInspector inspector, Duration recheck) {
    this.crds = new CrdGatekeeper(inspector, recheck);
  }

  private void startControllers() {
    try {
      CrdGatekeeper gatekeeper = crds;
      if (gatekeeper != null) {
        gatekeeper.await();
      }
      for (Runnable step : startedBefore) {
        requireNotStopping();
        step.run();
      }
      requireNotStopping();
      operator.start();
      synchronized (this) {
        if (stopping || leaseLost) {
          // The stop (or the loss) came while they listed and did not wait for them: they stop here.
          operator.stop();
          throw new IllegalStateException("The operator stopped while its controllers were starting.");
        }
        started = true;
      }
      LOG.info("Operator started with {} controllers in namespace {} in {} ms (leader election {}, shard {}/{})",
          reconcilers.size(), settings.namespace(), (System.nanoTime() - startingSince) / 1_000_000,
          settings.leaderElection() ? "on" : "off", settings.shard().index(), settings.shard().count());
    } catch (RuntimeException | Error e) {
      startFailure = e instanceof RuntimeException r ? r : new IllegalStateException("The controllers could not start: " + e, e);
      if (stopping) {
        LOG.debug("The controllers' start ended as the operator stops: {}", e.getMessage());
      } else {
        LOG.error("The controllers could not start: {}", e.getMessage(), e);
      }
    }
  }

  private void requireNotStopping() {
    if (stopping) {
      throw new IllegalStateException("The operator stopped before its controllers had started.");
    }
  }

  private static void joinUninterruptibly(Thread thread, Duration atMost) {
    long deadline = atMost == null ? Long.MAX_VALUE : System.nanoTime() + atMost.toNanos();
    boolean interrupted = false;
    while (thread.isAlive() && System.nanoTime() < deadline) {
      try {
        thread.join(atMost == null ? 0 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void register() {
    for (Reconciler<?> reconciler : reconcilers) {
      Class<? extends HasMetadata> kind = operator.getConfigurationService().getConfigurationFor((Reconciler) reconciler)
          .getResourceClass();
      operator.register((Reconciler) reconciler, o -> {
        var overrider = ((io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider) o)
            .settingNamespace(settings.namespace())
            .withGenerationAware(false)
            .withRetry(retry())
            // Its primaries shared with the other informers of the kind, listed in pages.
            .withItemStore(SharedItemStore.of(kind))
            .withInformerListLimit(LIST_PAGE);
        if (settings.shard().isSharded()) {
          overrider.withLabelSelector(settings.shard().labelSelector());
        }
        if (reconciler instanceof ReconcileTrigger<?> trigger) {
          ReconcileTrigger<HasMetadata> updates = (ReconcileTrigger<HasMetadata>) trigger;
          overrider.withOnUpdateFilter((updated, previous) -> updates.triggers((HasMetadata) updated, (HasMetadata) previous));
        }
      });
    }
  }

  /** JOSDK's reconcile threads: the shared ones and one per caller that may wait on an action call. */
  public int reconcileThreads() {
    return operator.getConfigurationService().concurrentReconciliationThreads();
  }

  @Override
  public String component() {
    return "kubernetes";
  }

  /**
   * This replica no longer holds the Lease it reconciled under (it could not renew it in time: a
   * partition from the API server, a long pause), and another replica may hold it now: the
   * controllers stop at once, so that only the new holder reconciles and no action runs twice,
   * readiness reports the loss, and the handlers of {@link #whenLeaseLost} run (the process exits,
   * so that it comes back as a follower). Its own stop gives the Lease up too, which is no loss.
   */
  private void stoppedLeading() {
    if (stopping) {
      return;
    }
    leaseLost = true;
    announceStop();
    LOG.error("This replica lost the {} Lease; its controllers stop so that only the new holder reconciles",
        settings.shard().leaseName(LEASE_NAME));
    Thread stopper = new Thread(() -> {
      synchronized (this) {
        if (started) {
          started = false;
          operator.stop();
        }
      }
      leaseLossHandlers.forEach(Runnable::run);
    }, "kubernaut-lease-lost");
    stopper.setDaemon(true);
    stopper.start();
  }

  /**
   * Runs {@code hook} once, as soon as this replica is to stop reconciling: a stop begins
   * ({@link #beginStopping}, {@link #close}) or its Lease is lost. The controllers use it to start no
   * new action call in the moments before they stop.
   */
  public void whenStopping(Runnable hook) {
    stopAnnouncements.add(hook);
  }

  /**
   * The first step of a graceful stop, before the gateway drains: the controllers go on with what is
   * under way but start no action call ({@link #whenStopping}). {@link #close} stops them.
   */
  public void beginStopping() {
    synchronized (this) {
      stopping = true; // under the lock startInBackground takes: after it, nothing starts
    }
    CrdGatekeeper gatekeeper = crds;
    if (gatekeeper != null) {
      gatekeeper.stop(); // a start waiting for the installed CRDs to match stops waiting
    }
    announceStop();
  }

  private void announceStop() {
    if (stopAnnounced.compareAndSet(false, true)) {
      stopAnnouncements.forEach(Runnable::run);
    }
  }

  /** Runs {@code handler} once this replica has lost its Lease and stopped its controllers. */
  public void whenLeaseLost(Runnable handler) {
    leaseLossHandlers.add(handler);
  }

  /**
   * The controllers, apart from the gateway's path to the API server: down while they list the
   * remediations in flight at start (the replica is ready and degraded then: it takes alerts, the
   * pipeline resumes once they have listed), and whenever the operator's own state is down.
   */
  public HealthIndicator controllers() {
    return new HealthIndicator() {
      @Override
      public String component() {
        return "controllers";
      }

      @Override
      public boolean gatesReadiness() {
        return false;
      }

      @Override
      public Health health() {
        CrdGatekeeper gatekeeper = crds;
        if (prepared && !started && startFailure == null && !leaseLost && !stopping
            && (gatekeeper == null || gatekeeper.holding().isEmpty())) {
          return Health.down(starter == null ? "The controllers are about to start; the pipeline resumes once"
              + " they have listed the remediations in flight."
              : "The controllers are listing the remediations in flight (for "
              + (System.nanoTime() - startingSince) / 1_000_000_000 + " s); the pipeline resumes once they have.");
        }
        Health operatorHealth = OperatorRuntime.this.health();
        return operatorHealth.ready() ? Health.up("The controllers reconcile.") : operatorHealth;
      }
    };
  }

  @Override
  public Health health() {
    if (leaseLost) {
      return Health.down("This replica lost the " + settings.shard().leaseName(LEASE_NAME) + " Lease and stopped "
          + "reconciling; it must restart to rejoin as a follower.");
    }
    if (stopping) {
      return Health.down("The operator is stopping its controllers.");
    }
    if (startFailure != null) {
      return Health.down("The controllers could not start: " + startFailure.getMessage());
    }
    CrdGatekeeper gatekeeper = crds;
    java.util.Optional<String> held = gatekeeper == null || !prepared ? java.util.Optional.empty() : gatekeeper.holding();
    if (held.isPresent()) {
      return Health.down(held.get());
    }
    if (!started) {
      if (!prepared) {
        return Health.down("The operator has not started its informers yet.");
      }
      // The controllers' informers do not watch before they have listed; the policy's watch tells
      // meanwhile whether the API server still answers.
      return policies.watching()
          ? Health.up("The API server answered; the controllers are still listing the remediations in flight,"
              + " and the gateway persists alerts meanwhile.")
          : Health.down("The API server stopped answering while the controllers were listing the remediations in"
              + " flight (the watch of ConfigMap " + ConfigMapPolicySource.NAME + " is down).");
    }
    if (!operator.getRuntimeInfo().allEventSourcesAreHealthy()) {
      return Health.down("Some informers are not healthy: " + operator.getRuntimeInfo().unhealthyEventSources().keySet());
    }
    List<String> down = informersDown.stream().flatMap(d -> d.get().stream()).toList();
    if (!down.isEmpty()) {
      return Health.down("Some informers are not watching: " + down);
    }
    return Health.up("Informers are synced.");
  }

  /**
   * Runs {@code step} when the controllers start (on their thread, after the HTTP server is up), before
   * them: such as informers the reconcilers read from (the gateway reads some too, falling back to the
   * API server until they run).
   */
  public void startFirst(Runnable step) {
    startedBefore.add(step);
  }

  /** Counts the informers {@code down} names (those not watching) in the readiness answer, beside JOSDK's own. */
  public void watchedBy(java.util.function.Supplier<List<String>> down) {
    informersDown.add(down);
  }

  /** Closes {@code resource} when the operator stops, after its informers (such as a store's pending writes). */
  public void closeOnStop(AutoCloseable resource) {
    closedAfter.add(resource);
  }

  /** Stops the informers, then what was handed to {@link #closeOnStop}; the client stays open for its owner to close. */
  @Override
  public void close() {
    beginStopping();
    Thread thread;
    synchronized (this) {
      thread = starter;
    }
    if (thread != null) {
      // JOSDK's stop does not stop a start under way: it ends (its informers list, or time out) first.
      joinUninterruptibly(thread, STOP_WAITS_FOR_START);
      if (thread.isAlive()) {
        LOG.warn("The controllers were still starting after {} s; the operator stops without waiting for them"
            + " (they stop themselves once started)", STOP_WAITS_FOR_START.toSeconds());
      }
    }
    synchronized (this) {
      if (started) {
        started = false;
        operator.stop();
      }
    }
    policies.close();
    for (AutoCloseable resource : closedAfter) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Could not close {} on stop: {}", resource, e.getMessage());
      }
    }
    closedAfter.clear();
  }
}
