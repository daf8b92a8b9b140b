package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kubernaut.ports.analysis.Recommendation;
import io.kubernaut.ports.pipeline.AnalysisPhase;
import java.util.List;

/** Root cause, validated recommendations and the gates' verdict. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonClassDescription("Root cause, validated recommendations and the gates' verdict.")
public class AIAnalysisStatus extends StatusSpine implements SealedStatus {
  @JsonPropertyDescription("The controller's seal over this result (v1: and the base64url of an HMAC-SHA256 bound to this "
      + "object's uid); a result whose seal does not verify was written by hand and is refused.")
  private String seal;

  @JsonPropertyDescription("The current phase.")
  private AnalysisPhase phase;

  @JsonPropertyDescription("The investigator that answered: rules, llm or holmesgpt.")
  private String investigator;

  @JsonPropertyDescription("The most likely root cause.")
  private String rootCause;

  @JsonPropertyDescription("The evidence the root cause rests on.")
  private List<String> evidence;

  @JsonPropertyDescription("Validated recommendations, best first.")
  private List<Recommendation> recommendations;

  @JsonPropertyDescription("Recommendations removed by validation, with the reason.")
  private List<DroppedRecommendation> dropped;

  @JsonPropertyDescription("Overall confidence, 0 to 1.")
  private Double confidence;

  @JsonPropertyDescription("Whether a human must approve before execution.")
  private Boolean approvalRequired;

  @JsonPropertyDescription("Whether the confidence is too low to execute at all.")
  private Boolean recommendOnly;

  @JsonPropertyDescription("Investigators that were tried and failed, with the reason.")
  private List<String> fallbacks;

  public AnalysisPhase getPhase() { return phase; }
  public void setPhase(AnalysisPhase phase) { this.phase = phase; }
  public String getInvestigator() { return investigator; }
  public void setInvestigator(String investigator) { this.investigator = investigator; }
  public String getRootCause() { return rootCause; }
  public void setRootCause(String rootCause) { this.rootCause = rootCause; }
  public List<String> getEvidence() { return evidence; }
  public void setEvidence(List<String> evidence) { this.evidence = evidence; }
  public List<Recommendation> getRecommendations() { return recommendations; }
  public void setRecommendations(List<Recommendation> recommendations) { this.recommendations = recommendations; }
  public List<DroppedRecommendation> getDropped() { return dropped; }
  public void setDropped(List<DroppedRecommendation> dropped) { this.dropped = dropped; }
  public Double getConfidence() { return confidence; }
  public void setConfidence(Double confidence) { this.confidence = confidence; }
  public Boolean getApprovalRequired() { return approvalRequired; }
  public void setApprovalRequired(Boolean approvalRequired) { this.approvalRequired = approvalRequired; }
  public Boolean getRecommendOnly() { return recommendOnly; }
  public void setRecommendOnly(Boolean recommendOnly) { this.recommendOnly = recommendOnly; }
  public List<String> getFallbacks() { return fallbacks; }
  public void setFallbacks(List<String> fallbacks) { this.fallbacks = fallbacks; }
  @Override
  public String getSeal() { return seal; }
  @Override
  public void setSeal(String seal) { this.seal = seal; }
}
