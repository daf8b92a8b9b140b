package io.kubernaut.k8s;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers cluster questions through fabric8. Owner resolution follows controller references
 * at most {@value #MAX_DEPTH} levels (pod → ReplicaSet → Deployment, pod → StatefulSet or
 * DaemonSet, pod → Job → CronJob); any read failure falls back to the object itself, so that
 * intake degrades instead of failing. Answers are cached (bounded; owners re-read in the background
 * a minute after they were read, namespace labels for 30 s): controller references do not change in
 * a pod's life, so a replica storm of one Deployment costs one read per pod and one per ReplicaSet,
 * and a signal never waits for a re-read. Failed first reads are not cached.
 */
final class Fabric8ClusterInspector implements ClusterInspector {

  private static final Logger LOG = LoggerFactory.getLogger(Fabric8ClusterInspector.class);
  private static final int MAX_DEPTH = 4;

  private final KubernetesClient client;
  private final ClusterEnricher enricher;
  /**
   * Owners, re-read a minute after they were read by a refresh in the background: a signal (a
   * duplicate, thousands a second) never waits for the re-read, the answer read before serves
   * meanwhile, and when the re-read fails too. Unused for 10 minutes, an owner is forgotten.
   */
  private final LoadingCache<TargetRef, Optional<TargetRef>> owners;
  /**
   * Where owners are re-read: one daemon thread while there is work (a blocking read would hold the
   * common pool's only worker on two cores, which Caffeine's own upkeep uses).
   */
  private static final java.util.concurrent.Executor REFRESHER = refresher();
  /** Namespaces as the safety envelope's informer holds them, once it runs (the enricher takes the rest). */
  private final WatchedCluster watched;
  private final Cache<String, Optional<Namespace>> namespaces = Caffeine.newBuilder()
      .maximumSize(5_000).expireAfterWrite(Duration.ofSeconds(30)).build();
  /**
   * The pods and ReplicaSets read to resolve owners, for the enrichment of the same alert moments
   * later (the alert's pod, its latest rollout): one read serves both. Bounded and brief; context,
   * not what an action uses.
   */
  private final Cache<TargetRef, HasMetadata> recentReads = Caffeine.newBuilder()
      .maximumSize(2_000).expireAfterWrite(Duration.ofSeconds(30)).build();

  /**
   * How long an object's owner is remembered after it was last asked for: a firing alert is sent
   * again every repeat interval (4 h by Alertmanager's default), and its resolution names the same
   * pod, which may be gone by then; 20,000 entries at most.
   */
  static final Duration OWNER_MEMORY = Duration.ofHours(6);

  Fabric8ClusterInspector(KubernetesClient client, java.time.Clock clock) {
    this(client, clock, REFRESHER, WatchedCluster.none());
  }

  /** With namespaces and nodes taken from {@code watched} when it holds them, else read. */
  Fabric8ClusterInspector(KubernetesClient client, java.time.Clock clock, WatchedCluster watched) {
    this(client, clock, REFRESHER, watched);
  }

  /** With {@code refresher} running the owners' background re-reads (a test holds them back to see the answer before). */
  Fabric8ClusterInspector(KubernetesClient client, java.time.Clock clock, java.util.concurrent.Executor refresher) {
    this(client, clock, refresher, WatchedCluster.none());
  }

  private Fabric8ClusterInspector(KubernetesClient client, java.time.Clock clock,
      java.util.concurrent.Executor refresher, WatchedCluster watched) {
    this.client = client;
    this.watched = watched;
    this.owners = Caffeine.newBuilder().maximumSize(20_000).ticker(() -> clock.millis() * 1_000_000L)
        .executor(refresher).refreshAfterWrite(Duration.ofMinutes(1)).expireAfterAccess(OWNER_MEMORY)
        .build(new CacheLoader<>() {
          @Override
          public Optional<TargetRef> load(TargetRef ref) {
            return readControllerOf(ref);
          }

          @Override
          public Optional<TargetRef> reload(TargetRef ref, Optional<TargetRef> known) {
            try {
              HasMetadata object = read(ref);
              if (object == null) {
                // Gone (a pod replaced by a rollout or a restart): it was its workload's, and its alert's resolution
                // still names it; an owner is never re-read as none because the object went away.
                return known;
              }
              return controllerOf(ref, object);
            } catch (KubernetesClientException e) {
              LOG.debug("Could not re-read {} to refresh its owner ({}); keeping the one read before", ref.display(),
                  e.getMessage());
              return known;
            }
          }
        });
    this.enricher = new ClusterEnricher(client, this, watched, clock);
  }

  private static java.util.concurrent.Executor refresher() {
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(1, 1, 30,
        java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "kubernaut-owner-refresh");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public io.kubernaut.ports.processing.Enrichment enrich(TargetRef target, java.time.Duration budget) {
    return enricher.enrich(target, budget);
  }

  @Override
  public io.kubernaut.ports.processing.Enrichment enrichAlert(TargetRef target, String alertPod,
      java.time.Duration budget) {
    return enricher.enrichAlert(target, alertPod, budget);
  }

  /** The target and its controllers, innermost first. */
  java.util.List<TargetRef> ownerChain(TargetRef target) {
    java.util.List<TargetRef> chain = new java.util.ArrayList<>();
    TargetRef current = target;
    chain.add(current);
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      Optional<TargetRef> owner = cachedControllerOf(current);
      if (owner.isEmpty()) {
        break;
      }
      current = owner.get();
      chain.add(current);
    }
    return chain;
  }

  @Override
  public TargetRef topLevelOwner(TargetRef target) {
    java.util.List<TargetRef> chain = ownerChain(target);
    return chain.get(chain.size() - 1);
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    try {
      return namespace(namespace).map(ns -> ns.getMetadata().getLabels() == null ? Map.<String, String>of()
          : Map.copyOf(ns.getMetadata().getLabels())).orElse(Map.of());
    } catch (KubernetesClientException e) {
      LOG.warn("Could not read namespace {} ({}); classifying it by name only", namespace, e.getMessage());
      return Map.of();
    }
  }

  /**
   * The namespace as the informer watching namespaces holds it, once one runs; else read and
   * remembered for 30 s: classification and enrichment of one alert read it once, and the alerts
   * that arrive together when it is not remembered wait for one read, not one each.
   *
   * @throws KubernetesClientException when it cannot be read (nothing is remembered then)
   */
  Optional<Namespace> namespace(String name) {
    return watched.namespace().apply(name)
        .or(() -> namespaces.get(name, n -> Optional.ofNullable(client.namespaces().withName(n).get())));
  }

  private Optional<TargetRef> cachedControllerOf(TargetRef ref) {
    if (!hasWorkloadController(ref.kind())) {
      return Optional.empty(); // a workload, node or namespace: nothing to read or remember (most alerts name one)
    }
    try {
      return owners.get(ref);
    } catch (KubernetesClientException e) {
      RuntimeException failure = KubernetesFailures.translate("read " + ref.display() + " to resolve its owner", e);
      if (failure instanceof io.kubernaut.ports.failure.RetryableException) {
        // Unreachable, throttled or failing: the target is not known yet. Taking the pod itself would fingerprint the
        // problem apart from the workload's, and the next delivery would start a second remediation of it.
        throw failure;
      }
      LOG.warn("Could not read {} to resolve its owner ({}); using it as the target", ref.display(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Reads {@code ref} and answers its workload controller; keeps a pod or ReplicaSet read for the enrichment. */
  private Optional<TargetRef> readControllerOf(TargetRef ref) {
    HasMetadata object = read(ref);
    if (object != null && (ref.kind().equals("ReplicaSet") || ref.kind().equals("Pod"))) {
      recentReads.put(ref, object);
    }
    return controllerOf(ref, object);
  }

  /**
   * A pod, as the owner resolution read it moments ago, else read now; null when it does not exist.
   *
   * @throws KubernetesClientException when it cannot be read
   */
  io.fabric8.kubernetes.api.model.Pod pod(String namespace, String name) {
    TargetRef ref = new TargetRef("Pod", namespace, name);
    if (recentReads.getIfPresent(ref) instanceof io.fabric8.kubernetes.api.model.Pod pod) {
      return pod;
    }
    var read = client.pods().inNamespace(namespace).withName(name).get();
    if (read != null) {
      recentReads.put(ref, read);
    }
    return read;
  }

  /**
   * A ReplicaSet, as the owner resolution read it moments ago, else read now; null when it does not exist.
   *
   * @throws KubernetesClientException when it cannot be read
   */
  io.fabric8.kubernetes.api.model.apps.ReplicaSet replicaSet(String namespace, String name) {
    TargetRef ref = new TargetRef("ReplicaSet", namespace, name);
    HasMetadata cached = recentReads.getIfPresent(ref);
    if (cached instanceof io.fabric8.kubernetes.api.model.apps.ReplicaSet rs) {
      return rs;
    }
    var read = client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    if (read != null) {
      recentReads.put(ref, read);
    }
    return read;
  }

  private static Optional<TargetRef> controllerOf(TargetRef ref, HasMetadata object) {
    if (object == null || object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    return object.getMetadata().getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()))
        .findFirst()
        .filter(Fabric8ClusterInspector::isWorkload)
        .map(o -> new TargetRef(o.getKind(), ref.namespace(), o.getName()));
  }

  private static boolean isWorkload(OwnerReference owner) {
    return switch (owner.getKind()) {
      case "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob" -> true;
      default -> false;
    };
  }

  /** The kinds whose controller the owner resolution reads: {@link #read} reads these and no other. */
  private static boolean hasWorkloadController(String kind) {
    return kind.equals("Pod") || kind.equals("ReplicaSet") || kind.equals("Job");
  }

  private HasMetadata read(TargetRef ref) {
    return switch (ref.kind()) {
      case "Pod" -> client.pods().inNamespace(ref.namespace()).withName(ref.name()).get();
      case "ReplicaSet" -> client.apps().replicaSets().inNamespace(ref.namespace()).withName(ref.name()).get();
      case "Job" -> client.batch().v1().jobs().inNamespace(ref.namespace()).withName(ref.name()).get();
      default -> null;
    };
  }
}
