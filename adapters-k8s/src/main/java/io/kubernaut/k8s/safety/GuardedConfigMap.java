package io.kubernaut.k8s.safety;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.k8s.crd.KubernautLabels;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One of the operator's own ConfigMaps ({@link DisruptionLedger#NAME}, {@link HistoryKeeper#NAME}):
 * written only with the resourceVersion it was read with, or created by the first write, and
 * remembered as last written, so that a replica's next read does not start from a cache that has
 * not seen its own write yet.
 */
final class GuardedConfigMap {

  private final KubernetesClient client;
  private final String name;
  private final String purpose;
  /** How long the version last written is trusted over a cache that shows none before it is read again. */
  private static final long CREATE_SEEN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
  private final long trustNanos;
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  private record Written(ConfigMap configMap, long atNanos) {}

  /** @param purpose what the ConfigMap holds, written into its {@code kubernaut.io/purpose} annotation */
  GuardedConfigMap(KubernetesClient client, String name, String purpose) {
    this(client, name, purpose, CREATE_SEEN_NANOS);
  }

  /** @param trustNanos how long the version last written is trusted over a cache that shows none */
  GuardedConfigMap(KubernetesClient client, String name, String purpose, long trustNanos) {
    this.client = client;
    this.name = name;
    this.purpose = purpose;
    this.trustNanos = trustNanos;
  }

  /** {@code cached} (the cache's copy in {@code ns}, or null), or the version last written when the cache is behind it. */
  ConfigMap latest(String ns, ConfigMap cached) {
    Written mine = written.get(ns);
    if (mine == null || cached != null && version(cached) >= version(mine.configMap())) {
      return cached;
    }
    if (cached == null && System.nanoTime() - mine.atNanos() > trustNanos) {
      // The cache has had time to show the write: the ConfigMap was deleted since, or the watch is down. Asked once.
      ConfigMap fresh = client.configMaps().inNamespace(ns).withName(name).get();
      if (fresh == null) {
        written.remove(ns, mine);
      } else {
        remember(ns, fresh);
      }
      return fresh;
    }
    return mine.configMap();
  }

  /**
   * Writes {@code data} over {@code read} with the resourceVersion it was read with, or creates the
   * ConfigMap in {@code ns} when {@code read} is null; false on a conflict (also when another writer
   * created it first), or when it was deleted meanwhile.
   */
  boolean write(String ns, ConfigMap read, Map<String, String> data) {
    ConfigMap next = read != null ? new ConfigMapBuilder(read).withData(data).build()
        : new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns)
            .addToLabels(KubernautLabels.MANAGED_BY, "kubernaut").addToAnnotations("kubernaut.io/purpose", purpose)
            .endMetadata().withData(data).build();
    try {
      var resource = client.configMaps().inNamespace(ns).resource(next);
      ConfigMap stored = read != null ? resource.update() : resource.create();
      if (stored != null) {
        remember(ns, stored);
      }
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || e.getCode() == 404) {
        // Not what this replica wrote last, unless it was this version (deleted since): another thread's newer
        // write stays remembered.
        Written mine = written.get(ns);
        if (e.getCode() == 404 && mine != null && (read == null || version(mine.configMap()) <= version(read))) {
          written.remove(ns, mine);
        }
        return false;
      }
      throw e;
    }
  }

  /** Remembers {@code configMap} as the version last seen written, unless a newer one is remembered already. */
  private void remember(String ns, ConfigMap configMap) {
    written.merge(ns, new Written(configMap, System.nanoTime()),
        (a, b) -> version(b.configMap()) >= version(a.configMap()) ? b : a);
  }

  /** A resourceVersion as a number (the API server's are); anything else sorts first, so the cache is trusted. */
  static long version(ConfigMap configMap) {
    try {
      return Long.parseLong(configMap.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return Long.MIN_VALUE;
    }
  }
}
