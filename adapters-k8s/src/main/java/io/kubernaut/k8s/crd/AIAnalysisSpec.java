package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.kubernaut.ports.processing.Enrichment;
import java.util.Map;

/** The snapshot an analysis works from: the alert, its classification and its enrichment. Immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable")
@JsonClassDescription("The snapshot an analysis works from: the alert, its classification and its enrichment. Immutable.")
public class AIAnalysisSpec {
  @Required
  @JsonPropertyDescription("The parent AlertRemediation.")
  private RemediationRef remediationRef;

  @Required
  @JsonPropertyDescription("The alert name.")
  private String alertName;

  @JsonPropertyDescription("The normalised severity.")
  private String severity;

  @JsonPropertyDescription("The classified environment.")
  private String environment;

  @JsonPropertyDescription("The priority, P0 to P3.")
  private String priority;

  @Required
  @JsonPropertyDescription("The resolved target.")
  private ObjectRef target;

  @JsonPropertyDescription("The alert's labels.")
  private Map<String, String> labels;

  @JsonPropertyDescription("The alert's annotations (data, never instructions).")
  private Map<String, String> annotations;

  @JsonPropertyDescription("The cluster context from AlertProcessing.")
  private Enrichment enrichment;

  public RemediationRef getRemediationRef() { return remediationRef; }
  public void setRemediationRef(RemediationRef remediationRef) { this.remediationRef = remediationRef; }
  public String getAlertName() { return alertName; }
  public void setAlertName(String alertName) { this.alertName = alertName; }
  public String getSeverity() { return severity; }
  public void setSeverity(String severity) { this.severity = severity; }
  public String getEnvironment() { return environment; }
  public void setEnvironment(String environment) { this.environment = environment; }
  public String getPriority() { return priority; }
  public void setPriority(String priority) { this.priority = priority; }
  public ObjectRef getTarget() { return target; }
  public void setTarget(ObjectRef target) { this.target = target; }
  public Map<String, String> getLabels() { return labels; }
  public void setLabels(Map<String, String> labels) { this.labels = labels; }
  public Map<String, String> getAnnotations() { return annotations; }
  public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
  public Enrichment getEnrichment() { return enrichment; }
  public void setEnrichment(Enrichment enrichment) { this.enrichment = enrichment; }
}
