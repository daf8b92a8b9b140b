package io.kubernaut.core.analysis;

import io.kubernaut.ports.analysis.InvestigationRequest;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an alert's recommendations may touch: the alert's resolved target, the objects of its owner
 * chain (pod → ReplicaSet → Deployment), the target's pods, its HPA and the claims its pods mount;
 * for node actions, the node the alert names (its target or its {@code node} label) or the node
 * hosting the alerting pod. Cluster-scoped kinds carry no namespace, whatever an investigator said.
 */
final class TargetScope {

  private final Map<String, String> objects = new LinkedHashMap<>();
  private final Set<String> nodes = new LinkedHashSet<>();
  private final Enrichment enrichment;

  TargetScope(InvestigationRequest request) {
    this.enrichment = request.enrichment();
    TargetRef alert = normalized(request.target());
    String ns = alert.namespace();
    add(alert);
    request.enrichment().ownerChain().forEach(o -> add(normalized(o)));
    if (!ns.isEmpty()) {
      for (Enrichment.PodState pod : enrichment.pods()) {
        add(new TargetRef("Pod", ns, pod.name()));
        pod.claims().forEach(c -> add(new TargetRef("PersistentVolumeClaim", ns, c)));
      }
      if (enrichment.autoscaler() != null) {
        add(new TargetRef("HorizontalPodAutoscaler", ns, enrichment.autoscaler().name()));
      }
    }
    if (isNode(alert)) {
      nodes.add(alert.name());
    }
    String named = request.labels().get("node");
    if (named != null && !named.isBlank()) {
      nodes.add(named.trim());
    }
    String alertingPod = alert.kind().equalsIgnoreCase("Pod") ? alert.name() : request.labels().get("pod");
    enrichment.pods().stream().filter(p -> p.name().equals(alertingPod) && p.node() != null && !p.node().isBlank())
        .forEach(p -> nodes.add(p.node()));
  }

  /** The target without a namespace when its kind is cluster-scoped. */
  static TargetRef normalized(TargetRef t) {
    return TargetRef.clusterScoped(t.kind()) && !t.namespace().isEmpty()
        ? new TargetRef(t.kind(), "", t.name()) : t;
  }

  static boolean isNode(TargetRef t) {
    return t.kind().equalsIgnoreCase("Node");
  }

  /** Whether {@code target} (normalized) lies in scope. */
  boolean contains(TargetRef target) {
    TargetRef t = normalized(target);
    return isNode(t) ? nodes.contains(t.name()) : objects.containsKey(key(t));
  }

  /** The state gathered for node {@code name}, if the enrichment has it. */
  Optional<Enrichment.NodeState> node(String name) {
    return enrichment.nodes().stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** A sentence naming what is in scope. */
  String describe() {
    List<String> parts = objects.values().stream().limit(8).toList();
    String nodePart = nodes.isEmpty() ? "no node" : "node " + String.join(", ", nodes);
    return "the scope is " + String.join(", ", parts) + (objects.size() > 8 ? " and " + (objects.size() - 8) + " more" : "")
        + ", and " + nodePart;
  }

  private void add(TargetRef t) {
    objects.putIfAbsent(key(t), t.display());
  }

  private static String key(TargetRef t) {
    return t.kind().toLowerCase(Locale.ROOT) + "/" + t.namespace() + "/" + t.name();
  }
}
