package io.kubernaut.ports.pipeline;

/** AlertProcessing phases. */
public enum ProcessingPhase implements Phase {
  Enriching(Phase.active("The target's cluster context is gathered: owners, pods, events, nodes, autoscaler.")),
  Classifying(Phase.active("The environment, severity and priority are decided.")),
  Routing(Phase.active("The remediation path is chosen: automatic, approval, recommend-only or skipped.")),
  Completed(Phase.ending("The alert is enriched, classified and routed.")),
  Failed(Phase.ending("Processing failed, or the parent stopped it."));

  private final Traits traits;

  ProcessingPhase(Traits traits) {
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
