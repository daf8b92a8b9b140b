package io.kubernaut.core.lifecycle;

import io.kubernaut.ports.in.DecideRemediation;
import io.kubernaut.ports.remediation.ConditionReason;
import io.kubernaut.ports.remediation.RemediationDecision;
import io.kubernaut.ports.remediation.RemediationPhase;
import io.kubernaut.ports.remediation.RemediationSnapshot;

/**
 * Decides where an AlertRemediation should go next. Pure: the same snapshot gives the same
 * decision, so a replayed reconcile changes nothing.
 */
public final class RemediationConductor implements DecideRemediation {

  @Override
  public RemediationDecision decide(RemediationSnapshot s) {
    RemediationPhase phase = s.phase() == null ? RemediationPhase.Pending : s.phase();
    if (phase.isTerminal()) {
      return new RemediationDecision(phase, null, ConditionReason.Accepted,
          "AlertRemediation " + s.name() + " has ended as " + phase + "; nothing more to do.");
    }
    if (s.cancelRequested()) {
      return new RemediationDecision(RemediationPhase.Cancelled, "Cancelled", ConditionReason.Cancelled,
          "AlertRemediation " + s.name() + " was cancelled by request; its children are stopped.");
    }
    if (s.resolvedAt() != null && !phase.hasStartedExecuting()) {
      return new RemediationDecision(RemediationPhase.Completed, "AutoResolved", ConditionReason.AutoResolved,
          "The alert of AlertRemediation " + s.name() + " resolved before execution; nothing was changed.");
    }
    return new RemediationDecision(phase, null, ConditionReason.AwaitingProcessing,
        "AlertRemediation " + s.name() + " is " + phase + "; the pipeline continues from here.");
  }
}
