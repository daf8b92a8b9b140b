package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kubernaut.ports.pipeline.ProcessingPhase;
import io.kubernaut.ports.pipeline.RemediationPath;
import io.kubernaut.ports.processing.Enrichment;

/** Enrichment, classification and route of one alert. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Enrichment, classification and route of one alert.")
public class AlertProcessingStatus extends StatusSpine implements SealedStatus {
  @JsonPropertyDescription("The controller's seal over this result (v1: and the base64url of an HMAC-SHA256 bound to this "
      + "object's uid); a result whose seal does not verify was written by hand and is refused.")
  private String seal;

  @JsonPropertyDescription("The current phase.")
  private ProcessingPhase phase;

  @JsonPropertyDescription("The classified environment: production, staging, development or unknown.")
  private String environment;

  @JsonPropertyDescription("The normalised severity: critical, warning or info.")
  private String severity;

  @JsonPropertyDescription("The priority, P0 (most urgent) to P3.")
  private String priority;

  @JsonPropertyDescription("Business criticality from the namespace annotation kubernaut.io/business-criticality.")
  private String businessCriticality;

  @JsonPropertyDescription("The route: AUTOMATIC, APPROVAL_REQUIRED, RECOMMEND_ONLY or SKIPPED.")
  private RemediationPath path;

  @JsonPropertyDescription("Why this route was chosen.")
  private String routingReason;

  @JsonPropertyDescription("What the remediation's workflow does with its completed steps when a critical step fails: "
      + "automatic, manual or none (routing.yaml rollbackStrategy, per environment).")
  @io.fabric8.generator.annotation.Pattern("^(automatic|manual|none)$")
  private String rollbackStrategy;

  @JsonPropertyDescription("The cluster context gathered for the alert.")
  private Enrichment enrichment;

  public ProcessingPhase getPhase() { return phase; }
  public void setPhase(ProcessingPhase phase) { this.phase = phase; }
  public String getEnvironment() { return environment; }
  public void setEnvironment(String environment) { this.environment = environment; }
  public String getSeverity() { return severity; }
  public void setSeverity(String severity) { this.severity = severity; }
  public String getPriority() { return priority; }
  public void setPriority(String priority) { this.priority = priority; }
  public String getBusinessCriticality() { return businessCriticality; }
  public void setBusinessCriticality(String businessCriticality) { this.businessCriticality = businessCriticality; }
  public RemediationPath getPath() { return path; }
  public void setPath(RemediationPath path) { this.path = path; }
  public String getRoutingReason() { return routingReason; }
  public void setRoutingReason(String routingReason) { this.routingReason = routingReason; }
  public String getRollbackStrategy() { return rollbackStrategy; }
  public void setRollbackStrategy(String rollbackStrategy) { this.rollbackStrategy = rollbackStrategy; }
  public Enrichment getEnrichment() { return enrichment; }
  public void setEnrichment(Enrichment enrichment) { this.enrichment = enrichment; }
  @Override
  public String getSeal() { return seal; }
  @Override
  public void setSeal(String seal) { this.seal = seal; }
}
