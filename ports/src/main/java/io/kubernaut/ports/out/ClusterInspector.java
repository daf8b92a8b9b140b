package io.kubernaut.ports.out;

import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.Map;

/** Driven port: read-only questions about the cluster, answered from a cache where possible. */
public interface ClusterInspector {

  /**
   * Follows controller owner references to the top-level workload (pod → ReplicaSet →
   * Deployment). Returns the target itself when it has no owner or cannot be read (not found, forbidden).
   *
   * @throws io.kubernaut.ports.failure.RetryableException when the API server does not answer, throttles or fails:
   *     the target is unknown until it does (taking the object itself would fingerprint the problem apart from its
   *     workload's)
   */
  TargetRef topLevelOwner(TargetRef target);

  /** The labels of a namespace, empty when it does not exist or cannot be read. */
  Map<String, String> namespaceLabels(String namespace);

  /**
   * Gathers the context of {@code target} within {@code budget}. API errors and the budget never
   * fail the call: what could not be read is listed in {@link Enrichment#degradations()}.
   */
  Enrichment enrich(TargetRef target, Duration budget);

  /**
   * The context of one alert on the remediation pipeline's path, gathered without a LIST whose cost
   * grows with the workload or the namespace: the pods are the alert's own pod (named by its
   * {@code pod} label; the owner resolution at intake usually just read it), not every pod of the
   * workload, and no events are listed. {@link #enrich} gathers the whole context for those who ask
   * for it (the context API). The default gathers the whole context.
   *
   * @param alertPod the name of the pod the alert names in the target's namespace, or null
   */
  default Enrichment enrichAlert(TargetRef target, String alertPod, Duration budget) {
    return enrich(target, budget);
  }
}
