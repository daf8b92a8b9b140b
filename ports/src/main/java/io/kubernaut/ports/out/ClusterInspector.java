package io.kubernaut.ports.out;

import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.Map;

/** Driven port: read-only questions about the cluster, answered from a cache where possible. */
public interface ClusterInspector {

  /**
   * Follows controller owner references to the top-level workload (pod → ReplicaSet →
   * Deployment). Returns the target itself when it has no owner or cannot be read.
   */
  TargetRef topLevelOwner(TargetRef target);

  /** The labels of a namespace, empty when it does not exist or cannot be read. */
  Map<String, String> namespaceLabels(String namespace);

  /**
   * Gathers the context of {@code target} within {@code budget}. API errors and the budget never
   * fail the call: what could not be read is listed in {@link Enrichment#degradations()}.
   */
  Enrichment enrich(TargetRef target, Duration budget);
}
