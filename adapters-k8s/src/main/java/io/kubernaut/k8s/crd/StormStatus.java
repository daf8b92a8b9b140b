package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The alert storm the gateway detected on an AlertRemediation (BR-ALERT-003/006). The gateway
 * owns it; the central controller mirrors it as the {@code AlertStorm} condition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StormStatus {
  @JsonPropertyDescription("The latest threshold crossed: count (total duplicates) or rate (duplicates within a window).")
  private String threshold;

  @JsonPropertyDescription("The duplicates that crossed it: the total for count, those within the window for rate.")
  private Long count;

  @JsonPropertyDescription("The configured threshold that was reached.")
  private Long limit;

  @JsonPropertyDescription("The window of the rate threshold, e.g. 5m; absent for count.")
  private String window;

  @JsonPropertyDescription("When the escalation was sent (RFC 3339).")
  private String escalatedAt;

  @JsonPropertyDescription("Every threshold crossed so far; each was escalated exactly once.")
  private List<String> crossed;

  public String getThreshold() { return threshold; }
  public void setThreshold(String threshold) { this.threshold = threshold; }
  public Long getCount() { return count; }
  public void setCount(Long count) { this.count = count; }
  public Long getLimit() { return limit; }
  public void setLimit(Long limit) { this.limit = limit; }
  public String getWindow() { return window; }
  public void setWindow(String window) { this.window = window; }
  public String getEscalatedAt() { return escalatedAt; }
  public void setEscalatedAt(String escalatedAt) { this.escalatedAt = escalatedAt; }
  public List<String> getCrossed() { return crossed; }
  public void setCrossed(List<String> crossed) { this.crossed = crossed; }
}
