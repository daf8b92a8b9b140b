package io.kubernaut.ports.signal;

import java.util.Objects;

/**
 * A Kubernetes object a signal is about.
 *
 * @param kind the object's kind, e.g. {@code Deployment}
 * @param namespace its namespace, empty for cluster-scoped kinds such as {@code Node}
 * @param name its name
 */
public record TargetRef(String kind, String namespace, String name) {
  public TargetRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    namespace = namespace == null ? "" : namespace;
  }

  /** {@code kind/namespace/name}, or {@code kind/name} when cluster-scoped. */
  public String display() {
    return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }
}
