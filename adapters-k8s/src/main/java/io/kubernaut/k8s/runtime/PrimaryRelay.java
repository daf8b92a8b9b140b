package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's primaries, read and watched by the other controllers of the operator through
 * that controller's own informer. An AlertRemediation was watched by three informers (its
 * controller's, the workflow controller's and the execution controller's), and each child kind by
 * its controller's and its parent's, each informer parsing every watch event of every object; with
 * relays only the owning controller's informer parses them (and only it lists the kind at start).
 *
 * <p>The owning controller registers {@link #publisher}: JOSDK hands it every event of the
 * controller's primaries (before the controller's own update filter), and it passes each on to the
 * {@link #subscriber}s, the event sources of the other controllers. A subscriber answers its
 * controller's {@code context.getSecondaryResource(s)} from the owning controller's cache, and
 * reconciles the object an added (as its filter decides), deleted or updated (as its filter
 * decides) primary maps to.
 *
 * <p>Until the owning controller has listed its kind, another controller may already reconcile, and
 * an object the cache does not hold is read from the API server. From then on the cache is the
 * answer: an object it does not hold does not exist yet (or no longer), as for any informer, with
 * no read per miss. Listed means that JOSDK has started the publisher <em>and</em> every informer
 * of the controller has synced: JOSDK starts the publisher once the controller's informer has
 * synced or has given up waiting for it (a first LIST that failed or took longer than the cache
 * sync timeout is retried in the background), and a partial cache taken for the whole would make
 * the safety envelope count too few executions.
 *
 * @param <P> the owning controller's kind
 */
public final class PrimaryRelay<P extends HasMetadata> {

  private static final Logger LOG = LoggerFactory.getLogger(PrimaryRelay.class);

  private final Class<P> kind;
  private final KubernetesClient client;
  private final Duration listingWait;
  private final List<Subscriber<?>> subscribers = new CopyOnWriteArrayList<>();
  private final Map<String, Function<P, List<String>>> indexers = new ConcurrentHashMap<>();
  private volatile IndexerResourceCache<P> cache;
  /** JOSDK has started the publisher (its controller's informer has synced or JOSDK stopped waiting for it). */
  private volatile boolean started;
  /** Started, and every informer of the cache had synced when last asked: stays so until the publisher stops. */
  private volatile boolean listed;

  /** A relay whose subscribers' controllers wait at start at most {@link OperatorRuntime#CACHE_SYNC_TIMEOUT} for it. */
  public PrimaryRelay(Class<P> kind, KubernetesClient client) {
    this(kind, client, OperatorRuntime.CACHE_SYNC_TIMEOUT);
  }

  /** @param listingWait how long a subscriber's controller waits at start for the owning controller to have listed */
  public PrimaryRelay(Class<P> kind, KubernetesClient client, Duration listingWait) {
    this.kind = kind;
    this.client = client;
    this.listingWait = listingWait;
  }

  /** The event source the owning controller registers; its primary cache is what the subscribers read. */
  public EventSource<P, P> publisher(EventSourceContext<P> context) {
    cache = context.getPrimaryCache();
    if (!indexers.isEmpty()) {
      cache.addIndexers(Map.copyOf(indexers));
    }
    return new Publisher();
  }

  /** Adds an index to the owning controller's cache, for {@link #byIndex}; before that controller registers. */
  public void index(String name, Function<P, List<String>> indexer) {
    if (cache != null) {
      throw new IllegalStateException("The index " + name + " of " + kind.getSimpleName()
          + " comes too late: its controller has registered.");
    }
    indexers.put(name, indexer);
  }

  /**
   * Waits at most {@code timeout} until the owning controller has listed; whether it has. The
   * informers' sync is looked at again every {@link #SYNC_CHECK} (it has no listener of its own).
   */
  synchronized boolean awaitListed(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (long left = timeout.toNanos(); !listed() && left > 0; left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, SYNC_CHECK.toNanos()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return listed();
  }

  private static final Duration SYNC_CHECK = Duration.ofMillis(50);

  /**
   * Whether the owning controller has listed its kind: its publisher started and its informers
   * synced. From then on {@link #cached} and the rest answer; before, their answers may be partial.
   */
  public boolean listed() {
    if (listed) {
      return true;
    }
    if (!started || !synced(cache)) {
      return false;
    }
    synchronized (this) {
      listed = started;
      notifyAll();
    }
    return listed;
  }

  /**
   * Whether every informer behind the cache has synced. A cache that reports no informers (a test's
   * stand-in, never a controller's) counts as synced once its publisher has started.
   */
  private static boolean synced(IndexerResourceCache<?> cache) {
    if (!(cache instanceof InformerWrappingEventSourceHealthIndicator<?> informers)) {
      return cache != null;
    }
    Map<String, InformerHealthIndicator> byNamespace = informers.informerHealthIndicators();
    return !byNamespace.isEmpty() && byNamespace.values().stream().allMatch(InformerHealthIndicator::hasSynced);
  }

  /**
   * The object {@code id} as the owning controller's cache holds it, or as this process created it when
   * the cache has not shown it yet ({@link #created}); only meaningful once {@link #listed}.
   */
  public Optional<P> cached(ResourceID id) {
    IndexerResourceCache<P> primaries = cache;
    Optional<P> found = primaries == null ? Optional.empty() : primaries.get(id);
    if (created.isEmpty()) {
      return found;
    }
    Created<P> mine = created.get(id);
    if (mine == null) {
      return found;
    }
    if (found.isPresent() || System.nanoTime() - mine.at() > CREATED_KEPT.toNanos()) {
      created.remove(id, mine);
      return found;
    }
    return Optional.of(mine.object());
  }

  /**
   * How long an object this process created stands in for the cache's copy at most, should its watch
   * event never come (an informer that listed again after the object had gone, and so never saw it).
   */
  static final Duration CREATED_KEPT = Duration.ofSeconds(30);

  private record Created<P>(P object, long at) {}

  /** Objects this process created whose watch event the owning controller's cache has not had yet. */
  private final Map<ResourceID, Created<P>> created = new ConcurrentHashMap<>();

  /**
   * Notes {@code object}, as the API server answered its create, until the owning controller's cache
   * shows it: {@link #cached} and the subscribers' reads find it meanwhile. A controller that created a
   * child and is reconciled again before the child's watch event came (its own status write's event,
   * another child's) otherwise finds no child and creates it again, which the API server refuses with a
   * 409 (13 and 18 in two bursts of 100 remediations, 2026-12-07). The cache's copy replaces it as soon as there is
   * one; a deletion's event drops it.
   */
  public void created(P object) {
    if (object != null && object.getMetadata() != null && object.getMetadata().getName() != null) {
      created.put(ResourceID.fromResource(object), new Created<>(object, System.nanoTime()));
    }
  }

  /** Who hears of each object the owning controller's informer sees added, updated or deleted. */
  private final List<java.util.function.Consumer<P>> watchers = new CopyOnWriteArrayList<>();

  /**
   * Hands {@code listener} every object the owning controller's informer sees added (its first list
   * included), updated or deleted, as the event brings it (a deletion: as it was last held, status
   * included), on the informer's event thread, before the subscribers hear of it: keep it short. A
   * listener that throws is logged and does not keep the event from the others.
   */
  public void whenSeen(java.util.function.Consumer<P> listener) {
    watchers.add(listener);
  }

  private void show(P resource) {
    for (java.util.function.Consumer<P> listener : watchers) {
      try {
        listener.accept(resource);
      } catch (RuntimeException e) {
        LOG.warn("A listener on {} {} failed: {}", kind.getSimpleName(), resource.getMetadata().getName(), e.toString());
      }
    }
  }

  private void seen(P resource) {
    if (!created.isEmpty()) {
      created.remove(ResourceID.fromResource(resource));
    }
  }

  /** The objects of {@code namespace} in the owning controller's cache; only meaningful once {@link #listed}. */
  public List<P> cachedIn(String namespace) {
    IndexerResourceCache<P> primaries = cache;
    return primaries == null ? List.of() : primaries.list(namespace).toList();
  }

  /** Every object in the owning controller's cache; only meaningful once {@link #listed}. */
  public List<P> cachedAll() {
    IndexerResourceCache<P> primaries = cache;
    return primaries == null ? List.of() : primaries.list().toList();
  }

  /** The cached objects whose index {@code index} ({@link #index}) has {@code key}; only meaningful once {@link #listed}. */
  public List<P> byIndex(String index, String key) {
    IndexerResourceCache<P> primaries = cache;
    return primaries == null ? List.of() : primaries.byIndex(index, key);
  }

  /**
   * An event source for another controller, of primaries {@code S}, that reads one relayed object
   * and is reconciled on its every addition.
   *
   * @param name the event source's name
   * @param relayed the relayed object an {@code S} reads (one at most)
   * @param reconciled the {@code S} to reconcile when a relayed object changes, if any
   * @param triggers which updates of a relayed object reconcile it
   */
  public <S extends HasMetadata> EventSource<P, S> subscriber(String name, Function<S, ResourceID> relayed,
      Function<P, Optional<ResourceID>> reconciled, OnUpdateFilter<P> triggers) {
    return subscriber(name, s -> Set.of(relayed.apply(s)), reconciled, p -> true, triggers);
  }

  /**
   * An event source for another controller, of primaries {@code S}.
   *
   * @param name the event source's name
   * @param relayed the relayed objects an {@code S} reads, by their names
   * @param reconciled the {@code S} to reconcile when a relayed object changes, if any
   * @param additions which additions of a relayed object reconcile it
   * @param triggers which updates of a relayed object reconcile it
   */
  public <S extends HasMetadata> EventSource<P, S> subscriber(String name, Function<S, Set<ResourceID>> relayed,
      Function<P, Optional<ResourceID>> reconciled, Predicate<P> additions, OnUpdateFilter<P> triggers) {
    Subscriber<S> subscriber = new Subscriber<>(name, relayed, reconciled, additions, triggers);
    subscribers.add(subscriber);
    return subscriber;
  }

  /**
   * The object {@code id} from the owning controller's cache; until that cache has listed, an object
   * it does not hold from the API server. Empty when it does not exist.
   */
  public Optional<P> get(ResourceID id) {
    if (listed) {
      return cached(id);
    }
    // Not listed yet: what the cache holds, else the API server (not a copy this process created, which the
    // cache's events may not replace for a while).
    IndexerResourceCache<P> primaries = cache;
    Optional<P> held = primaries == null ? Optional.empty() : primaries.get(id);
    return held.isPresent() ? held : fresh(id);
  }

  /**
   * The object {@code id} as the API server has it now, past the cache (which may lag behind a change
   * a check must not miss); empty when it does not exist.
   */
  public Optional<P> fresh(ResourceID id) {
    return Optional.ofNullable(client.resources(kind).inNamespace(id.getNamespace().orElse(null))
        .withName(id.getName()).get());
  }

  private final class Publisher extends AbstractEventSource<P, P> implements ResourceEventAware<P> {

    Publisher() {
      super(kind, kind.getSimpleName().toLowerCase(java.util.Locale.ROOT) + "-relay");
    }

    @Override
    public Set<P> getSecondaryResources(P primary) {
      return Set.of();
    }

    /**
     * Started by JOSDK once the owning controller's informer has synced, or once JOSDK has given up
     * waiting for it: {@link #listed} asks the informers too.
     */
    @Override
    public void start() {
      super.start();
      started = true;
      if (!listed()) {
        LOG.warn("The {} controller's informer has not listed yet; until it has, its objects are read from the API "
            + "server", kind.getSimpleName());
      }
    }

    @Override
    public void stop() {
      synchronized (PrimaryRelay.this) {
        started = false;
        listed = false;
      }
      super.stop();
    }

    @Override
    public void onResourceCreated(P resource) {
      seen(resource);
      show(resource);
      subscribers.forEach(s -> {
        if (s.additions.test(resource)) {
          s.relay(resource);
        }
      });
    }

    @Override
    public void onResourceUpdated(P updated, P previous) {
      seen(updated);
      show(updated);
      subscribers.forEach(s -> {
        if (s.triggers.accept(updated, previous)) {
          s.relay(updated);
        }
      });
    }

    @Override
    public void onResourceDeleted(P resource) {
      seen(resource);
      show(resource);
      subscribers.forEach(s -> s.relay(resource));
    }
  }

  private final class Subscriber<S extends HasMetadata> extends AbstractEventSource<P, S> {

    private final Function<S, Set<ResourceID>> relayed;
    private final Function<P, Optional<ResourceID>> reconciled;
    private final Predicate<P> additions;
    private final OnUpdateFilter<P> triggers;

    Subscriber(String name, Function<S, Set<ResourceID>> relayed, Function<P, Optional<ResourceID>> reconciled,
        Predicate<P> additions, OnUpdateFilter<P> triggers) {
      super(kind, name);
      this.relayed = relayed;
      this.reconciled = reconciled;
      this.additions = additions;
      this.triggers = triggers;
    }

    /**
     * Started by JOSDK before its controller processes events: as for an informer event source, the
     * controller starts once what it reads has listed (the controllers start in parallel), so it
     * does not read every object it looks up from the API server meanwhile. Past the relay's
     * listing wait it starts anyway and reads the API server until then.
     */
    @Override
    public void start() {
      super.start();
      if (!awaitListed(listingWait)) {
        LOG.warn("The {} controller had not listed its kind after {} ms; {} reads it from the API server until then",
            kind.getSimpleName(), listingWait.toMillis(), name());
      }
    }

    void relay(P resource) {
      EventHandler handler = getEventHandler();
      if (handler != null && isRunning()) {
        reconciled.apply(resource).ifPresent(id -> handler.handleEvent(new Event(id)));
      }
    }

    @Override
    public Set<P> getSecondaryResources(S primary) {
      Set<P> found = new LinkedHashSet<>();
      relayed.apply(primary).forEach(id -> get(id).ifPresent(found::add));
      return found;
    }
  }
}
