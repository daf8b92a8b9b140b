package io.kubernaut.k8s.safety;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.KubernetesExecution;
import io.kubernaut.ports.out.ActionCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A disruption ledger counting from {@link SafetyInformers} started on a (mock) API server, as the
 * operator builds one; close it with {@code ledger.informers().close()}.
 */
public final class CachedLedger {

  private CachedLedger() {}

  /** Starts the safety informers of {@code namespace} and returns a ledger over them. */
  public static DisruptionLedger start(KubernetesClient client, String namespace, ActionCatalog catalog, Clock clock) {
    SafetyInformers informers = new SafetyInformers(client, namespace);
    informers.start();
    return new DisruptionLedger(informers, catalog, clock);
  }

  /**
   * Waits until the cache holds the KubernetesExecutions of {@code namespace} that the API server holds
   * now, each in the version it holds (a status written after the create included).
   */
  public static void settle(DisruptionLedger ledger, String namespace) {
    SafetyInformers informers = ledger.informers();
    Map<String, String> now = versions(informers.client().resources(KubernetesExecution.class).inNamespace(namespace)
        .list().getItems());
    await().atMost(Duration.ofSeconds(10)).until(() -> versions(informers.executions(namespace)).equals(now));
  }

  private static Map<String, String> versions(java.util.List<KubernetesExecution> executions) {
    return executions.stream().collect(Collectors.toMap(k -> k.getMetadata().getName(),
        k -> k.getMetadata().getResourceVersion()));
  }
}
