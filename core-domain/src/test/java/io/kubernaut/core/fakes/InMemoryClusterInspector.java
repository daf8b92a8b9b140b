package io.kubernaut.core.fakes;

import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory {@link ClusterInspector}: owners, namespace and node labels set by the test. */
public final class InMemoryClusterInspector implements ClusterInspector {

  private final Map<TargetRef, TargetRef> owners = new HashMap<>();
  private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
  private final Map<String, Map<String, String>> namespaceAnnotations = new HashMap<>();
  private final Map<String, Map<String, String>> nodeLabels = new HashMap<>();
  private final List<TargetRef> enriched = new ArrayList<>();

  /** A node with these labels, gathered when an alert targets it. */
  public InMemoryClusterInspector node(String name, Map<String, String> labels) {
    nodeLabels.put(name, labels);
    return this;
  }

  public InMemoryClusterInspector owner(TargetRef child, TargetRef owner) {
    owners.put(child, owner);
    return this;
  }

  public InMemoryClusterInspector namespace(String name, Map<String, String> labels) {
    namespaceLabels.put(name, labels);
    return this;
  }

  public InMemoryClusterInspector annotations(String namespace, Map<String, String> annotations) {
    namespaceAnnotations.put(namespace, annotations);
    return this;
  }

  /** The targets {@link #enrich} was asked about, in order. */
  public List<TargetRef> enriched() {
    return enriched;
  }

  @Override
  public Enrichment enrich(TargetRef target, Duration budget) {
    enriched.add(target);
    List<TargetRef> chain = new ArrayList<>();
    TargetRef current = target;
    chain.add(current);
    while (owners.containsKey(current)) {
      current = owners.get(current);
      chain.add(current);
    }
    List<Enrichment.NodeState> nodes = target.kind().equals("Node") && nodeLabels.containsKey(target.name())
        ? List.of(new Enrichment.NodeState(target.name(), true, List.of(), false, nodeLabels.get(target.name())))
        : List.of();
    return new Enrichment(chain, List.of(), List.of(), nodes, List.of(), null, null, null,
        namespaceAnnotations.getOrDefault(target.namespace(), Map.of()),
        namespaceLabels.getOrDefault(target.namespace(), Map.of()), List.of());
  }

  @Override
  public TargetRef topLevelOwner(TargetRef target) {
    TargetRef current = target;
    while (owners.containsKey(current)) {
      current = owners.get(current);
    }
    return current;
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    return namespaceLabels.getOrDefault(namespace, Map.of());
  }
}
