package io.kubernaut.k8s.remediation;

import io.kubernaut.k8s.status.Children;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kubernaut.k8s.crd.AIAnalysis;
import io.kubernaut.k8s.crd.AIAnalysisSpec;
import io.kubernaut.k8s.crd.AlertProcessing;
import io.kubernaut.k8s.crd.AlertProcessingSpec;
import io.kubernaut.k8s.crd.AlertRemediation;
import io.kubernaut.k8s.crd.KubernautLabels;
import io.kubernaut.k8s.crd.RemediationRef;
import io.kubernaut.k8s.crd.WorkflowExecution;
import io.kubernaut.k8s.crd.WorkflowExecutionSpec;
import io.kubernaut.ports.pipeline.ChildKind;
import io.kubernaut.ports.workflow.RollbackStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the children of an AlertRemediation: deterministic names, owner references, the common
 * labels, and a snapshot of the data each child needs copied into its spec.
 */
public final class ChildFactory {

  private ChildFactory() {}

  /** The child of {@code kind}, built from the parent and the previous children's results. */
  static HasMetadata build(ChildKind kind, AlertRemediation ar, AlertProcessing processing, AIAnalysis analysis) {
    return switch (kind) {
      case PROCESSING -> processing(ar);
      case ANALYSIS -> analysis(ar, processing);
      case WORKFLOW -> workflow(ar, processing, analysis);
    };
  }

  private static AlertProcessing processing(AlertRemediation ar) {
    AlertProcessing ap = new AlertProcessing();
    ap.setMetadata(metadata(ar, ChildKind.PROCESSING));
    ap.setSpec(processingSpec(ar));
    return ap;
  }

  /** The spec of {@code ar}'s AlertProcessing as the remediation builds it from its alert. */
  static AlertProcessingSpec processingSpec(AlertRemediation ar) {
    AlertProcessingSpec spec = new AlertProcessingSpec();
    spec.setRemediationRef(new RemediationRef(ar.getMetadata().getName()));
    spec.setAlertName(ar.getSpec().getAlertName());
    spec.setSeverity(ar.getSpec().getRawSeverity() == null ? ar.getSpec().getSeverity() : ar.getSpec().getRawSeverity());
    spec.setTarget(ar.getSpec().getTarget());
    spec.setLabels(ar.getSpec().getLabels());
    return spec;
  }

  private static AIAnalysis analysis(AlertRemediation ar, AlertProcessing processing) {
    AIAnalysis aia = new AIAnalysis();
    aia.setMetadata(metadata(ar, ChildKind.ANALYSIS));
    aia.setSpec(analysisSpec(ar, processing));
    return aia;
  }

  /**
   * The spec of {@code ar}'s AIAnalysis as the remediation builds it from its alert and its processing's
   * result; what the analysis controller checks an analysis against before asking its investigators.
   */
  public static AIAnalysisSpec analysisSpec(AlertRemediation ar, AlertProcessing processing) {
    AIAnalysisSpec spec = new AIAnalysisSpec();
    spec.setRemediationRef(new RemediationRef(ar.getMetadata().getName()));
    spec.setAlertName(ar.getSpec().getAlertName());
    spec.setTarget(ar.getSpec().getTarget());
    spec.setLabels(ar.getSpec().getLabels());
    spec.setAnnotations(ar.getSpec().getAnnotations());
    var ps = processing == null ? null : processing.getStatus();
    spec.setSeverity(ps == null ? ar.getSpec().getSeverity() : ps.getSeverity());
    spec.setEnvironment(ps == null ? ar.getSpec().getEnvironment() : ps.getEnvironment());
    spec.setPriority(ps == null ? null : ps.getPriority());
    spec.setEnrichment(ps == null ? null : ps.getEnrichment());
    return spec;
  }

  private static WorkflowExecution workflow(AlertRemediation ar, AlertProcessing processing, AIAnalysis analysis) {
    WorkflowExecution wfe = new WorkflowExecution();
    wfe.setMetadata(metadata(ar, ChildKind.WORKFLOW));
    wfe.setSpec(workflowSpec(ar, processing, analysis));
    return wfe;
  }

  /**
   * The spec of {@code ar}'s WorkflowExecution as the remediation builds it from its processing's
   * classification and its analysis's recommendations; what its workflow controller checks a
   * workflow against before validating it.
   */
  public static WorkflowExecutionSpec workflowSpec(AlertRemediation ar, AlertProcessing processing, AIAnalysis analysis) {
    WorkflowExecutionSpec spec = new WorkflowExecutionSpec();
    spec.setRemediationRef(new RemediationRef(ar.getMetadata().getName()));
    spec.setAlertName(ar.getSpec().getAlertName());
    spec.setTarget(ar.getSpec().getTarget());
    var ps = processing == null ? null : processing.getStatus();
    spec.setEnvironment(ps == null ? ar.getSpec().getEnvironment() : ps.getEnvironment());
    spec.setSeverity(ps == null ? ar.getSpec().getSeverity() : ps.getSeverity());
    var as = analysis == null ? null : analysis.getStatus();
    spec.setSteps(as == null || as.getRecommendations() == null ? List.of() : as.getRecommendations());
    spec.setRollbackStrategy(RollbackStrategy.of(ps == null ? null : ps.getRollbackStrategy()).wireName());
    return spec;
  }

  /**
   * Whether {@code actual} is the spec {@code expected}, compared as the JSON they are stored as (a
   * child's spec is immutable once created, so any difference was made by hand).
   */
  public static boolean sameSpec(Object actual, Object expected) {
    return asTree(actual).equals(asTree(expected));
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private static com.fasterxml.jackson.databind.JsonNode asTree(Object spec) {
    try {
      return JSON.readTree(io.fabric8.kubernetes.client.utils.Serialization.asJson(spec));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("A spec that fabric8 wrote is not JSON", e);
    }
  }

  /** Name {@code <ar>-<suffix>}, the parent's namespace and labels, and a controller owner reference. */
  static ObjectMeta metadata(AlertRemediation ar, ChildKind kind) {
    return Children.ownedBy(ar, kind.childName(ar.getMetadata().getName()));
  }
}
