package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer's store that holds, for each object version, the one instance every other informer
 * of that kind holds too. Several informers watch the same kind (an AlertRemediation is the
 * primary of its controller and in the gateway's dedup cache, the other controllers reading it
 * through {@link PrimaryRelay}; a child is the primary of its controller and a secondary of the
 * AlertRemediation's), and each deserialises its own copy of every object: with many waiting
 * remediations those copies were most of the heap. Objects are matched by uid and
 * resourceVersion, so two informers share an instance only when they saw the same version; one
 * that is behind keeps its own until it catches up.
 *
 * <p>Informer caches are read-only by contract: JOSDK clones a primary before reconciling it, and a
 * reconciler never changes a secondary resource in place (it writes a copy), which is what makes
 * the sharing safe. The pool holds its instances weakly, so it keeps nothing alive that no
 * informer keeps.
 *
 * <p>Their keys are shared the same way ({@link #getKey}).
 *
 * <p>It keeps no {@code metadata.managedFields}: no reader of a cache uses them, and on a real API
 * server they are often the largest part of a status-heavy object's metadata (one entry per
 * manager and subresource, each a tree of field names). Leaving them out changes no write: an
 * update whose object has none keeps the server's, and a server-side apply sends none.
 *
 * @param <T> the kind
 */
public final class SharedItemStore<T extends HasMetadata> implements ItemStore<T> {

  private static final Map<Class<?>, Pool<?>> POOLS = new ConcurrentHashMap<>();

  private final Map<String, T> items = new ConcurrentHashMap<>();
  private final Pool<T> pool;

  private SharedItemStore(Pool<T> pool) {
    this.pool = pool;
  }

  /** A new store (one per informer) that shares its objects with every other store of {@code kind}. */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> SharedItemStore<T> of(Class<T> kind) {
    return new SharedItemStore<>((Pool<T>) POOLS.computeIfAbsent(kind, k -> new Pool<>()));
  }

  /**
   * The instance an informer holds for {@code obj}'s version, else {@code obj} (then shared from now
   * on): for a reader that lists a kind the informers hold (the audit re-projector at start), so that
   * what it keeps while it works is not a second copy of every object. The caller must not change
   * what it gets.
   */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> T shared(T obj) {
    withoutManagedFields(obj);
    return ((Pool<T>) POOLS.computeIfAbsent(obj.getClass(), k -> new Pool<>())).canonical(obj);
  }

  private static void withoutManagedFields(HasMetadata obj) {
    if (obj.getMetadata() != null) {
      obj.getMetadata().setManagedFields(null);
    }
  }

  /**
   * The object's {@code namespace/name}, one instance for all stores: each informer's store and
   * index holds the key, and a new string per store was a copy per informer of every object.
   * Interned (the JVM's string table holds its entries weakly), so a key no store holds is collected.
   */
  @Override
  public String getKey(T obj) {
    return Cache.metaNamespaceKeyFunc(obj).intern();
  }

  @Override
  public T put(String key, T obj) {
    withoutManagedFields(obj);
    return items.put(key, pool.canonical(obj));
  }

  @Override
  public T remove(String key) {
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public T get(String key) {
    return items.get(key);
  }

  /** The instances of one kind, by uid, held weakly; stale entries go as their instances are collected. */
  private static final class Pool<T extends HasMetadata> {

    private final Map<String, Held<T>> byUid = new ConcurrentHashMap<>();
    private final ReferenceQueue<T> collected = new ReferenceQueue<>();

    /** The instance of {@code obj}'s version some informer already holds, else {@code obj} (then the one held). */
    T canonical(T obj) {
      expunge();
      String uid = obj.getMetadata() == null ? null : obj.getMetadata().getUid();
      String version = obj.getMetadata() == null ? null : obj.getMetadata().getResourceVersion();
      if (uid == null || version == null) {
        return obj;
      }
      Object[] result = new Object[1];
      byUid.compute(uid, (k, held) -> {
        T existing = held == null ? null : held.get();
        if (existing != null && Objects.equals(version, existing.getMetadata().getResourceVersion())) {
          result[0] = existing;
          return held;
        }
        result[0] = obj;
        return new Held<>(uid, obj, collected);
      });
      @SuppressWarnings("unchecked")
      T canonical = (T) result[0];
      return canonical;
    }

    private void expunge() {
      for (Object ref; (ref = collected.poll()) != null; ) {
        Held<?> held = (Held<?>) ref;
        byUid.remove(held.uid, held);
      }
    }
  }

  private static final class Held<T> extends WeakReference<T> {
    private final String uid;

    Held(String uid, T referent, ReferenceQueue<T> queue) {
      super(referent, queue);
      this.uid = uid;
    }
  }
}
