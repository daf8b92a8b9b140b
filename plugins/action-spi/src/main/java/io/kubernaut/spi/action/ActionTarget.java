package io.kubernaut.spi.action;

import java.util.Objects;

/**
 * The Kubernetes object an action works on.
 *
 * @param kind the object's kind, e.g. {@code Deployment}, {@code Pod}, {@code Node}
 * @param namespace its namespace, empty for cluster-scoped kinds such as {@code Node}
 * @param name its name
 */
public record ActionTarget(String kind, String namespace, String name) {

  /** Checks kind and name; a null namespace becomes empty. */
  public ActionTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    namespace = namespace == null ? "" : namespace;
  }

  /** {@code kind/namespace/name}, or {@code kind/name} when cluster-scoped. */
  public String display() {
    return namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }
}
