package io.kubernaut.core.processing;

import io.kubernaut.core.scope.ManagedScope;
import io.kubernaut.ports.pipeline.PipelinePolicy;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.pipeline.RoutingPolicy;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.remediation.Severity;
import io.kubernaut.ports.workflow.RollbackStrategy;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Chooses how far a remediation may go: namespaces that opted out
 * ({@code kubernaut.io/managed=false}) and protected namespaces (the operator's own, kube-system and
 * kube-public whatever the policy says, and those of {@code safety.yaml}'s {@code protectedNamespaces})
 * are skipped; alerts of severity {@code info} are
 * recommend-only; otherwise {@code routing.yaml} decides by environment × priority (by default an
 * unknown environment needs approval, the rest is automatic). It also names the rollback strategy
 * of the remediation's workflow, per environment. The policy is read at each decision, so a
 * changed ConfigMap routes the next alert.
 */
public final class RemediationRouter {

  public static final String MANAGED_LABEL = ManagedScope.OPT_OUT_LABEL;

  /** Namespaces never remediated whatever {@code safety.yaml} says: the cluster's own. */
  public static final java.util.Set<String> ALWAYS_SKIPPED = io.kubernaut.ports.safety.SafetyPolicy.DEFAULT_PROTECTED;

  /** The chosen path, the sentence that explains it, and what the workflow does with completed steps when one fails. */
  public record Route(RemediationPath path, String reason, RollbackStrategy rollback) {
    public Route {
      Objects.requireNonNull(path, "path");
      rollback = rollback == null ? RollbackStrategy.AUTOMATIC : rollback;
    }

    /** A route whose workflow rolls back automatically. */
    public Route(RemediationPath path, String reason) {
      this(path, reason, RollbackStrategy.AUTOMATIC);
    }

    /** The same rollback strategy on another path. */
    public Route withPath(RemediationPath other, String why) {
      return new Route(other, why, rollback);
    }
  }

  private final String operatorNamespace;
  private final Supplier<PipelinePolicy> policy;

  /**
   * @param operatorNamespace always protected, whatever the policy says (as are kube-system and kube-public)
   * @param policy read at each decision: its safety's protected namespaces and its routing
   */
  public RemediationRouter(String operatorNamespace, Supplier<PipelinePolicy> policy) {
    this.operatorNamespace = Objects.requireNonNull(operatorNamespace, "operatorNamespace");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The defaults: kube-system, kube-public and the operator's namespace protected; unknown environments need approval. */
  public static RemediationRouter standard(String operatorNamespace) {
    PipelinePolicy defaults = PipelinePolicy.defaults();
    return new RemediationRouter(operatorNamespace, () -> defaults);
  }

  public Route route(String namespace, Map<String, String> namespaceLabels, Environment environment, Severity severity,
      Priority priority) {
    PipelinePolicy p = policy.get();
    RoutingPolicy routing = p.routing();
    RollbackStrategy rollback = routing.rollbackStrategy(environment);
    if (!namespace.isEmpty() && (namespace.equals(operatorNamespace) || ALWAYS_SKIPPED.contains(namespace)
        || p.safety().protectedNamespaces().contains(namespace))) {
      return new Route(RemediationPath.SKIPPED, "namespace " + namespace + " is protected and never remediated", rollback);
    }
    if (ManagedScope.optedOut(namespaceLabels)) {
      return new Route(RemediationPath.SKIPPED, "namespace " + namespace + " opted out with " + MANAGED_LABEL + "=false",
          rollback);
    }
    if (severity == Severity.INFO) {
      return new Route(RemediationPath.RECOMMEND_ONLY, "info alerts are recommend-only: they are analysed, never acted on",
          rollback);
    }
    RemediationPath path = routing.path(environment, priority);
    return new Route(path, environment.wireName() + " " + priority + " alerts take the " + path + " path", rollback);
  }
}
