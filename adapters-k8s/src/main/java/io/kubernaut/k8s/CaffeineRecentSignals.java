package io.kubernaut.k8s;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.k8s.safety.SafetyInformers;
import io.kubernaut.k8s.runtime.SharedItemStore;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded dedup fast path in front of the API server: the AlertRemediations last seen per
 * fingerprint and per name, kept fresh by an informer on the operator namespace. It is never the
 * source of truth: every write it leads to carries the cached resourceVersion, so a stale entry
 * costs one 409 and a re-read, never a wrong count. While the informer is not watching (API server
 * unreachable, not yet synced) the cache is empty and every lookup goes to the API server.
 *
 * <p>It holds the informers' instances ({@link SharedItemStore#shared}): an entry costs its map
 * node, not a second copy of the remediation, also when it came from the API server's answer.
 *
 * <p>A fingerprint the cache does not hold is answered from the informer's own store, indexed by
 * fingerprint, once it has synced: a new alert costs no LIST. The informer may lag behind a create
 * made a moment ago by another request or replica; names are deterministic, so such a create answers
 * AlreadyExists, and the fingerprint is then {@linkplain #invalidate(String) invalidated}: its next
 * lookup goes to the API server.
 */
final class CaffeineRecentSignals implements ResourceEventHandler<AlertRemediation>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CaffeineRecentSignals.class);
  static final long MAX_FINGERPRINTS = 10_000;
  private static final String FINGERPRINT_INDEX = "fingerprint";
  private static final String PHASE_INDEX = "phase";

  /**
   * Where the gateway's caches do their upkeep (eviction, expiry, draining their write buffers): on the
   * thread that wrote, not Caffeine's default, the common fork-join pool. Every new alert writes these
   * caches several times; each write handed a cleanup task to the pool, which woke an idle worker that
   * then parked again (in a profile of the cluster-mode gateway, 2026-12-05, 3.0% of the operator's
   * samples on those workers, 1.2% of them parking). The upkeep itself is the same work either way, done
   * under the cache's own lock (taken if free; waited for only when the cache's write buffer is full,
   * as with any executor).
   */
  static final java.util.concurrent.Executor UPKEEP = Runnable::run;

  private final Cache<String, List<AlertRemediation>> byFingerprint;
  private final Cache<String, AlertRemediation> byName;
  /** Fingerprints whose next lookup must go to the API server (the informer was behind a create). */
  private final Cache<String, Boolean> askServer;
  private final KubernetesClient client;
  private final String namespace;
  private volatile SharedIndexInformer<AlertRemediation> informer;
  private boolean closed;
  private volatile boolean wasWatching;

  CaffeineRecentSignals(KubernetesClient client, String namespace, Duration ttl) {
    this.client = client;
    this.namespace = namespace;
    this.byFingerprint = Caffeine.newBuilder().executor(UPKEEP).maximumSize(MAX_FINGERPRINTS).expireAfterWrite(ttl).build();
    this.byName = Caffeine.newBuilder().executor(UPKEEP).maximumSize(MAX_FINGERPRINTS).expireAfterWrite(ttl).build();
    this.askServer = Caffeine.newBuilder().executor(UPKEEP).maximumSize(MAX_FINGERPRINTS).expireAfterWrite(ttl).build();
  }

  /**
   * Starts the informer that keeps the cache fresh, once, and never after {@link #close()}; it retries by
   * itself while the API server is away. Until it has listed, every lookup goes to the API server.
   */
  void start() {
    if (informer == null) {
      startOnce();
    }
  }

  private synchronized void startOnce() {
    if (informer == null && !closed) {
      SharedIndexInformer<AlertRemediation> created = client.resources(AlertRemediation.class).inNamespace(namespace)
          .withLimit(OperatorRuntime.LIST_PAGE).runnableInformer(0).itemStore(SharedItemStore.of(AlertRemediation.class));
      created.exceptionHandler((started, t) -> true);
      created.addIndexers(Map.of(FINGERPRINT_INDEX, ar -> ar.getSpec() == null || ar.getSpec().getFingerprint() == null
          ? List.of() : List.of(ar.getSpec().getFingerprint()), PHASE_INDEX, ar -> List.of(phaseOf(ar))));
      created.addEventHandler(this);
      created.start();
      informer = created;
    }
  }


  /**
   * AlertRemediations per phase, from the informer's phase index (no API call, and no object read:
   * the store keeps them packed).
   */
  Optional<java.util.Map<String, Long>> countByPhase() {
    SharedIndexInformer<AlertRemediation> current = informer;
    if (current == null || !current.hasSynced()) {
      return Optional.empty(); // not listed yet: not known, rather than none
    }
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    for (RemediationPhase phase : RemediationPhase.values()) {
      int n = current.getIndexer().indexKeys(PHASE_INDEX, phase.name()).size();
      if (n > 0) {
        counts.put(phase.name(), (long) n);
      }
    }
    return Optional.of(counts);
  }

  private static String phaseOf(AlertRemediation ar) {
    return ar.getStatus() == null || ar.getStatus().getPhase() == null ? RemediationPhase.Pending.name()
        : ar.getStatus().getPhase().name();
  }

  /** Whether entries can be used: only while the informer is watching, so that every change reaches them. */
  private boolean usable() {
    SharedIndexInformer<AlertRemediation> current = informer;
    boolean watching = current != null && SafetyInformers.watching(current);
    if (!watching && wasWatching) {
      LOG.warn("The AlertRemediation watch stopped; the dedup cache is bypassed until it resumes");
      invalidateAll();
    }
    wasWatching = watching;
    return watching;
  }

  /** The remediations last seen with {@code fingerprint}, if known. */
  Optional<List<AlertRemediation>> byFingerprint(String fingerprint) {
    return usable() ? Optional.ofNullable(byFingerprint.getIfPresent(fingerprint)) : Optional.empty();
  }

  /**
   * The remediations with {@code fingerprint} in the informer's store, once it has synced and while it
   * watches; empty when they must be read from the API server instead.
   */
  Optional<List<AlertRemediation>> fromWatch(String fingerprint) {
    SharedIndexInformer<AlertRemediation> current = informer;
    if (!usable() || !current.hasSynced() || askServer.getIfPresent(fingerprint) != null) {
      return Optional.empty();
    }
    return Optional.of(List.copyOf(current.getIndexer().byIndex(FINGERPRINT_INDEX, fingerprint)));
  }

  /** The remediation last seen with {@code name}, if known. */
  Optional<AlertRemediation> byName(String name) {
    return usable() ? Optional.ofNullable(byName.getIfPresent(name)) : Optional.empty();
  }

  /** Remembers a complete answer for {@code fingerprint}: the API server's, or the watch's. */
  void remember(String fingerprint, List<AlertRemediation> remediations, boolean fromServer) {
    if (fromServer) {
      askServer.invalidate(fingerprint);
    }
    if (usable()) {
      // The informer's instance of each version it holds: the cache keeps no copy of its own.
      List<AlertRemediation> shared = remediations.stream().map(SharedItemStore::shared).toList();
      byFingerprint.put(fingerprint, shared);
      shared.forEach(ar -> byName.put(ar.getMetadata().getName(), ar));
    }
  }

  /**
   * Replaces what is known of {@code ar} with this version (a write's answer or a watch event), held
   * as the informers' instance of that version where they hold it.
   */
  void observed(AlertRemediation written) {
    if (written.getSpec() != null && written.getSpec().getFingerprint() != null) {
      know(SharedItemStore.shared(written));
    }
  }

  /**
   * Knows {@code created}, made by this replica from what it sent and the metadata of the API server's
   * answer, until the watch delivers the API server's own copy (which replaces it here). It stays out of
   * the informers' shared pool ({@link SharedItemStore}), so that no informer ever holds it instead of
   * what the API server sent. When the watch was first (its copy of this remediation, or a later version,
   * is known already), nothing changes: the created object is never newer than what the watch delivered.
   */
  void created(AlertRemediation created) {
    AlertRemediation known = byName.getIfPresent(created.getMetadata().getName());
    if (known == null || !java.util.Objects.equals(known.getMetadata().getUid(), created.getMetadata().getUid())) {
      know(created);
    }
  }

  private void know(AlertRemediation ar) {
    String name = ar.getMetadata().getName();
    boolean[] fingerprintKnown = {false};
    byFingerprint.asMap().computeIfPresent(ar.getSpec().getFingerprint(), (k, list) -> {
      fingerprintKnown[0] = true;
      List<AlertRemediation> next = new ArrayList<>(list.size() + 1);
      boolean replaced = false;
      for (AlertRemediation known : list) {
        boolean same = known.getMetadata().getName().equals(name);
        next.add(same ? later(known, ar) : known);
        replaced |= same;
      }
      if (!replaced) {
        next.add(ar);
      }
      return List.copyOf(next);
    });
    // A remediation of a known fingerprint is known by name too (the one this replica just created
    // included): its duplicates then read it from here, not from the API server.
    if (fingerprintKnown[0]) {
      byName.asMap().merge(name, ar, CaffeineRecentSignals::later);
    } else {
      byName.asMap().computeIfPresent(name, (k, old) -> later(old, ar));
    }
  }

  /**
   * {@code ar}, unless {@code known} is a later version of the same remediation: a watch event of an older version
   * can arrive after this replica's write answered a newer one, and taking it back made a write computed on the cache
   * find nothing to do (a firing taken for past the bound of a list a resolution had just shortened). Versions are
   * compared as the numbers the API server writes; one that is not a number is taken as newer.
   */
  static AlertRemediation later(AlertRemediation known, AlertRemediation ar) {
    if (known == null || !java.util.Objects.equals(known.getMetadata().getUid(), ar.getMetadata().getUid())) {
      return ar;
    }
    long knownVersion = version(known);
    long version = version(ar);
    return knownVersion > version && version >= 0 ? known : ar;
  }

  private static long version(AlertRemediation ar) {
    try {
      return Long.parseLong(ar.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return -1;
    }
  }

  /** Forgets {@code fingerprint}, so that the next lookup asks the API server. */
  void invalidate(String fingerprint) {
    askServer.put(fingerprint, Boolean.TRUE);
    List<AlertRemediation> known = byFingerprint.asMap().remove(fingerprint);
    if (known != null) {
      known.forEach(ar -> byName.invalidate(ar.getMetadata().getName()));
    }
  }

  void invalidateAll() {
    byFingerprint.invalidateAll();
    askServer.invalidateAll();
    byName.invalidateAll();
  }

  @Override
  public void onAdd(AlertRemediation ar) {
    observed(ar);
  }

  @Override
  public void onUpdate(AlertRemediation oldAr, AlertRemediation newAr) {
    observed(newAr);
  }

  @Override
  public void onDelete(AlertRemediation ar, boolean deletedFinalStateUnknown) {
    byName.invalidate(ar.getMetadata().getName());
    if (ar.getSpec() != null && ar.getSpec().getFingerprint() != null) {
      invalidate(ar.getSpec().getFingerprint());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (informer != null) {
      informer.close();
    }
  }
}
