package io.kubernaut.http.api.audit;

import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An in-memory {@link ClusterInspector}: one pod per enriched target, and the budgets it was given. */
final class InMemoryClusterInspector implements ClusterInspector {

  final List<TargetRef> enriched = new ArrayList<>();
  final List<Duration> budgets = new ArrayList<>();

  @Override
  public TargetRef topLevelOwner(TargetRef target) {
    return target;
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    return Map.of();
  }

  @Override
  public Enrichment enrich(TargetRef target, Duration budget) {
    enriched.add(target);
    budgets.add(budget);
    return new Enrichment(List.of(target), List.of(new Enrichment.PodState(target.name() + "-pod", "Running", false, 7,
        "CrashLoopBackOff", "Error", "node-1")), List.of(), List.of(), List.of(), null, null, null, Map.of(),
        Map.of("team", "shop"), List.of("Nodes could not be read within the budget."));
  }
}
