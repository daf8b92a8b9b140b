package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object version as a cache keeps it: first the instance put, then, once the packer thread has
 * packed it, its JSON deflated, with the instance last put or materialised for as long as anyone
 * else holds it. {@link #get} answers that instance while it lives, else a new one parsed from the
 * bytes (equal to it, the same resourceVersion).
 *
 * <p>Packing happens on a thread of its own, never on the caller's: an informer puts the objects of
 * a LIST page on the HTTP client's event loop, and packing there (serialising and deflating costs
 * about three parses) held the event loops so long that, with 10,000 waiting remediations on a busy
 * machine, the informers' LIST requests timed out and they never synced.
 *
 * @param <T> the kind
 */
final class PackedObject<T extends HasMetadata> implements Supplier<T> {

  private static final Logger LOG = LoggerFactory.getLogger(PackedObject.class);
  /** The fabric8 serialisation the client itself uses by default (the informers' objects came from it). */
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
  private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);
  private static final AtomicInteger PENDING = new AtomicInteger();
  private static final ExecutorService PACKER = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "kubernaut-cache-packer");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
      });

  private final Class<T> kind;
  private final String version;
  private final Consumer<T> onRead;
  /** The instance put, until packed. */
  private volatile T unpacked;
  private volatile byte[] bytes;
  private volatile int length;
  private volatile WeakReference<T> live;

  private PackedObject(Class<T> kind, String version, T obj, Consumer<T> onRead) {
    this.kind = kind;
    this.version = version;
    this.onRead = onRead;
    this.unpacked = obj;
    this.live = new WeakReference<>(obj);
  }

  /**
   * {@code obj}, to be packed on the packer thread (until then it is held as it is); {@code onRead}
   * is told of the instance each {@link #get} answers.
   */
  static <T extends HasMetadata> PackedObject<T> of(T obj, Class<T> kind, Consumer<T> onRead) {
    PackedObject<T> packed = new PackedObject<>(kind,
        obj.getMetadata() == null ? null : obj.getMetadata().getResourceVersion(), obj, onRead);
    // Weakly: a version replaced before its turn is not packed at all.
    WeakReference<PackedObject<T>> queued = new WeakReference<>(packed);
    PENDING.incrementAndGet();
    PACKER.execute(() -> {
      try {
        PackedObject<T> p = queued.get();
        if (p != null) {
          p.pack();
        }
      } finally {
        PENDING.decrementAndGet();
      }
    });
    return packed;
  }

  /** Objects waiting for the packer. */
  static int pending() {
    return PENDING.get();
  }

  /** The object: the instance put or last materialised while it lives, else one parsed from the bytes. */
  @Override
  public T get() {
    T obj = unpacked;
    if (obj == null) {
      obj = live.get();
      if (obj == null) {
        obj = JSON.unmarshal(new ByteArrayInputStream(inflate(bytes, length)), kind);
        live = new WeakReference<>(obj);
      }
    }
    onRead.accept(obj);
    return obj;
  }

  /** The instance to answer from now on: the live one if there is one, else {@code obj} (an equal copy of this version). */
  T adopt(T obj) {
    T current = unpacked != null ? unpacked : live.get();
    if (current != null) {
      return current;
    }
    live = new WeakReference<>(obj);
    return obj;
  }

  String version() {
    return version;
  }

  /** Packs the instance put, then holds it only weakly; an object that cannot be serialised stays as it is. */
  void pack() {
    T obj = unpacked;
    if (obj == null) {
      return;
    }
    try {
      byte[] json = JSON.asJson(obj).getBytes(StandardCharsets.UTF_8);
      bytes = deflate(json);
      length = json.length;
      live = new WeakReference<>(obj);
      unpacked = null;
    } catch (RuntimeException e) {
      LOG.warn("Could not pack {} {} for the informer cache ({}); it is kept as it is", obj.getKind(),
          obj.getMetadata() == null ? null : obj.getMetadata().getName(), e.toString());
    }
  }

  /** Bytes kept for this version once packed (the deflated JSON), else -1. */
  int packedSize() {
    byte[] b = bytes;
    return unpacked != null || b == null ? -1 : b.length;
  }

  private static byte[] deflate(byte[] json) {
    Deflater deflater = DEFLATERS.get();
    deflater.reset();
    deflater.setInput(json);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, json.length / 4));
    byte[] buffer = new byte[4096];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    return out.toByteArray();
  }

  private static byte[] inflate(byte[] packed, int length) {
    Inflater inflater = INFLATERS.get();
    inflater.reset();
    inflater.setInput(packed);
    byte[] json = new byte[length];
    try {
      int n = 0;
      while (n < length && !inflater.finished()) {
        n += inflater.inflate(json, n, length - n);
      }
      if (n != length) {
        throw new IllegalStateException("A packed object inflated to " + n + " bytes, not " + length);
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException("A packed object did not inflate: " + e.getMessage(), e);
    }
    return json;
  }
}
