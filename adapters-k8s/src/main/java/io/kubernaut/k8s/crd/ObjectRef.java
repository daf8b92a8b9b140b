package io.kubernaut.k8s.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.kubernaut.ports.signal.TargetRef;

/** A reference to a Kubernetes object, as it appears in spec and status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectRef {
  @Required
  @JsonPropertyDescription("The object's kind, e.g. Deployment.")
  private String kind;

  @JsonPropertyDescription("The object's namespace; empty for cluster-scoped kinds such as Node.")
  private String namespace;

  @Required
  @JsonPropertyDescription("The object's name.")
  private String name;

  public ObjectRef() {}

  public ObjectRef(String kind, String namespace, String name) {
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
  }

  /** The boundary record for this reference. */
  public static ObjectRef of(TargetRef target) {
    return new ObjectRef(target.kind(), target.namespace().isEmpty() ? null : target.namespace(), target.name());
  }

  /** This reference as a boundary record. */
  public TargetRef toTargetRef() {
    return new TargetRef(kind, namespace, name);
  }

  public String getKind() { return kind; }
  public void setKind(String kind) { this.kind = kind; }
  public String getNamespace() { return namespace; }
  public void setNamespace(String namespace) { this.namespace = namespace; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
}
