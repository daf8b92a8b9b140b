package io.kubernaut.k8s.safety;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.k8s.runtime.SharedItemStore;
import io.kubernaut.k8s.status.StatusPatches;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * attempt) and the disruption ledger's ConfigMap. One list and one watch per kind for the
 * operator's life instead of a LIST per safety check, or a GET of the namespace per attempt. The operator starts them before its
 * controllers; only before {@link #start} (and after {@link #close}, while the operator stops) do
 * reads go to the API server.
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
  private volatile SharedIndexInformer<KubernetesExecution> executions;
  private volatile SharedIndexInformer<WorkflowExecution> workflows;
  private volatile SharedIndexInformer<Node> nodes;
  private volatile SharedIndexInformer<Namespace> namespaces;
  private volatile SharedIndexInformer<ConfigMap> ledgers;

  /** @param namespace the operator's namespace, where the executions, workflows and the ledger live */
  public SafetyInformers(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The client the reads that bypass the caches use. */
  public KubernetesClient client() {
    return client;
  }

  /** Starts the five informers and waits until each has listed once. */
  public synchronized void start() {
    if (executions != null) {
      return;
    }
    SharedIndexInformer<KubernetesExecution> kex = client.resources(KubernetesExecution.class).inNamespace(namespace)
        .withLimit(OperatorRuntime.LIST_PAGE).runnableInformer(0).itemStore(SharedItemStore.of(KubernetesExecution.class));
    SharedIndexInformer<WorkflowExecution> wfe = client.resources(WorkflowExecution.class).inNamespace(namespace)
        .withLimit(OperatorRuntime.LIST_PAGE).runnableInformer(0).itemStore(SharedItemStore.of(WorkflowExecution.class));
    wfe.addIndexers(Map.of(FAILED_VERIFICATION, w -> List.of(Boolean.toString(failedVerification(w)))));
    SharedIndexInformer<Node> node = client.nodes().runnableInformer(0);
    SharedIndexInformer<Namespace> ns = client.namespaces().withLimit(OperatorRuntime.LIST_PAGE).runnableInformer(0);
    SharedIndexInformer<ConfigMap> ledger = client.configMaps().inNamespace(namespace).withName(DisruptionLedger.NAME)
        .runnableInformer(0);
    List<SharedIndexInformer<?>> all = List.of(kex, wfe, node, ns, ledger);
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
          + "and the disruption ledger within " + SYNC_TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
    }
    executions = kex;
    workflows = wfe;
    nodes = node;
    namespaces = ns;
    ledgers = ledger;
    LOG.info("Safety informers synced: {} executions, {} workflows, {} nodes, {} namespaces in the cache",
        kex.getStore().list().size(), wfe.getStore().list().size(), node.getStore().list().size(),
        ns.getStore().list().size());
  }

  /** The informers whose watch is down, by kind; empty when all watch or none runs (reads then go to the API server). */
  public List<String> notWatching() {
    List<String> down = new ArrayList<>();
    Map<String, SharedIndexInformer<?>> running = new java.util.LinkedHashMap<>();
    running.put("KubernetesExecution", executions);
    running.put("WorkflowExecution", workflows);
    running.put("Node", nodes);
    running.put("Namespace", namespaces);
    running.put("ConfigMap " + DisruptionLedger.NAME, ledgers);
    running.forEach((kind, informer) -> {
      if (informer != null && !informer.isWatching()) {
        down.add(kind);
      }
    });
    return down;
  }

  /** Whether reads come from the caches. */
  public boolean cached() {
    return executions != null;
  }

  /** Every KubernetesExecution in {@code ns}. */
  List<KubernetesExecution> executions(String ns) {
    SharedIndexInformer<KubernetesExecution> informer = executions;
    if (informer != null && ns.equals(namespace)) {
      return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns);
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

  /** {@code ns/name} from {@code informer}'s cache when it runs and holds it, else from {@code read}. */
  private <T> T cachedOrRead(SharedIndexInformer<T> informer, String ns, String name, java.util.function.Supplier<T> read) {
    if (informer != null && ns.equals(namespace)) {
      T cached = informer.getStore().getByKey(Cache.namespaceKeyFunc(ns, name));
      if (cached != null) {
        return cached;
      }
    }
    return read.get();
  }

  /**
   * Whether WorkflowExecution {@code ns/name} has ended, as cached: a workflow the cache does not
   * hold counts as running (stricter; pruning reads it fresh before dropping its reservations).
   * Read from the API server only while no informer runs.
   */
  boolean ended(String ns, String name) {
    SharedIndexInformer<WorkflowExecution> informer = workflows;
    WorkflowExecution wfe = informer != null && ns.equals(namespace)
        ? informer.getStore().getByKey(Cache.namespaceKeyFunc(ns, name))
        : client.resources(WorkflowExecution.class).inNamespace(ns).withName(name).get();
    return wfe != null && ended(wfe);
  }

  /** Whether {@code wfe} has reached a terminal phase. */
  static boolean ended(WorkflowExecution wfe) {
    return StatusPatches.ended(WorkflowPhase.class, wfe.getStatus(), wfe.getStatus() == null ? null : wfe.getStatus().getPhase());
  }

  /** The names of the WorkflowExecutions in {@code ns} whose verification failed (they ended NotRemediated or RolledBack). */
  List<String> failedVerification(String ns) {
    SharedIndexInformer<WorkflowExecution> informer = workflows;
    List<WorkflowExecution> failed = informer != null && ns.equals(namespace)
        ? informer.getIndexer().byIndex(FAILED_VERIFICATION, "true")
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
    SharedIndexInformer<ConfigMap> informer = ledgers;
    return informer != null && ns.equals(namespace)
        ? informer.getStore().getByKey(Cache.namespaceKeyFunc(ns, DisruptionLedger.NAME)) : freshLedger(ns);
  }

  /** The ledger ConfigMap in {@code ns} read from the API server, or null. */
  ConfigMap freshLedger(String ns) {
    return client.configMaps().inNamespace(ns).withName(DisruptionLedger.NAME).get();
  }

  private static boolean failedVerification(WorkflowExecution w) {
    return w.getStatus() != null && w.getStatus().getOutcome() != null && FAILED_OUTCOMES.contains(w.getStatus().getOutcome());
  }

  /** Stops the informers; later reads go to the API server. */
  @Override
  public synchronized void close() {
    List<SharedIndexInformer<?>> running = new ArrayList<>();
    for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {executions, workflows, nodes, namespaces, ledgers}) {
      if (informer != null) {
        running.add(informer);
      }
    }
    executions = null;
    workflows = null;
    nodes = null;
    namespaces = null;
    ledgers = null;
    running.forEach(SharedIndexInformer::close);
  }
}
