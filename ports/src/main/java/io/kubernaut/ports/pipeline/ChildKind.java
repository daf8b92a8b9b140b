package io.kubernaut.ports.pipeline;

/** The children the central controller creates for an AlertRemediation, in pipeline order. */
public enum ChildKind {
  PROCESSING("processing", "AlertProcessing"),
  ANALYSIS("analysis", "AIAnalysis"),
  WORKFLOW("workflow", "WorkflowExecution");

  private final String suffix;
  private final String kind;

  ChildKind(String suffix, String kind) {
    this.suffix = suffix;
    this.kind = kind;
  }

  /** The deterministic name of this child of {@code remediation}: {@code <ar>-<suffix>}. */
  public String childName(String remediation) {
    return remediation + "-" + suffix;
  }

  /** The Kubernetes kind. */
  public String kind() {
    return kind;
  }
}
