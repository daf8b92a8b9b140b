package io.kubernaut.core.processing;

import io.kubernaut.core.classification.EnvironmentClassifier;
import io.kubernaut.core.classification.PriorityMatrix;
import io.kubernaut.core.classification.SeverityNormalizer;
import io.kubernaut.core.scope.ManagedScope;
import io.kubernaut.ports.in.ProcessAlert;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.out.ClusterInspector;
import io.kubernaut.ports.processing.Enrichment;
import io.kubernaut.ports.processing.ProcessingRequest;
import io.kubernaut.ports.processing.ProcessingResult;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.remediation.Severity;
import java.util.Map;

/**
 * Enriches an alert through the cluster port (the alert's context, without a LIST:
 * {@link ClusterInspector#enrichAlert}), then classifies and routes it. A node alert takes its
 * environment from the node's labels (production unless labelled otherwise), never from the
 * alert's {@code namespace} label.
 */
public final class AlertProcessor implements ProcessAlert {

  public static final String CRITICALITY_ANNOTATION = "kubernaut.io/business-criticality";

  private final ClusterInspector cluster;
  private final EnvironmentClassifier environments;
  private final RemediationRouter router;
  private final ManagedScope scope;

  /** A processor that may act in every namespace the router allows. */
  public AlertProcessor(ClusterInspector cluster, EnvironmentClassifier environments, RemediationRouter router) {
    this(cluster, environments, router, ManagedScope.everything());
  }

  /** @param scope the namespaces Kubernaut may change; alerts elsewhere are analysed and end recommend-only */
  public AlertProcessor(ClusterInspector cluster, EnvironmentClassifier environments, RemediationRouter router,
      ManagedScope scope) {
    this.cluster = cluster;
    this.environments = environments;
    this.router = router;
    this.scope = scope;
  }

  @Override
  public ProcessingResult process(ProcessingRequest request) {
    Enrichment enrichment = cluster.enrichAlert(request.target(), alertPod(request), request.enrichmentBudget());
    boolean node = "Node".equals(request.target().kind());
    String namespace = node ? ""
        : request.target().namespace().isEmpty()
        ? request.labels().getOrDefault("namespace", "") : request.target().namespace();
    Environment environment = node ? environments.classifyNode(nodeLabels(request.target().name(), enrichment))
        : environments.classify(namespace, enrichment.namespaceLabels());
    Severity severity = SeverityNormalizer.normalize(request.rawSeverity());
    Priority priority = PriorityMatrix.of(environment, severity);
    String criticality = enrichment.namespaceAnnotations().getOrDefault(CRITICALITY_ANNOTATION, "standard");
    RemediationRouter.Route route = router.route(namespace, enrichment.namespaceLabels(), environment, severity,
        priority);
    if (route.path() != RemediationPath.SKIPPED && route.path() != RemediationPath.RECOMMEND_ONLY
        && !scope.includes(enrichment.namespaceLabels())) {
      route = route.withPath(RemediationPath.RECOMMEND_ONLY, "namespace " + namespace
          + " is outside the managed scope (" + scope.selector() + "), so Kubernaut analyses the alert but does not act;"
          + " label the namespace to let it act");
    }
    return new ProcessingResult(enrichment, environment, severity, priority, criticality, route.path(), route.reason(),
        route.rollback());
  }

  /** The pod the alert names (its {@code pod} label), when it lies in the target's namespace; else null. */
  private static String alertPod(ProcessingRequest request) {
    String pod = request.labels().get("pod");
    String namespace = request.labels().getOrDefault("namespace", request.target().namespace());
    return pod == null || pod.isBlank() || request.target().namespace().isEmpty()
        || !request.target().namespace().equals(namespace) ? null : pod;
  }

  /** The labels of node {@code name} as gathered, empty when it was not. */
  private static Map<String, String> nodeLabels(String name, Enrichment enrichment) {
    return enrichment.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
        .map(Enrichment.NodeState::labels).orElse(Map.of());
  }
}
