package io.kubernaut.k8s.safety;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.k8s.runtime.PrimaryRelay;
import io.kubernaut.k8s.runtime.SharedItemStore;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the safety envelope reads, from informer caches: every KubernetesExecution and
 * WorkflowExecution of the operator's namespace (of every shard: the disruption budget is global),
 * the nodes, the namespaces (their labels decide the managed scope, re-checked before every
 * attempt), the disruption ledger's ConfigMap and the safety history's ({@link HistoryKeeper}). One list and one watch per kind for the
 * operator's life instead of a LIST per safety check, or a GET of the namespace per attempt. The operator starts them before its
 * controllers; only before {@link #start} (and after {@link #close}, while the operator stops) do
 * reads go to the API server, and on a cache miss of a workflow or an execution that is asked for by
 * name ({@link #workflow}, {@link #execution}). An operator that is not sharded reads executions and workflows
 * from their controllers' informers instead ({@link #relayed}): those see every one of its namespace.
 *
 * <p>What a cache may hold back is safe by construction: an execution not seen yet is still
 * counted through its reservation in the ledger; an execution or workflow seen as running that has
 * since ended is counted as running (stricter); the ledger itself is written with the
 * resourceVersion it was read with, so a stale copy costs a conflict and a fresh read, never a
 * second admission into the last slot.
 */
public final class SafetyInformers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SafetyInformers.class);
  /** The index of WorkflowExecutions by whether their verification failed ({@code "true"}). */
  static final String FAILED_VERIFICATION = "failedVerification";
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> FAILED_OUTCOMES = Set.of("NotRemediated", "RolledBack");

  private final KubernetesClient client;
  private final String namespace;
  private final PrimaryRelay<KubernetesExecution> relayedExecutions;
  private final PrimaryRelay<WorkflowExecution> relayedWorkflows;
  private volatile Cached<KubernetesExecution> executions;
  private volatile Cached<WorkflowExecution> workflows;
  private volatile SharedIndexInformer<Node> nodes;
  /** Set by {@link #close()}: no start after it. */
  private boolean closed;
  private volatile SharedIndexInformer<Namespace> namespaces;
  private volatile SharedIndexInformer<ConfigMap> ledgers;
  private volatile SharedIndexInformer<ConfigMap> histories;

  /**
   * Executions and workflows from informers of their own: the controllers of a shard see only
   * theirs, and the budget counts every shard's.
   *
   * @param namespace the operator's namespace, where the executions, workflows and the ledger live
   */
  public SafetyInformers(KubernetesClient client, String namespace) {
    this(client, namespace, null, null);
  }

  private SafetyInformers(KubernetesClient client, String namespace, PrimaryRelay<KubernetesExecution> executions,
      PrimaryRelay<WorkflowExecution> workflows) {
    this.client = client;
    this.namespace = namespace;
    this.relayedExecutions = executions;
    this.relayedWorkflows = workflows;
    if (workflows != null) {
      workflows.index(FAILED_VERIFICATION, SafetyInformers::failedVerificationIndex);
    }
  }

  /**
   * Executions and workflows from their controllers' informers, through their relays: for an
   * operator that is not sharded, whose controllers see every execution and workflow of its
   * namespace; one watch of each kind instead of two. Until a controller has listed, its kind is
   * read from the API server, as before {@link #start}.
   */
  public static SafetyInformers relayed(KubernetesClient client, String namespace,
      PrimaryRelay<KubernetesExecution> executions, PrimaryRelay<WorkflowExecution> workflows) {
    return new SafetyInformers(client, namespace, executions, workflows);
  }

  /** The client the reads that bypass the caches use. */
  public KubernetesClient client() {
    return client;
  }

  /** Starts the informers (those of executions and workflows unless relayed) and waits until each has listed once. */
  public synchronized void start() {
    if (nodes != null || closed) {
      return; // started, or closed: a start after the stop would leave informers no one closes
    }
    SharedIndexInformer<KubernetesExecution> kex = relayedExecutions != null ? null
        : client.resources(KubernetesExecution.class).inNamespace(namespace).withLimit(OperatorRuntime.LIST_PAGE)
            .runnableInformer(0).itemStore(SharedItemStore.of(KubernetesExecution.class));
    SharedIndexInformer<WorkflowExecution> wfe = relayedWorkflows != null ? null
        : client.resources(WorkflowExecution.class).inNamespace(namespace).withLimit(OperatorRuntime.LIST_PAGE)
            .runnableInformer(0).itemStore(SharedItemStore.of(WorkflowExecution.class));
    if (wfe != null) {
      wfe.addIndexers(Map.of(FAILED_VERIFICATION, SafetyInformers::failedVerificationIndex));
    }
    SharedIndexInformer<Node> node = client.nodes().runnableInformer(0);
    SharedIndexInformer<Namespace> ns = client.namespaces().withLimit(OperatorRuntime.LIST_PAGE).runnableInformer(0);
    SharedIndexInformer<ConfigMap> ledger = client.configMaps().inNamespace(namespace).withName(DisruptionLedger.NAME)
        .runnableInformer(0);
    SharedIndexInformer<ConfigMap> history = client.configMaps().inNamespace(namespace).withName(HistoryKeeper.NAME)
        .runnableInformer(0);
    List<SharedIndexInformer<?>> all = new ArrayList<>(List.of(node, ns, ledger, history));
    if (kex != null) {
      all.add(kex);
    }
    if (wfe != null) {
      all.add(wfe);
    }
    List<java.util.concurrent.CompletableFuture<Void>> listed = all.stream()
        .map(informer -> informer.start().toCompletableFuture()).toList();
    try {
      for (java.util.concurrent.CompletableFuture<Void> future : listed) {
        future.get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all.forEach(SharedIndexInformer::close);
      throw new IllegalStateException("Interrupted while the safety informers listed", e);
    } catch (ExecutionException | TimeoutException e) {
      all.forEach(SharedIndexInformer::close);
      throw new IllegalStateException("The safety informers could not list executions, workflows, nodes, namespaces "
          + "the disruption ledger and the safety history within " + SYNC_TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
    }
    executions = kex != null ? new OwnInformer<>(kex) : new Relayed<>(relayedExecutions);
    workflows = wfe != null ? new OwnInformer<>(wfe) : new Relayed<>(relayedWorkflows);
    nodes = node;
    namespaces = ns;
    ledgers = ledger;
    histories = history;
    LOG.info("Safety informers synced: {} nodes, {} namespaces in the cache; executions and workflows {}",
        node.getStore().list().size(), ns.getStore().list().size(), kex != null
            ? "from informers of their own (" + kex.getStore().list().size() + " and " + wfe.getStore().list().size() + ")"
            : "from their controllers' informers");
  }

  /** The informers whose watch is down, by kind; empty when all watch or none runs (reads then go to the API server). */
  public List<String> notWatching() {
    List<String> down = new ArrayList<>();
    Map<String, Boolean> watching = new java.util.LinkedHashMap<>();
    Cached<KubernetesExecution> kex = executions;
    Cached<WorkflowExecution> wfe = workflows;
    watching.put("KubernetesExecution", kex == null || kex.watching());
    watching.put("WorkflowExecution", wfe == null || wfe.watching());
    watching.put("Node", watchingOrIdle(nodes));
    watching.put("Namespace", watchingOrIdle(namespaces));
    watching.put("ConfigMap " + DisruptionLedger.NAME, watchingOrIdle(ledgers));
    watching.put("ConfigMap " + HistoryKeeper.NAME, watchingOrIdle(histories));
    watching.forEach((kind, up) -> {
      if (!up) {
        down.add(kind);
      }
    });
    return down;
  }

  private static boolean watchingOrIdle(SharedIndexInformer<?> informer) {
    return informer == null || watching(informer);
  }

  /** Whether workflows are read from a cache (else each read goes to the API server). */
  public boolean cached() {
    Cached<WorkflowExecution> wfe = workflows;
    return wfe != null && wfe.answers();
  }

  /** Every KubernetesExecution in {@code ns}. */
  List<KubernetesExecution> executions(String ns) {
    Cached<KubernetesExecution> cached = executions;
    if (cached != null && cached.answers() && ns.equals(namespace)) {
      return cached.all();
    }
    return client.resources(KubernetesExecution.class).inNamespace(ns).list().getItems();
  }

  /**
   * The WorkflowExecution {@code ns/name}. A cache miss is read again from the API server: a
   * workflow created a moment ago may not be in the cache yet, and "gone" drops its reservations.
   */
  public WorkflowExecution workflow(String ns, String name) {
    return cachedOrRead(workflows, ns, name,
        () -> client.resources(WorkflowExecution.class).inNamespace(ns).withName(name).get());
  }

  /** The KubernetesExecution {@code ns/name}; a cache miss is read again from the API server. */
  public KubernetesExecution execution(String ns, String name) {
    return cachedOrRead(executions, ns, name,
        () -> client.resources(KubernetesExecution.class).inNamespace(ns).withName(name).get());
  }

  /** {@code ns/name} from the cache when it answers and holds it, else from {@code read}. */
  private <T extends HasMetadata> T cachedOrRead(Cached<T> cache, String ns, String name,
      java.util.function.Supplier<T> read) {
    if (cache != null && cache.answers() && ns.equals(namespace)) {
      T cached = cache.get(name);
      if (cached != null) {
        return cached;
      }
    }
    return read.get();
  }

  /**
   * Whether WorkflowExecution {@code ns/name} has ended, as cached: a workflow the cache does not
   * hold counts as running (stricter; pruning reads it fresh before dropping its reservations).
   * Read from the API server only while no cache answers.
   */
  boolean ended(String ns, String name) {
    Cached<WorkflowExecution> cache = workflows;
    WorkflowExecution wfe = cache != null && cache.answers() && ns.equals(namespace)
        ? cache.get(name)
        : client.resources(WorkflowExecution.class).inNamespace(ns).withName(name).get();
    return wfe != null && ended(wfe);
  }

  /** Whether {@code wfe} has reached a terminal phase. */
  static boolean ended(WorkflowExecution wfe) {
    return StatusPatches.ended(WorkflowPhase.class, wfe.getStatus(), wfe.getStatus() == null ? null : wfe.getStatus().getPhase());
  }

  /** The names of the WorkflowExecutions in {@code ns} whose verification failed (they ended NotRemediated or RolledBack). */
  List<String> failedVerification(String ns) {
    Cached<WorkflowExecution> cache = workflows;
    List<WorkflowExecution> failed = cache != null && cache.answers() && ns.equals(namespace)
        ? cache.byIndex(FAILED_VERIFICATION, "true")
        : client.resources(WorkflowExecution.class).inNamespace(ns).list().getItems().stream()
            .filter(SafetyInformers::failedVerification).toList();
    List<String> names = new ArrayList<>();
    failed.forEach(w -> names.add(w.getMetadata().getName()));
    return names;
  }

  /** Every node. */
  List<Node> nodes() {
    SharedIndexInformer<Node> informer = nodes;
    return informer != null ? informer.getStore().list() : client.nodes().list().getItems();
  }

  /**
   * Namespace {@code name} as the informer holds it; empty while none runs, after the stop, while
   * its watch is down (its copy may be behind by as long as the outage), or when it does not hold it.
   */
  public Optional<Namespace> watchedNamespace(String name) {
    return watched(namespaces, name);
  }

  /** Node {@code name} as the informer holds it; empty as for {@link #watchedNamespace}. */
  public Optional<Node> watchedNode(String name) {
    return watched(nodes, name);
  }

  private static <T> Optional<T> watched(SharedIndexInformer<T> informer, String name) {
    return informer == null || !watching(informer) ? Optional.empty()
        : Optional.ofNullable(informer.getStore().getByKey(name));
  }

  /**
   * Whether the informer's watch is up. fabric8 7.5.2's {@code isWatching} can throw a
   * NullPointerException while the informer is being closed (it reads the watch it is clearing); that
   * counts as not watching.
   */
  public static boolean watching(SharedIndexInformer<?> informer) {
    try {
      return informer.isWatching();
    } catch (RuntimeException closing) {
      return false;
    }
  }

  /**
   * The labels of namespace {@code name} as cached (empty when it does not exist). A namespace the
   * cache does not hold is read from the API server: one created a moment ago may not be cached
   * yet, and "gone" is only believed from the API server. A label change reaches the cache by the
   * watch, as fast as a change of the kill switch or the protected namespaces in kubernaut-config.
   */
  public Map<String, String> namespaceLabels(String name) {
    SharedIndexInformer<Namespace> informer = namespaces;
    Namespace found = informer == null ? null : informer.getStore().getByKey(name);
    if (found == null) {
      found = client.namespaces().withName(name).get();
    }
    return found == null || found.getMetadata().getLabels() == null ? Map.of() : found.getMetadata().getLabels();
  }

  /**
   * The ledger ConfigMap in {@code ns} as cached, or null: possibly behind, even missing while its
   * creation is on the way, which is safe because it is only ever written with the resourceVersion
   * it was read with (a create of one that exists conflicts too). Read from the API server only
   * while no informer runs.
   */
  ConfigMap ledger(String ns) {
    return configMap(ns, DisruptionLedger.NAME);
  }

  /** The ledger ConfigMap in {@code ns} read from the API server, or null. */
  ConfigMap freshLedger(String ns) {
    return freshConfigMap(ns, DisruptionLedger.NAME);
  }

  /**
   * ConfigMap {@code ns/name} ({@link DisruptionLedger#NAME} or {@link HistoryKeeper#NAME}) as cached,
   * with the same caveats as {@link #ledger}; read from the API server while no informer runs.
   */
  ConfigMap configMap(String ns, String name) {
    SharedIndexInformer<ConfigMap> informer = DisruptionLedger.NAME.equals(name) ? ledgers
        : HistoryKeeper.NAME.equals(name) ? histories : null;
    return informer != null && ns.equals(namespace)
        ? informer.getStore().getByKey(Cache.namespaceKeyFunc(ns, name)) : freshConfigMap(ns, name);
  }

  /** ConfigMap {@code ns/name} read from the API server, or null. */
  ConfigMap freshConfigMap(String ns, String name) {
    return client.configMaps().inNamespace(ns).withName(name).get();
  }

  private static List<String> failedVerificationIndex(WorkflowExecution w) {
    return List.of(Boolean.toString(failedVerification(w)));
  }

  /** Whether {@code w} failed its verification: it ended NotRemediated or RolledBack. */
  public static boolean failedVerification(WorkflowExecution w) {
    return w.getStatus() != null && w.getStatus().getOutcome() != null && FAILED_OUTCOMES.contains(w.getStatus().getOutcome());
  }

  /** Stops the informers; later reads go to the API server. */
  @Override
  public synchronized void close() {
    closed = true;
    Cached<?> kex = executions;
    Cached<?> wfe = workflows;
    List<SharedIndexInformer<?>> running = new ArrayList<>();
    for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {nodes, namespaces, ledgers, histories}) {
      if (informer != null) {
        running.add(informer);
      }
    }
    executions = null;
    workflows = null;
    nodes = null;
    namespaces = null;
    ledgers = null;
    histories = null;
    if (kex != null) {
      kex.close();
    }
    if (wfe != null) {
      wfe.close();
    }
    running.forEach(SharedIndexInformer::close);
  }

  /** One kind the envelope counts, in the operator's namespace, as a cache holds it. */
  private interface Cached<T extends HasMetadata> {

    /** Whether the cache answers (else reads go to the API server). */
    boolean answers();

    /** The object named {@code name}, or null. */
    T get(String name);

    List<T> all();

    List<T> byIndex(String index, String key);

    /** Whether its watch is up (a relayed kind's is its controller's, which JOSDK's health reports). */
    boolean watching();

    void close();
  }

  /** A kind from an informer of the envelope's own. */
  private final class OwnInformer<T extends HasMetadata> implements Cached<T> {

    private final SharedIndexInformer<T> informer;

    OwnInformer(SharedIndexInformer<T> informer) {
      this.informer = informer;
    }

    @Override
    public boolean answers() {
      return true;
    }

    @Override
    public T get(String name) {
      return informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
    }

    @Override
    public List<T> all() {
      return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    @Override
    public List<T> byIndex(String index, String key) {
      return informer.getIndexer().byIndex(index, key);
    }

    @Override
    public boolean watching() {
      return SafetyInformers.watching(informer);
    }

    @Override
    public void close() {
      informer.close();
    }
  }

  /** A kind from its controller's informer, once that controller has listed. */
  private final class Relayed<T extends HasMetadata> implements Cached<T> {

    private final PrimaryRelay<T> relay;

    Relayed(PrimaryRelay<T> relay) {
      this.relay = relay;
    }

    @Override
    public boolean answers() {
      return relay.listed();
    }

    @Override
    public T get(String name) {
      return relay.cached(new ResourceID(name, namespace)).orElse(null);
    }

    @Override
    public List<T> all() {
      return relay.cachedIn(namespace);
    }

    @Override
    public List<T> byIndex(String index, String key) {
      return relay.byIndex(index, key);
    }

    @Override
    public boolean watching() {
      return true;
    }

    @Override
    public void close() {
      // The controller's informer: JOSDK stops it.
    }
  }
}
