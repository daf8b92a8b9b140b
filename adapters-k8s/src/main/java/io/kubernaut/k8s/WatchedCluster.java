package io.kubernaut.k8s;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import java.util.Optional;
import java.util.function.Function;

/**
 * Namespaces and nodes as a running informer holds them (the safety envelope's, kept current by its
 * watch): empty while none runs, after the stop, or for a name it does not hold, and the caller
 * then reads the API server as before. Classification and enrichment read them for context, so a
 * copy as current as the watch is as good as a read.
 *
 * @param namespace the namespace of that name, when watched
 * @param node the node of that name, when watched
 */
record WatchedCluster(Function<String, Optional<Namespace>> namespace, Function<String, Optional<Node>> node) {

  /** Nothing watched: every lookup reads the API server. */
  static WatchedCluster none() {
    return new WatchedCluster(name -> Optional.empty(), name -> Optional.empty());
  }
}
