package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kubernaut.ports.remediation.RemediationPhase;
import java.util.List;

/**
 * The observed state of an AlertRemediation. The gateway owns {@code duplicates},
 * {@code recentDuplicates}, {@code storm}, {@code firingAlerts}, {@code resolvedAlerts} and {@code resolvedAt}; the central controller owns the
 * rest, and mirrors {@code storm} as the {@code AlertStorm} condition. Each writer patches only its own
 * fields, so neither overwrites the other.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("The observed state: phase, outcome, classification, duplicates and storm, the children and the approval decision.")
public class AlertRemediationStatus extends StatusSpine {
  /**
   * The condition that says a child could not be created just now (reason {@code FailedCreate}), while the controller
   * tries again; gone once it is created.
   */
  public static final String CREATE_FAILURE = "CreateFailure";

  @JsonPropertyDescription("The current phase.")
  private RemediationPhase phase;

  @JsonPropertyDescription("How it ended: Remediated, AutoResolved, DryRun, ManualReviewRequired, NotRemediated, Inconclusive, RolledBack, ...")
  private String outcome;

  @JsonPropertyDescription("Duplicate signals counted while it was active, or held by a time-bound block (see blockedUntil).")
  private Duplicates duplicates;

  @JsonPropertyDescription("When the source reported the alert resolved (RFC 3339).")
  private String resolvedAt;

  @JsonPropertyDescription("The source alerts (Alertmanager fingerprints) that report its problem firing and have not resolved, "
      + "at most 500; the problem is resolved when the last of them resolves. Absent: only the alert that created it.")
  private List<String> firingAlerts;

  @JsonPropertyDescription("The source alerts' episodes reported resolved (at most 500, oldest dropped first): a firing of one "
      + "of them that arrives within the late-firing window of its resolution (KUBERNAUT_LATE_FIRING_WINDOW_SECONDS, 10 "
      + "minutes by default: an Alertmanager HA peer's twin delivery, a resend) is ignored, not counted again.")
  private List<ResolvedAlert> resolvedAlerts;

  @JsonPropertyDescription("Arrival times of the latest duplicates (RFC 3339, oldest first, at most 32), for the storm rate rule.")
  private List<String> recentDuplicates;

  @JsonPropertyDescription("The alert storm detected on it, if any; the gateway sends one escalation per threshold.")
  private StormStatus storm;

  @JsonPropertyDescription("The classified environment.")
  private String environment;

  @JsonPropertyDescription("The priority, P0 to P3.")
  private String priority;

  @JsonPropertyDescription("The severity its timeouts use: the processing's normalised one, kept from when this "
      + "remediation judged its processing; the alert's before that.")
  private String severity;

  @JsonPropertyDescription("The seal of the AlertProcessing result this remediation judged when it left Processing; "
      + "later phases and its workflow act only on that result.")
  private String processingSeal;

  @JsonPropertyDescription("The seal of the AIAnalysis result this remediation judged when it left Analyzing (what an "
      + "approver approves); its workflow is built only from that result.")
  private String analysisSeal;

  @JsonPropertyDescription("The phase that failed or ran out of time, when it ended Failed or TimedOut.")
  private String failurePhase;

  @JsonPropertyDescription("The children and their phases.")
  private java.util.List<ChildRef> children;

  @JsonPropertyDescription("Pipeline progress: children completed out of the pipeline's three.")
  private String progress;

  @JsonPropertyDescription("The approval decision, when one was needed.")
  private ApprovalStatus approval;

  @JsonPropertyDescription("When it ended Blocked by a time-bound safety rule (cooldown, busy target, repeated failures, "
      + "disruption budget): when the rule would lift (RFC 3339). Until then the gateway counts the alert's deliveries "
      + "on it as duplicates; the first delivery after it starts a new AlertRemediation.")
  private String blockedUntil;

  @JsonPropertyDescription("While it awaits approval: when the approval expires (RFC 3339), by the controller's "
      + "timeouts for its environment and severity (approval, or overall if sooner); a decision from then on is not "
      + "acted on. Kept after it leaves AwaitingApproval.")
  private String approvalExpiresAt;

  public String getApprovalExpiresAt() { return approvalExpiresAt; }
  public void setApprovalExpiresAt(String at) { this.approvalExpiresAt = at; }
  public RemediationPhase getPhase() { return phase; }
  public void setPhase(RemediationPhase phase) { this.phase = phase; }
  public String getOutcome() { return outcome; }
  public void setOutcome(String outcome) { this.outcome = outcome; }
  public Duplicates getDuplicates() { return duplicates; }
  public void setDuplicates(Duplicates duplicates) { this.duplicates = duplicates; }
  public List<String> getFiringAlerts() { return firingAlerts; }
  public void setFiringAlerts(List<String> firingAlerts) { this.firingAlerts = firingAlerts; }
  public List<ResolvedAlert> getResolvedAlerts() { return resolvedAlerts; }
  public void setResolvedAlerts(List<ResolvedAlert> resolvedAlerts) { this.resolvedAlerts = resolvedAlerts; }
  public String getResolvedAt() { return resolvedAt; }
  public void setResolvedAt(String resolvedAt) { this.resolvedAt = resolvedAt; }
  public List<String> getRecentDuplicates() { return recentDuplicates; }
  public void setRecentDuplicates(List<String> recentDuplicates) { this.recentDuplicates = recentDuplicates; }
  public StormStatus getStorm() { return storm; }
  public void setStorm(StormStatus storm) { this.storm = storm; }
  public String getEnvironment() { return environment; }
  public void setEnvironment(String environment) { this.environment = environment; }
  public String getFailurePhase() { return failurePhase; }
  public void setFailurePhase(String failurePhase) { this.failurePhase = failurePhase; }
  public java.util.List<ChildRef> getChildren() { return children; }
  public void setChildren(java.util.List<ChildRef> children) { this.children = children; }
  public String getProgress() { return progress; }
  public void setProgress(String progress) { this.progress = progress; }
  public ApprovalStatus getApproval() { return approval; }
  public void setApproval(ApprovalStatus approval) { this.approval = approval; }
  public String getBlockedUntil() { return blockedUntil; }
  public void setBlockedUntil(String blockedUntil) { this.blockedUntil = blockedUntil; }
  public String getPriority() { return priority; }
  public void setPriority(String priority) { this.priority = priority; }
  public String getSeverity() { return severity; }
  public void setSeverity(String severity) { this.severity = severity; }
  public String getProcessingSeal() { return processingSeal; }
  public void setProcessingSeal(String processingSeal) { this.processingSeal = processingSeal; }
  public String getAnalysisSeal() { return analysisSeal; }
  public void setAnalysisSeal(String analysisSeal) { this.analysisSeal = analysisSeal; }
}
