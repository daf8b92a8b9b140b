package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** What the gateway saw: the signal and its resolved target. Immutable after creation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable; create a new AlertRemediation instead")
@JsonClassDescription("What the gateway saw: the signal and its resolved target. Immutable after creation.")
public class AlertRemediationSpec {
  @Required
  @Pattern("^[a-f0-9]{64}$")
  @JsonPropertyDescription("SHA-256 (hex) of alertname:namespace:kind:name of the resolved target.")
  private String fingerprint;

  @Required
  @JsonPropertyDescription("The alert name, or the Kubernetes event reason.")
  private String alertName;

  @Required
  @JsonPropertyDescription("Where the signal came from: prometheus or kubernetes-event.")
  private String source;

  @Required
  @JsonPropertyDescription("Normalised severity: critical, warning or info.")
  private String severity;

  @JsonPropertyDescription("The severity label exactly as sent.")
  private String rawSeverity;

  @JsonPropertyDescription("The environment the gateway classified from the target's namespace.")
  private String environment;

  @Required
  @JsonPropertyDescription("The top-level object the alert is about, after owner resolution.")
  private ObjectRef target;

  @JsonPropertyDescription("The object the labels named, before owner resolution.")
  private ObjectRef signalTarget;

  @JsonPropertyDescription("The alert's labels, merged with the webhook's common labels.")
  private Map<String, String> labels;

  @JsonPropertyDescription("The alert's annotations, merged with the webhook's common annotations.")
  private Map<String, String> annotations;

  @JsonPropertyDescription("When the source says the alert started (RFC 3339).")
  private String startsAt;

  @Required
  @JsonPropertyDescription("When the gateway received it (RFC 3339).")
  private String receivedAt;

  @JsonPropertyDescription("Alertmanager's own label fingerprint (16 hex characters), if any.")
  private String sourceFingerprint;

  @JsonPropertyDescription("For a topology-storm remediation: every resource folded into it.")
  private List<ObjectRef> affectedResources;

  public String getFingerprint() { return fingerprint; }
  public void setFingerprint(String fingerprint) { this.fingerprint = fingerprint; }
  public String getAlertName() { return alertName; }
  public void setAlertName(String alertName) { this.alertName = alertName; }
  public String getSource() { return source; }
  public void setSource(String source) { this.source = source; }
  public String getSeverity() { return severity; }
  public void setSeverity(String severity) { this.severity = severity; }
  public String getRawSeverity() { return rawSeverity; }
  public void setRawSeverity(String rawSeverity) { this.rawSeverity = rawSeverity; }
  public String getEnvironment() { return environment; }
  public void setEnvironment(String environment) { this.environment = environment; }
  public ObjectRef getTarget() { return target; }
  public void setTarget(ObjectRef target) { this.target = target; }
  public ObjectRef getSignalTarget() { return signalTarget; }
  public void setSignalTarget(ObjectRef signalTarget) { this.signalTarget = signalTarget; }
  public Map<String, String> getLabels() { return labels; }
  public void setLabels(Map<String, String> labels) { this.labels = labels; }
  public Map<String, String> getAnnotations() { return annotations; }
  public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
  public String getStartsAt() { return startsAt; }
  public void setStartsAt(String startsAt) { this.startsAt = startsAt; }
  public String getReceivedAt() { return receivedAt; }
  public void setReceivedAt(String receivedAt) { this.receivedAt = receivedAt; }
  public String getSourceFingerprint() { return sourceFingerprint; }
  public void setSourceFingerprint(String sourceFingerprint) { this.sourceFingerprint = sourceFingerprint; }
  public List<ObjectRef> getAffectedResources() { return affectedResources; }
  public void setAffectedResources(List<ObjectRef> affectedResources) { this.affectedResources = affectedResources; }
}
