package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** The snapshot of the alert that AlertProcessing enriches and classifies. Immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable")
@JsonClassDescription("The snapshot of the alert that AlertProcessing enriches and classifies. Immutable.")
public class AlertProcessingSpec {
  @Required
  @JsonPropertyDescription("The parent AlertRemediation.")
  private RemediationRef remediationRef;

  @Required
  @JsonPropertyDescription("The alert name.")
  private String alertName;

  @JsonPropertyDescription("The severity label as sent.")
  private String severity;

  @Required
  @JsonPropertyDescription("The resolved target to enrich.")
  private ObjectRef target;

  @JsonPropertyDescription("The alert's labels.")
  private Map<String, String> labels;

  public RemediationRef getRemediationRef() { return remediationRef; }
  public void setRemediationRef(RemediationRef remediationRef) { this.remediationRef = remediationRef; }
  public String getAlertName() { return alertName; }
  public void setAlertName(String alertName) { this.alertName = alertName; }
  public String getSeverity() { return severity; }
  public void setSeverity(String severity) { this.severity = severity; }
  public ObjectRef getTarget() { return target; }
  public void setTarget(ObjectRef target) { this.target = target; }
  public Map<String, String> getLabels() { return labels; }
  public void setLabels(Map<String, String> labels) { this.labels = labels; }
}
