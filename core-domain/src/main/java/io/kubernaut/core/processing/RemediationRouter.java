package io.kubernaut.core.processing;

import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.remediation.Severity;
import java.util.Map;
import java.util.Set;

/**
 * Chooses how far a remediation may go: namespaces that opted out
 * ({@code kubernaut.io/managed=false}) and protected namespaces are skipped; alerts of severity
 * {@code info} are recommend-only; otherwise the environment decides, and an unknown environment
 * needs approval.
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

  public Route route(String namespace, Map<String, String> namespaceLabels, Environment environment, Severity severity,
      Priority priority) {
    if (protectedNamespaces.contains(namespace)) {
      return new Route(RemediationPath.SKIPPED, "namespace " + namespace + " is protected and never remediated");
    }
    if ("false".equalsIgnoreCase(namespaceLabels.get(MANAGED_LABEL))) {
      return new Route(RemediationPath.SKIPPED, "namespace " + namespace + " opted out with " + MANAGED_LABEL + "=false");
    }
    if (severity == Severity.INFO) {
      return new Route(RemediationPath.RECOMMEND_ONLY, "info alerts are recommend-only: they are analysed, never acted on");
    }
    RemediationPath path = byEnvironment.getOrDefault(environment, RemediationPath.AUTOMATIC);
    return new Route(path, environment.wireName() + " " + priority + " alerts take the " + path + " path");
  }
}
