package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The AlertRemediation a child belongs to (also its owner reference). */
public class RemediationRef {
  @Required
  @JsonPropertyDescription("The AlertRemediation's name, which is the remediation id.")
  private String name;

  public RemediationRef() {}

  public RemediationRef(String name) {
    this.name = name;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
}
