package io.kubernaut.k8s;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Fits a client builder for the operator's own client, the one whose informers feed the reconcilers,
 * the relays, the safety envelope and the gateway's dedup cache: its tasks (every informer's events)
 * run on one thread of its own ({@link InformerEventDispatcher}) and its JSON goes to Jackson as it
 * arrives ({@link DirectUnmarshaller}), with short string values shared ({@link StringInterner}) when
 * the client holds a cluster's objects.
 *
 * <p>The one place that says how the operator's client is built, in cluster mode and in embedded
 * mode alike. Other clients keep fabric8's defaults: the demo simulator's (its handlers call the API
 * server and wait, so they need fabric8's pool), the impersonating clients of plugin actions and
 * workflow checks, and the kubectl plugin's.
 */
public final class OperatorClientFitter {

  /** What the client's parser does with string values. */
  public enum Strings {
    /** Short values shared through {@link StringInterner}'s table: a cluster's informers hold thousands of copies. */
    SHARED,
    /** Values as parsed: the embedded API server's demo cluster is small. */
    AS_PARSED
  }

  private OperatorClientFitter() {
  }

  /** {@code builder}, with the operator client's event thread and parser. */
  public static KubernetesClientBuilder fit(KubernetesClientBuilder builder, Strings strings) {
    return builder.withTaskExecutorSupplier(InformerEventDispatcher.SUPPLIER)
        .withKubernetesSerialization(strings == Strings.SHARED ? StringInterner.serialization() : DirectUnmarshaller.plain());
  }
}
