package io.kubernaut.core.fakes;

import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.signal.TargetRef;
import java.util.HashMap;
import java.util.Map;

/** An in-memory {@link ClusterInspector}: owners and namespace labels set by the test. */
public final class InMemoryClusterInspector implements ClusterInspector {

  private final Map<TargetRef, TargetRef> owners = new HashMap<>();
  private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();

  public InMemoryClusterInspector owner(TargetRef child, TargetRef owner) {
    owners.put(child, owner);
    return this;
  }

  public InMemoryClusterInspector namespace(String name, Map<String, String> labels) {
    namespaceLabels.put(name, labels);
    return this;
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
