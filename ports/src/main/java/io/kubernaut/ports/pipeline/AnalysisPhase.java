package io.kubernaut.ports.pipeline;

/** AIAnalysis phases. */
public enum AnalysisPhase implements Phase {
  Investigating(false, "The investigator chain (HolmesGPT, LLM, rules) is asked for a root cause."),
  Analyzing(false, "The answer's recommendations are validated against the action catalog."),
  Recommending(false, "The valid recommendations are ranked and gated (approval, recommend-only)."),
  Completed(true, "The analysis holds a root cause and its validated, gated recommendations."),
  Failed(true, "No investigator answered, or the parent stopped the analysis.");

  private final boolean terminal;
  private final String description;

  AnalysisPhase(boolean terminal, String description) {
    this.terminal = terminal;
    this.description = description;
  }

  @Override
  public boolean isTerminal() {
    return terminal;
  }

  @Override
  public boolean isSuccessful() {
    return this == Completed;
  }

  @Override
  public String description() {
    return description;
  }
}
