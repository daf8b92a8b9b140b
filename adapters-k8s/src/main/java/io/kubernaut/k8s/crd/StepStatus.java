package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The state of one workflow step. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepStatus {
  @JsonPropertyDescription("The step id.")
  private String id;

  @JsonPropertyDescription("The action.")
  private String action;

  @JsonPropertyDescription("The step's KubernetesExecution phase, or Pending before it is created.")
  private String phase;

  @JsonPropertyDescription("The KubernetesExecution running it.")
  private String execution;

  @JsonPropertyDescription("The KubernetesExecution rolling it back, named once the workflow decided to roll it back and before it creates it.")
  private String rollback;

  public StepStatus() {}

  public StepStatus(String id, String action, String phase, String execution, String rollback) {
    this.id = id;
    this.action = action;
    this.phase = phase;
    this.execution = execution;
    this.rollback = rollback;
  }

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public String getAction() { return action; }
  public void setAction(String action) { this.action = action; }
  public String getPhase() { return phase; }
  public void setPhase(String phase) { this.phase = phase; }
  public String getExecution() { return execution; }
  public void setExecution(String execution) { this.execution = execution; }
  public String getRollback() { return rollback; }
  public void setRollback(String rollback) { this.rollback = rollback; }
}
