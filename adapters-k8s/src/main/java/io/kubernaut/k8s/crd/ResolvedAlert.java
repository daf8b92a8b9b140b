package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One source alert's episode that was reported resolved, as AlertRemediation status keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResolvedAlert {
  @Required
  @JsonPropertyDescription("The source alert's Alertmanager fingerprint.")
  private String source;

  @Required
  @JsonPropertyDescription("When the resolved episode started (the alert's startsAt, RFC 3339).")
  private String startsAt;

  @Required
  @JsonPropertyDescription("When its resolution came in (RFC 3339); a firing of the episode within the late-firing window of it "
      + "(KUBERNAUT_LATE_FIRING_WINDOW_SECONDS, 10 minutes by default) is a late one.")
  private String resolvedAt;

  public ResolvedAlert() {}

  public ResolvedAlert(String source, String startsAt, String resolvedAt) {
    this.source = source;
    this.startsAt = startsAt;
    this.resolvedAt = resolvedAt;
  }

  public String getSource() { return source; }
  public void setSource(String source) { this.source = source; }
  public String getStartsAt() { return startsAt; }
  public void setStartsAt(String startsAt) { this.startsAt = startsAt; }
  public String getResolvedAt() { return resolvedAt; }
  public void setResolvedAt(String resolvedAt) { this.resolvedAt = resolvedAt; }
}
