package io.kubernaut.k8s.workflow;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisStatus;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingStatus;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.fakes.TestSealer;
import io.kubernaut.k8s.remediation.ChildFactory;
import io.kubernaut.k8s.status.Children;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.ChildKind;
import java.util.List;
import java.util.Map;

/**
 * A workflow as its remediation builds it: from its processing's environment and its analysis's
 * recommendations, whose results are sealed as their controllers seal them ({@link TestSealer}) and recorded by
 * the remediation as the results it judged.
 */
final class WorkflowFixtures {

  private WorkflowFixtures() {}

  /**
   * Creates {@code ar}'s AlertProcessing (classified {@code environment}) and AIAnalysis (recommending
   * {@code steps}), then the WorkflowExecution {@code ar} builds from them, with {@code labels}.
   * {@code ar} must be on the API server with a uid.
   */
  static WorkflowExecution builtBy(KubernetesClient client, AlertRemediation ar, String environment,
      List<Recommendation> steps, Map<String, String> labels) {
    return builtBy(client, ar, environment, null, steps, labels);
  }

  /** The same, with the rollback strategy its processing chose ({@code null}: none recorded, so automatic). */
  static WorkflowExecution builtBy(KubernetesClient client, AlertRemediation ar, String environment,
      String rollbackStrategy, List<Recommendation> steps, Map<String, String> labels) {
    return builtBy(client, ar, environment, null, rollbackStrategy, steps, labels);
  }

  /** The same, with the severity its processing normalised ({@code null}: none recorded). */
  static WorkflowExecution builtBy(KubernetesClient client, AlertRemediation ar, String environment, String severity,
      String rollbackStrategy, List<Recommendation> steps, Map<String, String> labels) {
    String name = ar.getMetadata().getName();
    // A second workflow of the same remediation (its first deleted) comes from new children too.
    client.resources(AlertProcessing.class).inNamespace(ar.getMetadata().getNamespace())
        .withName(ChildKind.PROCESSING.childName(name)).delete();
    client.resources(AIAnalysis.class).inNamespace(ar.getMetadata().getNamespace())
        .withName(ChildKind.ANALYSIS.childName(name)).delete();
    AlertProcessing processing = new AlertProcessing();
    processing.setMetadata(Children.ownedBy(ar, ChildKind.PROCESSING.childName(name)));
    processing = client.resource(processing).create();
    AlertProcessingStatus classified = new AlertProcessingStatus();
    classified.setEnvironment(environment);
    classified.setRollbackStrategy(rollbackStrategy);
    classified.setSeverity(severity);
    classified.setPriority("P1");
    processing.setStatus(TestSealer.SEALER.seal(processing, classified));
    processing = client.resource(processing).updateStatus();
    AIAnalysis analysis = new AIAnalysis();
    analysis.setMetadata(Children.ownedBy(ar, ChildKind.ANALYSIS.childName(name)));
    analysis = client.resource(analysis).create();
    AIAnalysisStatus analysed = new AIAnalysisStatus();
    analysed.setRecommendations(steps);
    analysis.setStatus(TestSealer.SEALER.seal(analysis, analysed));
    analysis = client.resource(analysis).updateStatus();
    // The remediation records the results it judged as it leaves Processing and Analyzing.
    AlertRemediation judging = client.resource(ar).get();
    if (judging.getStatus() == null) {
      judging.setStatus(new io.kubernaut.k8s.crd.AlertRemediationStatus());
    }
    judging.getStatus().setProcessingSeal(processing.getStatus().getSeal());
    judging.getStatus().setPriority(processing.getStatus().getPriority());
    judging.getStatus().setAnalysisSeal(analysis.getStatus().getSeal());
    client.resource(judging).updateStatus();
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(Children.ownedBy(ar, ChildKind.WORKFLOW.childName(name)));
    wfe.getMetadata().setLabels(labels);
    wfe.setSpec(ChildFactory.workflowSpec(ar, processing, analysis));
    return client.resource(wfe).create();
  }
}
