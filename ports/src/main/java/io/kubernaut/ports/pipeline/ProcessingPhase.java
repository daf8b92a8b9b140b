package io.kubernaut.ports.pipeline;

/** AlertProcessing phases. */
public enum ProcessingPhase implements Phase {
  Enriching(false, "The target's cluster context is gathered: owners, pods, events, nodes, autoscaler."),
  Classifying(false, "The environment, severity and priority are decided."),
  Routing(false, "The remediation path is chosen: automatic, approval, recommend-only or skipped."),
  Completed(true, "The alert is enriched, classified and routed."),
  Failed(true, "Processing failed, or the parent stopped it.");

  private final boolean terminal;
  private final String description;

  ProcessingPhase(boolean terminal, String description) {
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
