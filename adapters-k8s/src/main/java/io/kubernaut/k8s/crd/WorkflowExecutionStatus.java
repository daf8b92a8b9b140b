package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kubernaut.ports.pipeline.WorkflowPhase;
import java.util.List;

/** Progress of the step DAG, rollback, and the monitoring verdict. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Progress of the step DAG, rollback, and the monitoring verdict.")
public class WorkflowExecutionStatus extends StatusSpine {
  @JsonPropertyDescription("The current phase.")
  private WorkflowPhase phase;

  @JsonPropertyDescription("Each step's state, in plan order.")
  private List<StepStatus> steps;

  @JsonPropertyDescription("Steps done, as n/m.")
  private String progress;

  @JsonPropertyDescription("Remediated, PartiallyRemediated, NotRemediated, Inconclusive or RolledBack.")
  private String outcome;

  @JsonPropertyDescription("Effectiveness score, 0 to 1.")
  private Double effectiveness;

  @JsonPropertyDescription("When a time-bound safety rule stopped it: when that rule would lift (RFC 3339).")
  private String blockedUntil;

  @JsonPropertyDescription("The measurements of the verification checks, oldest first (at most 20 per check).")
  private List<MeasurementStatus> measurements;

  @JsonPropertyDescription("When the workflow started waiting for approval to roll back after a failed verification "
      + "(RFC 3339); absent otherwise.")
  private String rollbackApprovalRequestedAt;

  @JsonPropertyDescription("When that request expires (RFC 3339): a decision given later is refused, and the "
      + "workflow ends NotRemediated with the steps in effect; absent otherwise.")
  private String rollbackApprovalExpiresAt;

  @JsonPropertyDescription("The decision on that rollback (annotation kubernaut.io/rollback-approval on the "
      + "AlertRemediation), with when it was first seen; one seen before the request is ignored.")
  private ApprovalStatus rollbackApproval;

  public String getRollbackApprovalRequestedAt() { return rollbackApprovalRequestedAt; }
  public void setRollbackApprovalRequestedAt(String at) { this.rollbackApprovalRequestedAt = at; }
  public String getRollbackApprovalExpiresAt() { return rollbackApprovalExpiresAt; }
  public void setRollbackApprovalExpiresAt(String at) { this.rollbackApprovalExpiresAt = at; }
  public ApprovalStatus getRollbackApproval() { return rollbackApproval; }
  public void setRollbackApproval(ApprovalStatus rollbackApproval) { this.rollbackApproval = rollbackApproval; }
  public List<MeasurementStatus> getMeasurements() { return measurements; }
  public void setMeasurements(List<MeasurementStatus> measurements) { this.measurements = measurements; }
  public WorkflowPhase getPhase() { return phase; }
  public void setPhase(WorkflowPhase phase) { this.phase = phase; }
  public List<StepStatus> getSteps() { return steps; }
  public void setSteps(List<StepStatus> steps) { this.steps = steps; }
  public String getProgress() { return progress; }
  public void setProgress(String progress) { this.progress = progress; }
  public String getOutcome() { return outcome; }
  public void setOutcome(String outcome) { this.outcome = outcome; }
  public String getBlockedUntil() { return blockedUntil; }
  public void setBlockedUntil(String blockedUntil) { this.blockedUntil = blockedUntil; }
  public Double getEffectiveness() { return effectiveness; }
  public void setEffectiveness(Double effectiveness) { this.effectiveness = effectiveness; }
}
