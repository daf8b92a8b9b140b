package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.signal.TargetRef;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers cluster questions through fabric8. Owner resolution follows controller references
 * at most {@value #MAX_DEPTH} levels; any read failure falls back to the object itself, so that
 * intake degrades instead of failing.
 */
final class Fabric8ClusterInspector implements ClusterInspector {

  private static final Logger LOG = LoggerFactory.getLogger(Fabric8ClusterInspector.class);
  private static final int MAX_DEPTH = 4;

  private final KubernetesClient client;
  private final ClusterEnricher enricher;

  Fabric8ClusterInspector(KubernetesClient client, java.time.Clock clock) {
    this.client = client;
    this.enricher = new ClusterEnricher(client, this, clock);
  }

  @Override
  public io.kubernaut.ports.processing.Enrichment enrich(TargetRef target, java.time.Duration budget) {
    return enricher.enrich(target, budget);
  }

  /** The target and its controllers, innermost first. */
  java.util.List<TargetRef> ownerChain(TargetRef target) {
    java.util.List<TargetRef> chain = new java.util.ArrayList<>();
    TargetRef current = target;
    chain.add(current);
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      Optional<TargetRef> owner = controllerOf(current);
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
      Namespace ns = client.namespaces().withName(namespace).get();
      return ns == null || ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
    } catch (KubernetesClientException e) {
      LOG.warn("Could not read namespace {} ({}); classifying it by name only", namespace, e.getMessage());
      return Map.of();
    }
  }

  private Optional<TargetRef> controllerOf(TargetRef ref) {
    HasMetadata object;
    try {
      object = read(ref);
    } catch (KubernetesClientException e) {
      LOG.warn("Could not read {} to resolve its owner ({}); using it as the target", ref.display(), e.getMessage());
      return Optional.empty();
    }
    if (object == null || object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    return object.getMetadata().getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()))
        .findFirst()
        .filter(o -> isWorkload(o))
        .map(o -> new TargetRef(o.getKind(), ref.namespace(), o.getName()));
  }

  private static boolean isWorkload(OwnerReference owner) {
    return switch (owner.getKind()) {
      case "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob" -> true;
      default -> false;
    };
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
