package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Objects as running informers hold them (the safety envelope's namespaces and nodes, the context
 * informers' autoscalers and disruption budgets, each kept current by its watch): empty while none
 * runs, after the stop, while its watch is down, or for a name it does not hold, and the caller then
 * reads the API server as before. Classification and enrichment read them for context, so a copy as
 * current as the watch is as good as a read.
 *
 * @param namespace the namespace of that name, when watched
 * @param node the node of that name, when watched
 * @param autoscalers the HorizontalPodAutoscalers of that namespace, when watched
 * @param budgets the PodDisruptionBudgets of that namespace, when watched
 */
record WatchedCluster(Function<String, Optional<Namespace>> namespace, Function<String, Optional<Node>> node,
    Function<String, Optional<List<HorizontalPodAutoscaler>>> autoscalers,
    Function<String, Optional<List<PodDisruptionBudget>>> budgets) {

  /** Nothing watched: every lookup reads the API server. */
  static WatchedCluster none() {
    return new WatchedCluster(name -> Optional.empty(), name -> Optional.empty(), ns -> Optional.empty(),
        ns -> Optional.empty());
  }
}
