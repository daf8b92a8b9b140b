package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kubernaut.ports.pipeline.ExecutionPhase;
import java.util.List;
import java.util.Map;

/** The run of one action: attempts, the restart-safety marker, rollback data and the verdict. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("The run of one action: attempts, the restart-safety marker, rollback data and the verdict.")
public class KubernetesExecutionStatus extends StatusSpine {
  @JsonPropertyDescription("The current phase.")
  private ExecutionPhase phase;

  @JsonPropertyDescription("The execution id passed to the action; an action runs at most once per id.")
  private String executionId;

  @JsonPropertyDescription("Attempts made so far.")
  private Integer attempts;

  @JsonPropertyDescription("Set before the action is called: after a restart, verification decides whether it took effect.")
  private String actionStartedAt;

  @JsonPropertyDescription("What is needed to undo the action (previous replicas, previous spec, cordon state).")
  private Map<String, String> rollbackData;

  @JsonPropertyDescription("The operator's seal of rollbackData (bound to this object): a rollback restores only data its controller recorded.")
  private String rollbackDataSeal;

  @JsonPropertyDescription("Where the details the action reported are kept (auditEvent: the key of the ACTION audit event that holds them, redacted), with their number of entries and characters; the details themselves stay out of status.")
  private Map<String, String> details;

  @JsonPropertyDescription("Each audited attempt's outcome, in order, so that its ACTION audit event can be recorded again under the same key after a crash.")
  private List<AttemptOutcome> attemptOutcomes;

  public ExecutionPhase getPhase() { return phase; }
  public void setPhase(ExecutionPhase phase) { this.phase = phase; }
  public String getExecutionId() { return executionId; }
  public void setExecutionId(String executionId) { this.executionId = executionId; }
  public Integer getAttempts() { return attempts; }
  public void setAttempts(Integer attempts) { this.attempts = attempts; }
  public String getActionStartedAt() { return actionStartedAt; }
  public void setActionStartedAt(String actionStartedAt) { this.actionStartedAt = actionStartedAt; }
  public Map<String, String> getRollbackData() { return rollbackData; }
  public void setRollbackData(Map<String, String> rollbackData) { this.rollbackData = rollbackData; }
  public String getRollbackDataSeal() { return rollbackDataSeal; }
  public void setRollbackDataSeal(String rollbackDataSeal) { this.rollbackDataSeal = rollbackDataSeal; }
  public List<AttemptOutcome> getAttemptOutcomes() { return attemptOutcomes; }
  public void setAttemptOutcomes(List<AttemptOutcome> attemptOutcomes) { this.attemptOutcomes = attemptOutcomes; }
  public Map<String, String> getDetails() { return details; }
  public void setDetails(Map<String, String> details) { this.details = details; }
}
