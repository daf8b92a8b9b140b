package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * The status fields every Kubernaut kind shares: conditions (with a positive-polarity
 * {@code Ready}), observedGeneration, start and completion times, a message and the phase history.
 * The phase itself is declared by each kind with its own enum.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class StatusSpine {
  @JsonPropertyDescription("Standard conditions; Ready is True when the resource ended successfully.")
  private List<Condition> conditions;

  @JsonPropertyDescription("The metadata.generation this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("When work on this resource started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When it reached a terminal phase (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("A human-readable sentence about the current state and the next step.")
  private String message;

  @JsonPropertyDescription("Every phase entered, with its time, oldest first.")
  private List<PhaseTransition> phaseHistory;

  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public String getStartTime() { return startTime; }
  public void setStartTime(String startTime) { this.startTime = startTime; }
  public String getCompletionTime() { return completionTime; }
  public void setCompletionTime(String completionTime) { this.completionTime = completionTime; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public List<PhaseTransition> getPhaseHistory() { return phaseHistory; }
  public void setPhaseHistory(List<PhaseTransition> phaseHistory) { this.phaseHistory = phaseHistory; }

  /** The conditions list, created on first use. */
  public List<Condition> conditions() {
    if (conditions == null) {
      conditions = new ArrayList<>();
    }
    return conditions;
  }

  /** The phase history, created on first use. */
  public List<PhaseTransition> phaseHistory() {
    if (phaseHistory == null) {
      phaseHistory = new ArrayList<>();
    }
    return phaseHistory;
  }
}
