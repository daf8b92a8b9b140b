package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An informer's store that keeps each object version once for every informer of its kind, and
 * keeps it compact: as its JSON, deflated ({@link PackedObject}), materialised again on a read.
 *
 * <p><b>Shared.</b> Several informers watch the same kind (an AlertRemediation is the primary of its
 * controller, a secondary of the workflow and execution controllers and the gateway's dedup cache;
 * a child is the primary of its controller and a secondary of the AlertRemediation's), and each
 * deserialises its own copy of every object. Objects are matched by uid and resourceVersion, so two
 * informers share a version only when they both saw it; one that is behind keeps its own until it
 * catches up.
 *
 * <p><b>Compact.</b> A waiting remediation is read by nobody until something happens to it, yet an
 * object graph of it and its children cost about 20 KiB of heap each (a few hundred small objects
 * and strings); its deflated JSON costs about a tenth. Objects are packed on a thread of their own
 * (never on the informer's, which is the HTTP client's event loop), held as put until then. A read
 * materialises the object from the bytes unless it is still in memory: the instance last put or materialised stays reachable as
 * long as anyone holds it, and the {@link #HOT} latest of each kind are held here, so the objects a
 * running pipeline works on are not parsed again on every read. Informer caches are read-only by
 * contract (JOSDK clones a primary before reconciling it, and a reconciler writes a copy of a
 * secondary, never the cached one), so whether a read answers the instance that was put or a fresh
 * copy of the same version changes nothing but identity; the resourceVersion and every field are
 * the same (the round trip is the one the informer's own JSON made).
 *
 * <p>It keeps no {@code metadata.managedFields}: no reader of a cache uses them, and on a real API
 * server they are often the largest part of a status-heavy object's metadata (one entry per
 * manager and subresource, each a tree of field names). Leaving them out changes no write: an
 * update whose object has none keeps the server's, and a server-side apply sends none.
 *
 * @param <T> the kind
 */
public final class SharedItemStore<T extends HasMetadata> implements ItemStore<T> {

  /** Instances of each kind held strongly after their last put or read, however few hold them. */
  static final int HOT = 256;

  private static final Map<Class<?>, Pool<?>> POOLS = new ConcurrentHashMap<>();

  private final Map<String, PackedObject<T>> items = new ConcurrentHashMap<>();
  private final Pool<T> pool;

  private SharedItemStore(Pool<T> pool) {
    this.pool = pool;
  }

  /** A new store (one per informer) that shares its objects with every other store of {@code kind}. */
  public static <T extends HasMetadata> SharedItemStore<T> of(Class<T> kind) {
    return new SharedItemStore<>(pool(kind));
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> Pool<T> pool(Class<T> kind) {
    return (Pool<T>) POOLS.computeIfAbsent(kind, k -> new Pool<>(kind));
  }

  /**
   * {@code obj}'s version as the informers keep it (packed once for all of them), for a reader that
   * lists a kind the informers hold and keeps what it listed while it works (the audit re-projector
   * at start): it then keeps a compact copy, not a second object graph of every object. The caller
   * must not change what the supplier answers.
   */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> Supplier<T> packed(T obj) {
    withoutManagedFields(obj);
    return pool((Class<T>) obj.getClass()).packed(obj);
  }

  private static void withoutManagedFields(HasMetadata obj) {
    if (obj.getMetadata() != null) {
      obj.getMetadata().setManagedFields(null);
    }
  }

  @Override
  public String getKey(T obj) {
    return Cache.metaNamespaceKeyFunc(obj);
  }

  @Override
  public T put(String key, T obj) {
    withoutManagedFields(obj);
    return object(items.put(key, pool.packed(obj)));
  }

  @Override
  public T remove(String key) {
    return object(items.remove(key));
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return items.values().stream().map(PackedObject::get);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public T get(String key) {
    return object(items.get(key));
  }

  private static <T extends HasMetadata> T object(PackedObject<T> packed) {
    return packed == null ? null : packed.get();
  }

  /** The packed versions of one kind, by uid, held weakly (stale entries go as no store holds them), and its hot instances. */
  private static final class Pool<T extends HasMetadata> {

    private final Class<T> kind;
    private final Map<String, Held<T>> byUid = new ConcurrentHashMap<>();
    private final ReferenceQueue<PackedObject<T>> collected = new ReferenceQueue<>();
    private final Object[] hot = new Object[HOT];
    private int next;

    Pool(Class<T> kind) {
      this.kind = kind;
    }

    /** The packed version of {@code obj} some store already holds, else {@code obj} packed (then the one shared). */
    PackedObject<T> packed(T obj) {
      expunge();
      String uid = obj.getMetadata() == null ? null : obj.getMetadata().getUid();
      String version = obj.getMetadata() == null ? null : obj.getMetadata().getResourceVersion();
      if (uid == null || version == null) {
        keepHot(obj);
        return PackedObject.of(obj, kind, this::keepHot);
      }
      PackedObject<T> known = current(uid, version);
      if (known != null) {
        keepHot(known.adopt(obj));
        return known;
      }
      PackedObject<T> fresh = PackedObject.of(obj, kind, this::keepHot);
      Object[] result = new Object[1];
      byUid.compute(uid, (k, held) -> {
        PackedObject<T> existing = held == null ? null : held.get();
        if (existing != null && Objects.equals(version, existing.version())) {
          result[0] = existing;
          return held;
        }
        result[0] = fresh;
        return new Held<>(uid, fresh, collected);
      });
      @SuppressWarnings("unchecked")
      PackedObject<T> shared = (PackedObject<T>) result[0];
      keepHot(shared.adopt(obj));
      return shared;
    }

    private PackedObject<T> current(String uid, String version) {
      Held<T> held = byUid.get(uid);
      PackedObject<T> existing = held == null ? null : held.get();
      return existing != null && Objects.equals(version, existing.version()) ? existing : null;
    }

    /** Holds {@code obj} among the latest {@link #HOT} of the kind (a read of the same object twice in a row takes one slot). */
    void keepHot(T obj) {
      synchronized (hot) {
        if (hot[(next + HOT - 1) % HOT] != obj) {
          hot[next] = obj;
          next = (next + 1) % HOT;
        }
      }
    }

    private void expunge() {
      for (Object ref; (ref = collected.poll()) != null; ) {
        Held<?> held = (Held<?>) ref;
        byUid.remove(held.uid, held);
      }
    }
  }

  private static final class Held<T extends HasMetadata> extends WeakReference<PackedObject<T>> {
    private final String uid;

    Held(String uid, PackedObject<T> referent, ReferenceQueue<PackedObject<T>> queue) {
      super(referent, queue);
      this.uid = uid;
    }
  }
}
