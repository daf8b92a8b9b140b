package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A human's approval decision, as recorded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApprovalStatus {
  @JsonPropertyDescription("approved or rejected.")
  private String decision;

  @JsonPropertyDescription("Who decided, where it can be known (annotation kubernaut.io/approval-by or the API user).")
  private String decidedBy;

  @JsonPropertyDescription("When the decision was seen (RFC 3339).")
  private String decidedAt;

  @JsonPropertyDescription("Why, in the decider's words (annotation kubernaut.io/approval-reason, or "
      + "kubernaut.io/rollback-approval-reason for a rollback); absent when none was given.")
  private String reason;

  public ApprovalStatus() {}

  public ApprovalStatus(String decision, String decidedBy, String decidedAt, String reason) {
    this(decision, decidedBy, decidedAt);
    this.reason = reason == null || reason.isEmpty() ? null : reason;
  }

  public ApprovalStatus(String decision, String decidedBy, String decidedAt) {
    this.decision = decision;
    this.decidedBy = decidedBy;
    this.decidedAt = decidedAt;
  }

  public String getDecision() { return decision; }
  public void setDecision(String decision) { this.decision = decision; }
  public String getDecidedBy() { return decidedBy; }
  public void setDecidedBy(String decidedBy) { this.decidedBy = decidedBy; }
  public String getDecidedAt() { return decidedAt; }
  public void setDecidedAt(String decidedAt) { this.decidedAt = decidedAt; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
}
