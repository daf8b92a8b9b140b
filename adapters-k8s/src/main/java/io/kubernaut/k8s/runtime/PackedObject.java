package io.kubernaut.k8s.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One object version as a cache keeps it: its JSON, deflated, and the instance last put or
 * materialised for as long as anyone else holds it. {@link #get} answers that instance while it
 * lives, else a new one parsed from the bytes (equal to it, the same resourceVersion).
 *
 * @param <T> the kind
 */
final class PackedObject<T extends HasMetadata> implements Supplier<T> {

  /** The fabric8 serialisation the client itself uses by default (the informers' objects came from it). */
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  /** One compressor per thread that packs (the informers' threads): zlib keeps a few hundred KiB of state each. */
  private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
  private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

  private final Class<T> kind;
  private final String version;
  private final byte[] bytes;
  private final int length;
  private final Consumer<T> onRead;
  private volatile WeakReference<T> live;

  private PackedObject(Class<T> kind, String version, byte[] bytes, int length, T obj, Consumer<T> onRead) {
    this.kind = kind;
    this.version = version;
    this.bytes = bytes;
    this.length = length;
    this.onRead = onRead;
    this.live = new WeakReference<>(obj);
  }

  /** Packs {@code obj}; {@code onRead} is told of the instance each {@link #get} answers. */
  static <T extends HasMetadata> PackedObject<T> of(T obj, Class<T> kind, Consumer<T> onRead) {
    byte[] json = JSON.asJson(obj).getBytes(StandardCharsets.UTF_8);
    String version = obj.getMetadata() == null ? null : obj.getMetadata().getResourceVersion();
    return new PackedObject<>(kind, version, deflate(json), json.length, obj, onRead);
  }

  /** The object: the live instance, else one parsed from the bytes (then the live one). */
  @Override
  public T get() {
    T obj = live.get();
    if (obj == null) {
      obj = JSON.unmarshal(new ByteArrayInputStream(inflate(bytes, length)), kind);
      live = new WeakReference<>(obj);
    }
    onRead.accept(obj);
    return obj;
  }

  /** The instance to answer from now on: the live one if there is one, else {@code obj} (an equal copy of this version). */
  T adopt(T obj) {
    T current = live.get();
    if (current != null) {
      return current;
    }
    live = new WeakReference<>(obj);
    return obj;
  }

  String version() {
    return version;
  }

  /** Bytes kept for this version (the deflated JSON). */
  int packedSize() {
    return bytes.length;
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
