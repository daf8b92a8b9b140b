package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** One step: an action, its target and its validated parameters. Immutable. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable")
@JsonClassDescription("One step: an action, its target and its validated parameters. Immutable.")
public class KubernetesExecutionSpec {
  /** The {@code mode} of an execution that undoes another one. */
  public static final String MODE_ROLLBACK = "rollback";

  @Required
  @JsonPropertyDescription("The AlertRemediation this step serves.")
  private RemediationRef remediationRef;

  @Required
  @JsonPropertyDescription("The WorkflowExecution that created it.")
  private String workflow;

  @Required
  @JsonPropertyDescription("The step id within the workflow.")
  private String step;

  @Required
  @JsonPropertyDescription("The catalog action to run.")
  private String action;

  @Required
  @JsonPropertyDescription("The object it acts on.")
  private ObjectRef target;

  @JsonPropertyDescription("The action's validated parameters.")
  private Map<String, String> parameters;

  @JsonPropertyDescription("Run the action as a dry run only.")
  private Boolean dryRun;

  @JsonPropertyDescription("How long the step may take, e.g. 10m.")
  private String timeout;

  @JsonPropertyDescription("How many attempts the step may make.")
  private Integer maxAttempts;

  @Pattern("^(execute|rollback)$")
  @JsonPropertyDescription("execute (the default) runs the action; rollback undoes the execution named in rollbackOf with rollbackData.")
  private String mode;

  @JsonPropertyDescription("With mode rollback: the KubernetesExecution whose effect this one undoes.")
  private String rollbackOf;

  @JsonPropertyDescription("With mode rollback: what the undone execution recorded to undo it (previous replicas, previous spec...).")
  private Map<String, String> rollbackData;

  public RemediationRef getRemediationRef() { return remediationRef; }
  public void setRemediationRef(RemediationRef remediationRef) { this.remediationRef = remediationRef; }
  public String getWorkflow() { return workflow; }
  public void setWorkflow(String workflow) { this.workflow = workflow; }
  public String getStep() { return step; }
  public void setStep(String step) { this.step = step; }
  public String getAction() { return action; }
  public void setAction(String action) { this.action = action; }
  public ObjectRef getTarget() { return target; }
  public void setTarget(ObjectRef target) { this.target = target; }
  public Map<String, String> getParameters() { return parameters; }
  public void setParameters(Map<String, String> parameters) { this.parameters = parameters; }
  public Boolean getDryRun() { return dryRun; }
  public void setDryRun(Boolean dryRun) { this.dryRun = dryRun; }
  public String getTimeout() { return timeout; }
  public void setTimeout(String timeout) { this.timeout = timeout; }
  public Integer getMaxAttempts() { return maxAttempts; }
  public void setMaxAttempts(Integer maxAttempts) { this.maxAttempts = maxAttempts; }
  public String getMode() { return mode; }
  public void setMode(String mode) { this.mode = mode; }
  public String getRollbackOf() { return rollbackOf; }
  public void setRollbackOf(String rollbackOf) { this.rollbackOf = rollbackOf; }
  public Map<String, String> getRollbackData() { return rollbackData; }
  public void setRollbackData(Map<String, String> rollbackData) { this.rollbackData = rollbackData; }

  /** Whether this execution undoes another one. */
  public boolean rollback() {
    return MODE_ROLLBACK.equals(mode);
  }
}
