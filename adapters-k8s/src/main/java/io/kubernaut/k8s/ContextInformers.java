package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HorizontalPodAutoscalers and PodDisruptionBudgets of every namespace, as informers hold them,
 * for enrichment: the context of an alert names the autoscaler and the disruption budget of its
 * workload, which before cost each namespace a LIST of both at most once per 15 s (a storm across
 * many namespaces, many LISTs). Started beside the controllers without waiting for them to list;
 * until they have listed and while their watch is down, lookups answer empty and the enricher lists
 * the namespace as before. Context only: nothing an action relies on is read here.
 */
final class ContextInformers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ContextInformers.class);
  private static final String BY_NAMESPACE = "kubernaut-namespace";

  private final KubernetesClient client;
  private volatile SharedIndexInformer<HorizontalPodAutoscaler> autoscalers;
  private volatile SharedIndexInformer<PodDisruptionBudget> budgets;
  private boolean closed;

  ContextInformers(KubernetesClient client) {
    this.client = client;
  }

  /** Starts both informers, once and never after {@link #close}; returns without waiting for their lists. */
  synchronized void start() {
    if (autoscalers != null || closed) {
      return;
    }
    SharedIndexInformer<HorizontalPodAutoscaler> hpa = client.autoscaling().v2().horizontalPodAutoscalers()
        .inAnyNamespace().withLimit(OperatorRuntime.LIST_PAGE).runnableInformer(0);
    SharedIndexInformer<PodDisruptionBudget> pdb = client.policy().v1().podDisruptionBudget().inAnyNamespace()
        .withLimit(OperatorRuntime.LIST_PAGE).runnableInformer(0);
    hpa.addIndexers(Map.of(BY_NAMESPACE, ContextInformers::namespaceOf));
    pdb.addIndexers(Map.of(BY_NAMESPACE, ContextInformers::namespaceOf));
    hpa.start().whenComplete((done, failed) -> listed("HorizontalPodAutoscalers", failed));
    pdb.start().whenComplete((done, failed) -> listed("PodDisruptionBudgets", failed));
    autoscalers = hpa;
    budgets = pdb;
  }

  private static void listed(String kind, Throwable failed) {
    if (failed != null) {
      LOG.warn("The informer of {} did not start ({}); enrichment lists them per namespace", kind, failed.getMessage());
    }
  }

  /** The namespace's HPAs as watched; empty until listed, while the watch is down, and after the stop. */
  Optional<List<HorizontalPodAutoscaler>> autoscalers(String namespace) {
    return inNamespace(autoscalers, namespace);
  }

  /** The namespace's PDBs as watched; empty as for {@link #autoscalers}. */
  Optional<List<PodDisruptionBudget>> budgets(String namespace) {
    return inNamespace(budgets, namespace);
  }

  private static <T> Optional<List<T>> inNamespace(SharedIndexInformer<T> informer, String namespace) {
    return informer == null || !informer.hasSynced() || !informer.isWatching() ? Optional.empty()
        : Optional.of(informer.getIndexer().byIndex(BY_NAMESPACE, namespace));
  }

  private static List<String> namespaceOf(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return List.of(namespace == null ? "" : namespace);
  }

  @Override
  public synchronized void close() {
    closed = true;
    SharedIndexInformer<?> hpa = autoscalers;
    SharedIndexInformer<?> pdb = budgets;
    autoscalers = null;
    budgets = null;
    if (hpa != null) {
      hpa.close();
    }
    if (pdb != null) {
      pdb.close();
    }
  }
}
