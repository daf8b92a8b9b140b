package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One entry of a resource's phase history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PhaseTransition {
  @JsonPropertyDescription("The phase entered.")
  private String phase;

  @JsonPropertyDescription("When it was entered (RFC 3339).")
  private String enteredAt;

  @JsonPropertyDescription("Why, as a sentence.")
  private String reason;

  public PhaseTransition() {}

  public PhaseTransition(String phase, String enteredAt, String reason) {
    this.phase = phase;
    this.enteredAt = enteredAt;
    this.reason = reason;
  }

  public String getPhase() { return phase; }
  public void setPhase(String phase) { this.phase = phase; }
  public String getEnteredAt() { return enteredAt; }
  public void setEnteredAt(String enteredAt) { this.enteredAt = enteredAt; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
}
