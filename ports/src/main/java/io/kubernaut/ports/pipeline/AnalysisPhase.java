package io.kubernaut.ports.pipeline;

/** AIAnalysis phases. */
public enum AnalysisPhase implements Phase {
  Investigating(Phase.active("The investigator chain (HolmesGPT, LLM, rules) is asked for a root cause.")),
  Analyzing(Phase.active("The answer's recommendations are validated against the action catalog.")),
  Recommending(Phase.active("The valid recommendations are ranked and gated (approval, recommend-only).")),
  Completed(Phase.ending("The analysis holds a root cause and its validated, gated recommendations.")),
  Failed(Phase.ending("No investigator answered, or the parent stopped the analysis."));

  private final Traits traits;

  AnalysisPhase(Traits traits) {
    this.traits = traits;
  }

  @Override
  public Traits traits() {
    return traits;
  }

  @Override
  public boolean isSuccessful() {
    return this == Completed;
  }
}
