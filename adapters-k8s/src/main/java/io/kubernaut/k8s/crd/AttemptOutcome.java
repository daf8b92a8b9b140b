package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One audited attempt of a KubernetesExecution, kept in status so that its ACTION audit event can
 * be re-projected under the same key after a crash (the details the action reported stay in the
 * audit trail only).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AttemptOutcome {
  @JsonPropertyDescription("The attempt number.")
  private Integer attempt;

  @JsonPropertyDescription("The audited outcome, e.g. SUCCEEDED, FAILED, rollback-SUCCEEDED, verified-after-restart.")
  private String outcome;

  @JsonPropertyDescription("The sentence the action (or the verification) gave.")
  private String message;

  @JsonPropertyDescription("When the attempt started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When it ended (RFC 3339).")
  private String endedAt;

  public AttemptOutcome() {}

  public AttemptOutcome(int attempt, String outcome, String message, String startedAt, String endedAt) {
    this.attempt = attempt;
    this.outcome = outcome;
    this.message = message;
    this.startedAt = startedAt;
    this.endedAt = endedAt;
  }

  public Integer getAttempt() { return attempt; }
  public void setAttempt(Integer attempt) { this.attempt = attempt; }
  public String getOutcome() { return outcome; }
  public void setOutcome(String outcome) { this.outcome = outcome; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getStartedAt() { return startedAt; }
  public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
  public String getEndedAt() { return endedAt; }
  public void setEndedAt(String endedAt) { this.endedAt = endedAt; }
}
