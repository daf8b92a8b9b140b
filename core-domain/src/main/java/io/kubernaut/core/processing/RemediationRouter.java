package io.kubernaut.core.processing;

import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import java.util.Map;
import java.util.Set;

/**
 * Chooses how far a remediation may go: namespaces that opted out
 * ({@code kubernaut.io/managed=false}) and protected namespaces are skipped; otherwise the
 * environment decides, and an unknown environment needs approval.
 */
public final class RemediationRouter {

  public static final String MANAGED_LABEL = "kubernaut.io/managed";

  /** The chosen path and the sentence that explains it. */
  public record Route(RemediationPath path, String reason) {}

  private final Set<String> protectedNamespaces;
  private final Map<Environment, RemediationPath> byEnvironment;

  /**
   * @param protectedNamespaces namespaces never remediated (kube-system, kube-public, the operator's own)
   * @param byEnvironment the path per environment; missing environments are automatic
   */
  public RemediationRouter(Set<String> protectedNamespaces, Map<Environment, RemediationPath> byEnvironment) {
    this.protectedNamespaces = Set.copyOf(protectedNamespaces);
    this.byEnvironment = Map.copyOf(byEnvironment);
  }

  /** The defaults: unknown environments need approval, the rest is automatic (the analysis gates add approval). */
  public static RemediationRouter standard(String operatorNamespace) {
    return new RemediationRouter(Set.of("kube-system", "kube-public", operatorNamespace),
        Map.of(Environment.UNKNOWN, RemediationPath.APPROVAL_REQUIRED));
  }

  public Route route(String namespace, Map<String, String> namespaceLabels, Environment environment, Priority priority) {
    if (protectedNamespaces.contains(namespace)) {
      return new Route(RemediationPath.SKIPPED, "namespace " + namespace + " is protected and never remediated");
    }
    if ("false".equalsIgnoreCase(namespaceLabels.get(MANAGED_LABEL))) {
      return new Route(RemediationPath.SKIPPED, "namespace " + namespace + " opted out with " + MANAGED_LABEL + "=false");
    }
    RemediationPath path = byEnvironment.getOrDefault(environment, RemediationPath.AUTOMATIC);
    return new Route(path, environment.wireName() + " " + priority + " alerts take the " + path + " path");
  }
}
