package io.kubernaut.k8s.safety;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.ports.signal.TargetRef;
import java.util.List;
import java.util.Optional;

/**
 * Reads a remediation target fresh from the API server, as the built-in kinds' typed objects: where
 * acting on a cached copy would be unsafe (a validation and its dry run, the rollback data read just
 * before an action). Kinds it does not know are left to the action to read.
 */
public final class TargetReader {

  private static final List<String> KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "Pod", "Node",
      "PersistentVolumeClaim", "HorizontalPodAutoscaler");

  private TargetReader() {}

  /** Whether {@link #read} knows how to look the kind up. */
  public static boolean knownKind(String kind) {
    return KINDS.contains(kind);
  }

  /** The target, or empty when it does not exist or its kind is not a known one. */
  public static Optional<HasMetadata> read(KubernetesClient client, TargetRef t) {
    HasMetadata found = switch (t.kind()) {
      case "Deployment" -> client.apps().deployments().inNamespace(t.namespace()).withName(t.name()).get();
      case "StatefulSet" -> client.apps().statefulSets().inNamespace(t.namespace()).withName(t.name()).get();
      case "DaemonSet" -> client.apps().daemonSets().inNamespace(t.namespace()).withName(t.name()).get();
      case "Pod" -> client.pods().inNamespace(t.namespace()).withName(t.name()).get();
      case "Node" -> client.nodes().withName(t.name()).get();
      case "PersistentVolumeClaim" -> client.persistentVolumeClaims().inNamespace(t.namespace()).withName(t.name()).get();
      case "HorizontalPodAutoscaler" -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(t.namespace())
          .withName(t.name()).get();
      default -> null;
    };
    return Optional.ofNullable(found);
  }
}
