package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.kubernaut.ports.analysis.Recommendation;
import java.util.List;

/** The validated recommendations to run as a DAG of steps. Immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable")
@JsonClassDescription("The validated recommendations to run as a DAG of steps. Immutable.")
public class WorkflowExecutionSpec {
  @Required
  @JsonPropertyDescription("The parent AlertRemediation.")
  private RemediationRef remediationRef;

  @JsonPropertyDescription("The alert name, for the monitoring phase.")
  private String alertName;

  @JsonPropertyDescription("The environment, which selects the safety limits.")
  private String environment;

  @JsonPropertyDescription("The alert's severity as processing normalised it (critical, warning or info), which selects "
      + "the timeouts' bySeverity overrides of its steps.")
  private String severity;

  @Required
  @JsonPropertyDescription("The resolved target of the alert.")
  private ObjectRef target;

  @Required
  @JsonPropertyDescription("The steps: each a validated recommendation with its dependsOn.")
  private List<Recommendation> steps;

  @JsonPropertyDescription("What to do when a critical step fails: automatic, manual or none.")
  @io.fabric8.generator.annotation.Pattern("^(automatic|manual|none)$")
  private String rollbackStrategy;

  public RemediationRef getRemediationRef() { return remediationRef; }
  public void setRemediationRef(RemediationRef remediationRef) { this.remediationRef = remediationRef; }
  public String getAlertName() { return alertName; }
  public void setAlertName(String alertName) { this.alertName = alertName; }
  public String getEnvironment() { return environment; }
  public void setEnvironment(String environment) { this.environment = environment; }
  public String getSeverity() { return severity; }
  public void setSeverity(String severity) { this.severity = severity; }
  public ObjectRef getTarget() { return target; }
  public void setTarget(ObjectRef target) { this.target = target; }
  public List<Recommendation> getSteps() { return steps; }
  public void setSteps(List<Recommendation> steps) { this.steps = steps; }
  public String getRollbackStrategy() { return rollbackStrategy; }
  public void setRollbackStrategy(String rollbackStrategy) { this.rollbackStrategy = rollbackStrategy; }
}
