package io.kubernaut.core.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.core.classification.EnvironmentClassifier;
import io.kubernaut.core.classification.PriorityMatrix;
import io.kubernaut.core.fakes.InMemoryClusterInspector;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.processing.ProcessingRequest;
import io.kubernaut.ports.processing.ProcessingResult;
import io.kubernaut.ports.remediation.Environment;
import io.kubernaut.ports.remediation.Priority;
import io.kubernaut.ports.remediation.Severity;
import io.kubernaut.ports.signal.TargetRef;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertProcessorTest {

  private final InMemoryClusterInspector cluster = new InMemoryClusterInspector()
      .namespace("shop-prod", Map.of("kubernaut.io/environment", "production"))
      .annotations("shop-prod", Map.of("kubernaut.io/business-criticality", "revenue"))
      .namespace("payments-staging", Map.of("kubernaut.io/environment", "staging"))
      .namespace("legacy", Map.of("kubernaut.io/managed", "false"))
      .namespace("shop-dev", Map.of())
      .node("worker-7", Map.of("kubernaut.io/environment", "staging"));
  private final AlertProcessor processor = new AlertProcessor(cluster, new EnvironmentClassifier(Map.of()),
      RemediationRouter.standard("kubernaut-system"));

  private ProcessingResult process(String namespace, String severity) {
    return processor.process(new ProcessingRequest("KubePodCrashLooping", severity,
        new TargetRef("Deployment", namespace, "app"), Map.of(), Duration.ofSeconds(1)));
  }

  @ParameterizedTest(name = "{0} × {1} is {2}")
  @CsvSource({
      "PRODUCTION, CRITICAL, P0", "PRODUCTION, WARNING, P1", "PRODUCTION, INFO, P2",
      "STAGING, CRITICAL, P1", "STAGING, WARNING, P2", "STAGING, INFO, P3",
      "DEVELOPMENT, CRITICAL, P3", "DEVELOPMENT, WARNING, P3", "DEVELOPMENT, INFO, P3",
      "UNKNOWN, CRITICAL, P2", "UNKNOWN, WARNING, P2", "UNKNOWN, INFO, P3"})
  void priorityFollowsTheEnvironmentSeverityMatrix(Environment environment, Severity severity, Priority expected) {
    assertThat(PriorityMatrix.of(environment, severity)).isEqualTo(expected);
  }

  @Test
  void crashLoopingWarningInShopProdIsProductionP1WithItsCriticality() {
    ProcessingResult result = process("shop-prod", "warning");
    assertThat(result.environment()).isEqualTo(Environment.PRODUCTION);
    assertThat(result.priority()).isEqualTo(Priority.P1);
    assertThat(result.businessCriticality()).isEqualTo("revenue");
    assertThat(result.path()).isEqualTo(RemediationPath.AUTOMATIC);
    assertThat(cluster.enriched()).containsExactly(new TargetRef("Deployment", "shop-prod", "app"));
  }

  @Test
  void criticalAlertInPaymentsStagingIsStagingP1() {
    ProcessingResult result = process("payments-staging", "critical");
    assertThat(result.environment()).isEqualTo(Environment.STAGING);
    assertThat(result.priority()).isEqualTo(Priority.P1);
  }

  @Test
  void optedOutAndProtectedNamespacesAreSkippedWithAReason() {
    assertThat(process("legacy", "critical").path()).isEqualTo(RemediationPath.SKIPPED);
    assertThat(process("legacy", "critical").routingReason()).contains("kubernaut.io/managed=false");
    assertThat(process("kube-system", "critical").path()).isEqualTo(RemediationPath.SKIPPED);
    assertThat(process("kubernaut-system", "critical").routingReason()).contains("protected");
  }

  @Test
  void anInfoAlertIsRecommendOnlyEvenInDevelopment() {
    ProcessingResult result = process("shop-dev", "info");
    assertThat(result.path()).isEqualTo(RemediationPath.RECOMMEND_ONLY);
    assertThat(result.routingReason()).contains("info alerts are recommend-only");
    assertThat(process("shop-prod", "none").path()).isEqualTo(RemediationPath.RECOMMEND_ONLY);
  }

  @Test
  void aNodeAlertTakesItsEnvironmentFromTheNodeNeverFromTheAlertsNamespaceLabel() {
    ProcessingResult unlabelled = processor.process(new ProcessingRequest("KubeNodeNotReady", "critical",
        new TargetRef("Node", "", "worker-2"), Map.of("namespace", "shop-dev"), Duration.ofSeconds(1)));
    ProcessingResult labelled = processor.process(new ProcessingRequest("KubeNodeNotReady", "critical",
        new TargetRef("Node", "", "worker-7"), Map.of("namespace", "shop-dev"), Duration.ofSeconds(1)));

    assertThat(unlabelled.environment()).isEqualTo(Environment.PRODUCTION);
    assertThat(labelled.environment()).isEqualTo(Environment.STAGING);
  }

  @Test
  void unknownEnvironmentNeedsApproval() {
    ProcessingResult result = process("default", "critical");
    assertThat(result.environment()).isEqualTo(Environment.UNKNOWN);
    assertThat(result.path()).isEqualTo(RemediationPath.APPROVAL_REQUIRED);
  }

  @Test
  void anAlertOutsideTheManagedScopeIsAnalysedButEndsRecommendOnlyWithTheReason() {
    InMemoryClusterInspector scoped = new InMemoryClusterInspector()
        .namespace("shop-prod", Map.of("kubernaut.io/environment", "production", "kubernaut.io/managed", "true"))
        .namespace("team-b", Map.of("kubernaut.io/environment", "production"));
    AlertProcessor optIn = new AlertProcessor(scoped, new EnvironmentClassifier(Map.of()),
        RemediationRouter.standard("kubernaut-system"), io.kubernaut.core.scope.ManagedScope.of("kubernaut.io/managed=true"));
    ProcessingRequest outside = new ProcessingRequest("KubePodCrashLooping", "critical",
        new TargetRef("Deployment", "team-b", "app"), Map.of(), Duration.ofSeconds(1));
    ProcessingResult result = optIn.process(outside);
    assertThat(result.path()).isEqualTo(RemediationPath.RECOMMEND_ONLY);
    assertThat(result.routingReason()).contains("team-b is outside the managed scope (kubernaut.io/managed=true)");
    assertThat(result.priority()).as("still classified").isEqualTo(Priority.P0);

    ProcessingResult inside = optIn.process(new ProcessingRequest("KubePodCrashLooping", "critical",
        new TargetRef("Deployment", "shop-prod", "app"), Map.of(), Duration.ofSeconds(1)));
    assertThat(inside.path()).isEqualTo(RemediationPath.AUTOMATIC);
  }

  @Test
  void theRollbackStrategyOfTheEnvironmentReachesTheResultAlsoOutsideTheManagedScope() {
    io.kubernaut.ports.pipeline.PipelinePolicy d = io.kubernaut.ports.pipeline.PipelinePolicy.defaults();
    io.kubernaut.ports.pipeline.PipelinePolicy manual = new io.kubernaut.ports.pipeline.PipelinePolicy(d.timeouts(),
        d.retention(), false, false, d.gates(), d.safety(), null, null, null,
        new io.kubernaut.ports.pipeline.RoutingPolicy(RemediationPath.AUTOMATIC, Map.of(), Map.of(),
            io.kubernaut.ports.workflow.RollbackStrategy.AUTOMATIC,
            Map.of(Environment.PRODUCTION, io.kubernaut.ports.workflow.RollbackStrategy.MANUAL)));
    RemediationRouter router = new RemediationRouter("kubernaut-system", () -> manual);
    AlertProcessor everywhere = new AlertProcessor(cluster, new EnvironmentClassifier(Map.of()), router);
    AlertProcessor scoped = new AlertProcessor(cluster, new EnvironmentClassifier(Map.of()), router,
        io.kubernaut.core.scope.ManagedScope.of("kubernaut.io/managed=true"));
    ProcessingRequest prod = new ProcessingRequest("KubePodCrashLooping", "critical",
        new TargetRef("Deployment", "shop-prod", "app"), Map.of(), Duration.ofSeconds(1));

    assertThat(everywhere.process(prod).rollbackStrategy()).isEqualTo(io.kubernaut.ports.workflow.RollbackStrategy.MANUAL);
    assertThat(scoped.process(prod).path()).isEqualTo(RemediationPath.RECOMMEND_ONLY);
    assertThat(scoped.process(prod).rollbackStrategy()).isEqualTo(io.kubernaut.ports.workflow.RollbackStrategy.MANUAL);
    assertThat(process("shop-dev", "warning").rollbackStrategy())
        .isEqualTo(io.kubernaut.ports.workflow.RollbackStrategy.AUTOMATIC);
  }
}
