package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kubernaut.k8s.runtime.OperatorRuntime;
import io.kubernaut.k8s.safety.SafetyInformers;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HorizontalPodAutoscalers and PodDisruptionBudgets of every namespace, as informers hold them,
 * for enrichment: the context of an alert names the autoscaler and the disruption budget of its
 * workload, which before cost each namespace a LIST of both at most once per 15 s (a storm across
 * many namespaces, many LISTs). Started beside the controllers without waiting for them to list;
 * until they have listed and while their watch is down, lookups answer empty and the enricher lists
 * the namespace as before. Context only: nothing an action relies on is read here. A failed list or
 * watch is retried (fabric8's backoff), except a 403 or 404 (no permission, or an API server without
 * that API version): then the enricher lists for the life of the process, as it says once at WARN.
 * They hold every HPA and PDB of the cluster as the API server sends them, typically a few KiB each:
 * a cluster with 10,000 of them costs the heap some tens of MiB.
 */
final class ContextInformers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ContextInformers.class);

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
    hpa.exceptionHandler(ContextInformers::retry);
    pdb.exceptionHandler(ContextInformers::retry);
    hpa.start().whenComplete((done, failed) -> listed("HorizontalPodAutoscalers", failed));
    pdb.start().whenComplete((done, failed) -> listed("PodDisruptionBudgets", failed));
    autoscalers = hpa;
    budgets = pdb;
  }

  /** Retried, but for a refusal that retrying cannot change: no permission (403), no such API (404). */
  private static boolean retry(boolean started, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && (k.getCode() == 403 || k.getCode() == 404)) {
        LOG.warn("An informer of the enrichment context was refused (HTTP {}): {}; enrichment lists per namespace",
            k.getCode(), k.getMessage());
        return false;
      }
    }
    return true;
  }

  private void listed(String kind, Throwable failed) {
    if (failed != null && !isClosed()) {
      LOG.warn("The informer of {} did not start ({}); enrichment lists them per namespace", kind, failed.getMessage());
    }
  }

  private synchronized boolean isClosed() {
    return closed;
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
    return informer == null || !informer.hasSynced() || !SafetyInformers.watching(informer) ? Optional.empty()
        : Optional.of(informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace));
  }

  @Override
  public synchronized void close() {
    closed = true;
    List<SharedIndexInformer<?>> running = java.util.Arrays.asList(autoscalers, budgets);
    autoscalers = null;
    budgets = null;
    running.stream().filter(java.util.Objects::nonNull).forEach(SharedIndexInformer::close);
  }
}
