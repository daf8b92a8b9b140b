package io.kubernaut.ports.out;

/**
 * Driven port: the operator's client for the Kubernetes API, for the one component that must hand
 * the client library itself onwards (the action host gives it to plugins), without the composition
 * root naming the library's types.
 */
public interface ClusterClientSource {

  /**
   * The client as {@code type}, e.g. fabric8's {@code KubernetesClient}.
   *
   * @throws IllegalArgumentException when the client is not of that type (a permanent wiring fault)
   */
  <T> T client(Class<T> type);
}
