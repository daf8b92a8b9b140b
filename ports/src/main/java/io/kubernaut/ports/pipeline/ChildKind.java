package io.kubernaut.ports.pipeline;

/** The children the central controller creates for an AlertRemediation, in pipeline order. */
public enum ChildKind {
  PROCESSING("processing", "AlertProcessing", ProcessingPhase.class, ProcessingPhase.Failed),
  ANALYSIS("analysis", "AIAnalysis", AnalysisPhase.class, AnalysisPhase.Failed),
  WORKFLOW("workflow", "WorkflowExecution", WorkflowPhase.class, WorkflowPhase.Failed);

  private final String suffix;
  private final String kind;
  private final Class<? extends Phase> phases;
  private final Phase failed;

  ChildKind(String suffix, String kind, Class<? extends Phase> phases, Phase failed) {
    this.suffix = suffix;
    this.kind = kind;
    this.phases = phases;
    this.failed = failed;
  }

  /** The phase a parent moves this child to when it stops it. */
  public Phase failed() {
    return failed;
  }

  /** This kind's phase named {@code name} as status writes it, or null when blank or unknown. */
  public Phase phase(String name) {
    for (Phase p : phases.getEnumConstants()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
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
