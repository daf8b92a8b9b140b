package io.kubernaut.k8s.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The kubectl-style flags every verb takes, and the client they select. */
final class ClusterOptions {

  @Option(names = {"-n", "--namespace"}, description = "The namespace of the AlertRemediations (default: the context's).")
  String namespace;

  @Option(names = {"-A", "--all-namespaces"}, description = "List across all namespaces (get only).")
  boolean allNamespaces;

  @Option(names = "--context", description = "The kubeconfig context to use (default: the current context).")
  String context;

  @Option(names = "--kubeconfig", description = "The kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  Path kubeconfig;

  @Option(names = {"-o", "--output"}, description = "Output format: table, json or yaml (default: table).",
      defaultValue = "table")
  Output output;

  /** How a verb prints. */
  enum Output { table, json, yaml }

  private Config config;

  /** The client configuration: the kubeconfig's current (or chosen) context. */
  Config config() {
    if (config == null) {
      if (kubeconfig != null) {
        try {
          config = Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
        } catch (IOException e) {
          throw new UncheckedIOException("Could not read the kubeconfig " + kubeconfig, e);
        }
      } else {
        config = Config.autoConfigure(context);
      }
    }
    return config;
  }

  KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** The namespace to work in: -n, else the context's, else "default". */
  String namespace() {
    if (namespace != null) {
      return namespace;
    }
    String fromContext = config().getNamespace();
    return fromContext == null || fromContext.isBlank() ? "default" : fromContext;
  }

  /** The kubeconfig user name of the context, the fallback identity when SelfSubjectReview is not served. */
  String kubeconfigUser() {
    var current = config().getCurrentContext();
    return current == null || current.getContext() == null ? null : current.getContext().getUser();
  }
}
