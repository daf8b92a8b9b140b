package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A recommendation validation removed, and why. */
public class DroppedRecommendation {
  @JsonPropertyDescription("The action that was proposed.")
  private String action;

  @JsonPropertyDescription("Why it was dropped.")
  private String reason;

  public DroppedRecommendation() {}

  public DroppedRecommendation(String action, String reason) {
    this.action = action;
    this.reason = reason;
  }

  public String getAction() { return action; }
  public void setAction(String action) { this.action = action; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
}
