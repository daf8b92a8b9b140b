package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A child of an AlertRemediation and its last observed phase. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChildRef {
  @JsonPropertyDescription("The child's kind.")
  private String kind;

  @JsonPropertyDescription("The child's name.")
  private String name;

  @JsonPropertyDescription("The child's phase when the parent last looked.")
  private String phase;

  public ChildRef() {}

  public ChildRef(String kind, String name, String phase) {
    this.kind = kind;
    this.name = name;
    this.phase = phase;
  }

  public String getKind() { return kind; }
  public void setKind(String kind) { this.kind = kind; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getPhase() { return phase; }
  public void setPhase(String phase) { this.phase = phase; }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChildRef c && java.util.Objects.equals(kind, c.kind) && java.util.Objects.equals(name, c.name)
        && java.util.Objects.equals(phase, c.phase);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(kind, name, phase);
  }
}
