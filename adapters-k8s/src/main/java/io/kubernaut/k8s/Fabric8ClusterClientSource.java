package io.kubernaut.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.ports.out.ClusterClientSource;

/** The connection's fabric8 client, handed out as the type the caller names. */
final class Fabric8ClusterClientSource implements ClusterClientSource {

  private final KubernetesClient client;

  Fabric8ClusterClientSource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public <T> T client(Class<T> type) {
    if (!type.isInstance(client)) {
      throw new IllegalArgumentException("The cluster client is a " + client.getClass().getName() + ", not a "
          + type.getName() + "; the action host and the Kubernetes adapter must use the same fabric8 version.");
    }
    return type.cast(client);
  }
}
