package io.kubernaut.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Tells whether a Kubernetes cluster is configured: in-cluster service account, KUBECONFIG, or ~/.kube/config. */
@FunctionalInterface
public interface ClusterDetector {

  boolean clusterConfigured();

  /** The detector for this process's environment. */
  static ClusterDetector fromEnvironment(Map<String, String> env) {
    return () -> env.containsKey("KUBERNETES_SERVICE_HOST")
        || (env.get("KUBECONFIG") != null && !env.get("KUBECONFIG").isBlank())
        || Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"));
  }
}
